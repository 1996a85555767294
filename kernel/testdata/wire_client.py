"""Drives a kernel with jupyter_client, as a real frontend does.

Usage: python wire_client.py CONNECTION_FILE

Used by kernel/wire's TestJupyterClient against the package's minimal test
kernel. It prints one JSON object on stdout with what the kernel answered;
the Go test makes the assertions. Every message received is also checked
with jupyter_kernel_test's protocol schema (msgspec_v5), and violations are
listed under "schema_errors".
"""

import copy
import json
import queue
import sys
import time

from jupyter_client import BlockingKernelClient
from jupyter_client.session import Session
from jupyter_kernel_test import msgspec_v5

TIMEOUT = 20


def main(path):
    out = {"schema_errors": []}

    def check(msg, where):
        if msg["msg_type"] == "input_request":
            # msgspec_v5 (jupyter_kernel_test 0.7.0) types "password" as a
            # number, but the spec and ipykernel make it a boolean: check
            # the boolean here and validate the rest with a number.
            if not isinstance(msg["content"].get("password"), bool):
                out["schema_errors"].append(f"{where} input_request: password is not a boolean")
            msg = copy.deepcopy(msg)
            msg["content"]["password"] = int(msg["content"]["password"] is True)
        try:
            msgspec_v5.validate_message(msg)
        except Exception as e:  # noqa: BLE001 - report every kind of failure
            out["schema_errors"].append(f"{where} {msg['header'].get('msg_type')}: {e!r}")

    def iopub_until_idle(parent_id):
        msgs = []
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                msg = kc.get_iopub_msg(timeout=1)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") != parent_id:
                continue
            check(msg, "iopub")
            msgs.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        return [summary(m) for m in msgs]

    def summary(msg):
        return {"msg_type": msg["msg_type"], "content": msg["content"], "session": msg["header"]["session"]}

    kc = BlockingKernelClient()
    kc.load_connection_file(path)
    kc.start_channels()
    try:
        # Waits for heartbeats, then for a kernel_info_reply followed within
        # 0.2 s by an IOPub message: busy/idle around kernel_info matter.
        kc.wait_for_ready(timeout=TIMEOUT)
        out["ready"] = True

        reply = kc.kernel_info(reply=True, timeout=TIMEOUT)
        check(reply, "shell")
        out["kernel_info"] = reply["content"]
        out["kernel_info_session"] = reply["header"]["session"]
        out["kernel_info_iopub"] = iopub_until_idle(reply["parent_header"]["msg_id"])

        # execute_interactive sends execute_request and feeds every IOPub
        # message with that parent to the hook, until idle.
        code = 'fmt.Println("hello, world")'
        seen = []

        def hook(msg):
            check(msg, "iopub")
            seen.append(summary(msg))

        reply = kc.execute_interactive(code, output_hook=hook, timeout=TIMEOUT)
        check(reply, "shell")
        out["execute"] = {"code": code, "reply": reply["content"], "iopub": seen}

        # The test kernel treats "input PROMPT" as a request for a line on
        # the stdin channel, routed by the shell identity, and echoes it.
        prompts = []
        seen = []

        def stdin_hook(msg):
            check(msg, "stdin")
            prompts.append(msg["content"]["prompt"])
            kc.input("typed on stdin")

        reply = kc.execute_interactive(
            "input name?", output_hook=hook, allow_stdin=True, stdin_hook=stdin_hook, timeout=TIMEOUT
        )
        check(reply, "shell")
        out["stdin"] = {
            "prompts": prompts,
            "reply": reply["content"],
            "stdout": [m["content"]["text"] for m in seen if m["msg_type"] == "stream"],
        }

        # kernel_info on the control channel (protocol 5.5 allows it there).
        msg = kc.session.msg("kernel_info_request")
        kc.control_channel.send(msg)
        reply = kc._recv_reply(msg["header"]["msg_id"], timeout=TIMEOUT, channel="control")
        check(reply, "control")
        out["control_kernel_info"] = reply["content"]

        # A request signed with the wrong key must get no answer at all.
        bad = Session(key=b"not-the-key", username="intruder")
        msg = bad.msg("kernel_info_request")
        bad.send(kc.shell_channel.socket, msg)
        # The same signed bytes sent twice: the replay must be dropped.
        msg = kc.session.msg("kernel_info_request")
        stream = kc.session.serialize(msg)
        kc.shell_channel.socket.send_multipart(stream)
        kc.shell_channel.socket.send_multipart(stream)
        answers = []
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            try:
                r = kc.get_shell_msg(timeout=0.2)
            except queue.Empty:
                continue
            answers.append(r["parent_header"].get("msg_id"))
        out["bad_signature_answered"] = answers.count(None) + sum(1 for a in answers if a != msg["header"]["msg_id"])
        out["replay_answers"] = answers.count(msg["header"]["msg_id"])

        out["heartbeat"] = kc.hb_channel.is_beating()

        msg_id = kc.shutdown(restart=False)
        reply = kc._recv_reply(msg_id, timeout=TIMEOUT, channel="control")
        check(reply, "control")
        out["shutdown"] = reply["content"]
    finally:
        kc.stop_channels()
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
