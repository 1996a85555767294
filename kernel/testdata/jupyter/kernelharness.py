"""Shared helpers of the sparkgo kernel's Jupyter client tests.

The Go test kernel/jupyter_test.go writes a kernelspec named by
$SPARKGO_TEST_KERNEL (default "sparkgo-test") onto JUPYTER_PATH and runs each
test_*.py file here with ``python -m unittest -v``.

Every message the helpers receive is checked against jupyter_kernel_test's
message schema, and every wait has a timeout: no test may hang.
"""

from __future__ import annotations

import datetime
import faulthandler
import os
import queue
import signal
import time
from dataclasses import dataclass, field
from typing import Any

from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager, start_new_kernel
from jupyter_kernel_test.msgspec_v5 import msg_structure_validator, schema_fragments, validate_message

# The Go test sends SIGUSR1 before it kills a file that runs too long.
faulthandler.register(signal.SIGUSR1, all_threads=True)

KERNEL_NAME = os.environ.get("SPARKGO_TEST_KERNEL", "sparkgo-test")

# How long a cell that touches Spark may take; plain Go cells take
# milliseconds.
TIMEOUT = 60


def start_kernel() -> tuple[KernelManager, BlockingKernelClient]:
    """Starts a kernel and returns its manager and a ready client."""
    km, kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=60)
    return km, kc


def stop_kernel(km: KernelManager, kc: BlockingKernelClient) -> None:
    kc.stop_channels()
    if km.has_kernel:
        km.shutdown_kernel(now=True)


def validate(msg: dict[str, Any], msg_type: str | None = None, parent: str | None = None) -> None:
    """Checks msg against the protocol schema of jupyter_kernel_test.

    Messages msgspec_v5 has no schema for are checked for their structure
    only, and input_request by hand (msgspec_v5 wants a number for its
    boolean password). An execute_reply with status "aborted" is checked by hand: msgspec_v5
    knows only "abort", the spelling of a typo in the messaging docs
    (jupyter_client#1063); kernels, ipykernel first, send "aborted".
    """
    if msg["header"]["msg_type"] == "execute_reply" and msg["content"].get("status") == "aborted":
        assert msg["parent_header"].get("msg_id") == parent or parent is None, msg
        assert isinstance(msg["content"].get("execution_count"), int), msg
        return
    if msg["header"]["msg_type"] == "input_request":
        # msgspec_v5 wants a number for password; the spec says boolean.
        msg_structure_validator.validate(msg)
        assert msg_type in (None, "input_request"), msg
        assert set(msg["content"]) == {"prompt", "password"}, msg
        assert isinstance(msg["content"]["prompt"], str), msg
        assert isinstance(msg["content"]["password"], bool), msg
        return
    if msg["header"]["msg_type"] not in schema_fragments:
        # msgspec_v5 has no schema for comm_open, comm_msg and comm_close.
        msg_structure_validator.validate(msg)
        assert msg_type is None or msg["header"]["msg_type"] == msg_type, msg
        return
    validate_message(msg, msg_type, parent)


@dataclass
class Execution:
    """One execute_request: its reply and the IOPub messages it caused."""

    code: str
    msg_id: str
    reply: dict[str, Any] | None = None
    iopub: list[dict[str, Any]] = field(default_factory=list)  # busy … idle, in order

    @property
    def content(self) -> dict[str, Any]:
        assert self.reply is not None
        return self.reply["content"]

    @property
    def status(self) -> str:
        return self.content["status"]

    @property
    def outputs(self) -> list[dict[str, Any]]:
        """The IOPub messages other than status and execute_input."""
        return [m for m in self.iopub if m["msg_type"] not in ("status", "execute_input")]

    def types(self) -> list[str]:
        """The IOPub message types, status messages as status:STATE."""
        out = []
        for m in self.iopub:
            t = m["msg_type"]
            if t == "status":
                t += ":" + m["content"]["execution_state"]
            out.append(t)
        return out

    def of_type(self, msg_type: str) -> list[dict[str, Any]]:
        return [m for m in self.iopub if m["msg_type"] == msg_type]

    def result(self, mime: str = "text/plain") -> str:
        """The execute_result's data[mime]; fails unless there is exactly one."""
        results = self.of_type("execute_result")
        assert len(results) == 1, f"{self.code!r}: want one execute_result, got {self.types()}: {self.outputs}"
        data = results[0]["content"]["data"]
        assert mime in data, f"{self.code!r}: execute_result has no {mime}: {data}"
        return data[mime]

    def stream(self, name: str = "stdout") -> str:
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == name)

    def describe(self) -> str:
        """A short account of the execution for assertion messages."""
        outs = []
        for m in self.outputs:
            c = dict(m["content"])
            if "data" in c:
                c["data"] = {k: _short(v) for k, v in c["data"].items()}
            outs.append(f"{m['msg_type']} {c}")
        reply = self.reply and self.reply["content"]
        return f"code {self.code!r}: reply {reply}, iopub {self.types()}:\n  " + "\n  ".join(outs)


def _short(v: Any, n: int = 300) -> Any:
    if isinstance(v, str) and len(v) > n:
        return v[:n] + f"… ({len(v)} chars)"
    return v


def send_execute(kc: BlockingKernelClient, code: str, clock_skew: float = 0,
                 date: datetime.datetime | None = None, **kwargs: Any) -> Execution:
    """Sends an execute_request without waiting. date, if given, is the
    header's date (a front end running all cells dates them alike);
    clock_skew (seconds) moves the date, as a front end whose clock is off
    would send it."""
    if not clock_skew and date is None:
        return Execution(code=code, msg_id=kc.execute(code, reply=False, **kwargs))
    content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
               "allow_stdin": False, "stop_on_error": True, **kwargs}
    msg = kc.session.msg("execute_request", content)
    if date is not None:
        msg["header"]["date"] = date
    msg["header"]["date"] += datetime.timedelta(seconds=clock_skew)
    kc.shell_channel.send(msg)
    return Execution(code=code, msg_id=msg["header"]["msg_id"])


def shell_reply(kc: BlockingKernelClient, msg_id: str, timeout: float = TIMEOUT) -> dict[str, Any]:
    """Waits for the shell reply to msg_id, failing on any other reply but
    a late kernel_info_reply (wait_for_ready may send several requests)."""
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(deadline - time.monotonic(), 0.01))
        if msg["parent_header"].get("msg_id") == msg_id:
            validate(msg, parent=msg_id)
            return msg
        assert msg["msg_type"] == "kernel_info_reply", (
            f"shell: got a {msg['msg_type']} for {msg['parent_header'].get('msg_id')}, want the reply to {msg_id}"
        )


def assert_no_shell_reply(kc: BlockingKernelClient, timeout: float) -> None:
    """Fails if a shell message other than a late kernel_info_reply arrives
    within timeout."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            msg = kc.get_shell_msg(timeout=left)
        except queue.Empty:
            return
        assert msg["msg_type"] == "kernel_info_reply", f"unexpected shell message: {msg}"


def iopub_until_idle(kc: BlockingKernelClient, msg_id: str, timeout: float = TIMEOUT) -> list[dict[str, Any]]:
    """Reads IOPub up to the idle status of msg_id and returns the messages
    of msg_id, from its busy status on. Messages of other requests (late
    status messages of earlier ones) are skipped."""
    deadline = time.monotonic() + timeout
    msgs: list[dict[str, Any]] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no idle status for {msg_id} within {timeout}s; got {[m['msg_type'] for m in msgs]}")
        try:
            msg = kc.get_iopub_msg(timeout=left)
        except queue.Empty:
            continue
        validate(msg)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        msgs.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return msgs


def finish(kc: BlockingKernelClient, ex: Execution, timeout: float = TIMEOUT) -> Execution:
    """Collects the reply and the IOPub messages of a sent execution."""
    ex.reply = shell_reply(kc, ex.msg_id, timeout)
    ex.iopub = iopub_until_idle(kc, ex.msg_id, timeout)
    return ex


def execute(kc: BlockingKernelClient, code: str, timeout: float = TIMEOUT, **kwargs: Any) -> Execution:
    """Runs code and returns its reply and IOPub messages."""
    return finish(kc, send_execute(kc, code, **kwargs), timeout)


def run_ok(test: Any, kc: BlockingKernelClient, code: str, timeout: float = TIMEOUT, **kwargs: Any) -> Execution:
    """Runs code and fails test unless the cell succeeded."""
    ex = execute(kc, code, timeout, **kwargs)
    test.assertEqual(ex.status, "ok", ex.describe())
    return ex


def request(kc: BlockingKernelClient, channel: str, msg_type: str, content: dict[str, Any],
            timeout: float = 10) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Sends a request on the shell or control channel and returns its reply
    and the IOPub messages it caused (busy … idle)."""
    msg = kc.session.msg(msg_type, content)
    getattr(kc, channel + "_channel").send(msg)
    if channel == "shell":
        reply = shell_reply(kc, msg["header"]["msg_id"], timeout)
    else:
        reply = kc.get_control_msg(timeout=timeout)
        assert reply["parent_header"].get("msg_id") == msg["header"]["msg_id"], reply
    validate(reply, msg_type.replace("_request", "_reply"), msg["header"]["msg_id"])
    return reply, iopub_until_idle(kc, msg["header"]["msg_id"], timeout)


def reset(kc: BlockingKernelClient) -> None:
    """Interrupts whatever still runs (a cell waiting for input after a
    failed assertion, say) and drops pending messages, so that one failed
    test does not hang the next ones."""
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    for get in (kc.get_control_msg, kc.get_shell_msg, kc.get_stdin_msg, kc.get_iopub_msg):
        while True:
            try:
                get(timeout=0.05)
            except queue.Empty:
                break


def drain_iopub(kc: BlockingKernelClient, quiet: float = 0.3) -> list[dict[str, Any]]:
    """Reads IOPub until it has been quiet for `quiet` seconds."""
    msgs = []
    while True:
        try:
            msgs.append(kc.get_iopub_msg(timeout=quiet))
        except queue.Empty:
            return msgs


def kernel_pid(km: KernelManager) -> int:
    return km.provisioner.process.pid  # type: ignore[union-attr]


def kernel_returncode(km: KernelManager) -> int | None:
    return km.provisioner.process.poll()  # type: ignore[union-attr]
