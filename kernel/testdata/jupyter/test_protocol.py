"""What jupyter_kernel_test leaves out, checked with jupyter_client against
the sparkgo kernel: status and session ids, Spark tables and magics,
interrupt, display updates, stdin, restart and shutdown, comms,
stop_on_error, silent and store_history, user_expressions, errors,
completion and inspection of DataFrame columns, bad signatures and
malformed messages.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import queue
import random
import re
import signal
import time
import unittest
import uuid
from datetime import datetime, timezone
from typing import Any

import zmq
from jupyter_client.session import Session

from kernelharness import (
    TIMEOUT,
    Execution,
    assert_no_shell_reply,
    execute,
    finish,
    iopub_until_idle,
    request,
    reset,
    run_ok,
    send_execute,
    shell_reply,
    start_kernel,
    stop_kernel,
    validate,
)

MTCARS_COLUMNS = ["model", "mpg", "cyl", "disp", "hp", "drat", "wt", "qsec", "vs", "am", "gear", "carb"]


def states(msgs: list[dict[str, Any]]) -> list[str]:
    return [m["content"]["execution_state"] for m in msgs if m["msg_type"] == "status"]


def table_rows(text: str) -> list[str]:
    """The cells of the numbered rows of a one-column table's text/plain
    (tibble style: a "# Source … [n × m]" caption, the column names, the
    type badges, then rows "  1 value")."""
    rows = []
    for line in text.splitlines():
        m = re.fullmatch(r"\s*(\d+) +(\S.*?)\s*", line)
        if m:
            assert int(m.group(1)) == len(rows) + 1, f"row numbers out of order in:\n{text}"
            rows.append(m.group(2))
    return rows


class KernelTestCase(unittest.TestCase):
    """A test class sharing one kernel between its tests."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.km, cls.kc = start_kernel()

    @classmethod
    def tearDownClass(cls) -> None:
        stop_kernel(cls.km, cls.kc)

    def tearDown(self) -> None:
        reset(self.kc)

    def run_ok(self, code: str, timeout: float = TIMEOUT, **kwargs: Any) -> Execution:
        return run_ok(self, self.kc, code, timeout, **kwargs)

    def run_error(self, code: str, ename: str, timeout: float = TIMEOUT, **kwargs: Any) -> Execution:
        """Runs a failing cell: an error reply and exactly one error output."""
        ex = execute(self.kc, code, timeout, **kwargs)
        self.assertEqual(ex.status, "error", ex.describe())
        self.assertEqual(ex.content["ename"], ename, ex.describe())
        errors = ex.of_type("error")
        self.assertEqual(len(errors), 1, ex.describe())
        self.assertEqual(errors[0]["content"]["ename"], ename)
        self.assertEqual(errors[0]["content"]["evalue"], ex.content["evalue"])
        self.assertTrue(all(isinstance(line, str) for line in ex.content["traceback"]))
        return ex

    def assertAlive(self) -> None:
        self.assertTrue(self.km.is_alive(), "the kernel process died")
        self.assertEqual(self.run_ok("1+1").result(), "2")


class StatusTests(KernelTestCase):
    def test_kernel_info_on_shell_is_wrapped_in_busy_idle(self) -> None:
        reply, iopub = request(self.kc, "shell", "kernel_info_request", {})
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(states(iopub), ["busy", "idle"])
        self.assertEqual([m["msg_type"] for m in iopub], ["status", "status"])

    def test_kernel_info_on_control_is_wrapped_in_busy_idle(self) -> None:
        reply, iopub = request(self.kc, "control", "kernel_info_request", {})
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["language_info"]["name"], "go")
        self.assertEqual(states(iopub), ["busy", "idle"])

    def test_kernel_has_its_own_session_id(self) -> None:
        reply, iopub = request(self.kc, "shell", "kernel_info_request", {})
        kernel_session = reply["header"]["session"]
        self.assertTrue(kernel_session)
        self.assertNotEqual(kernel_session, self.kc.session.session)
        self.assertEqual(reply["parent_header"]["session"], self.kc.session.session)
        for m in iopub:
            self.assertEqual(m["header"]["session"], kernel_session)
        ex = self.run_ok("1")
        self.assertEqual(ex.reply["header"]["session"], kernel_session)
        for m in ex.iopub:
            self.assertEqual(m["header"]["session"], kernel_session)


    def test_heartbeat(self) -> None:
        self.assertTrue(self.kc.hb_channel.is_beating())
        self.assertTrue(self.kc.is_alive())


class ExecutionTests(KernelTestCase):
    def count(self) -> int:
        """The execution count of a fresh stored cell."""
        return self.run_ok("0").content["execution_count"]

    def test_silent_is_not_shown_or_counted(self) -> None:
        n = self.count()
        ex = execute(self.kc, 'fmt.Println("hidden"); 5', silent=True)
        self.assertEqual(ex.status, "ok", ex.describe())
        self.assertEqual(ex.types(), ["status:busy", "status:idle"], ex.describe())
        self.assertEqual(ex.content["execution_count"], n)
        self.assertEqual(self.run_ok("1").content["execution_count"], n + 1)

    def test_store_history_false_is_not_counted_or_stored(self) -> None:
        n = self.count()
        ex = execute(self.kc, "40+2", store_history=False)
        self.assertEqual(ex.status, "ok", ex.describe())
        self.assertEqual(ex.result(), "42")
        self.assertEqual(ex.content["execution_count"], n)
        self.assertEqual(self.run_ok("1").content["execution_count"], n + 1)
        hist = self.kc.history(hist_access_type="tail", n=20, output=False, raw=True, reply=True, timeout=10)
        self.assertNotIn("40+2", [h[2] for h in hist["content"]["history"]])

    def test_execution_counts_agree(self) -> None:
        ex = self.run_ok("20+1")
        n = ex.content["execution_count"]
        (inp,) = ex.of_type("execute_input")
        (res,) = ex.of_type("execute_result")
        self.assertEqual(inp["content"], {"code": "20+1", "execution_count": n})
        self.assertEqual(res["content"]["execution_count"], n)
        self.assertEqual(res["content"]["data"], {"text/plain": "21"})
        self.assertEqual(self.run_ok("1").content["execution_count"], n + 1)

    def test_history_with_output(self) -> None:
        ex = self.run_ok("21*2")
        hist = self.kc.history(hist_access_type="tail", n=1, output=True, raw=True, reply=True, timeout=10)
        (entry,) = hist["content"]["history"]
        self.assertEqual(entry[1:], [ex.content["execution_count"], ["21*2", "42"]])
        hist = self.kc.history(hist_access_type="range", session=0, start=ex.content["execution_count"],
                               stop=ex.content["execution_count"] + 1, output=False, raw=True, reply=True, timeout=10)
        self.assertEqual([h[1:] for h in hist["content"]["history"]], [[ex.content["execution_count"], "21*2"]])

    def test_user_expressions(self) -> None:
        ex = self.run_ok("1", user_expressions={"a": "6*7", "s": '"x"+"y"', "bad": "nope"})
        ue = ex.content["user_expressions"]
        self.assertEqual(ue["a"], {"status": "ok", "data": {"text/plain": "42"}, "metadata": {}})
        self.assertEqual(ue["s"], {"status": "ok", "data": {"text/plain": '"xy"'}, "metadata": {}})
        self.assertEqual(ue["bad"]["status"], "error")
        self.assertEqual(ue["bad"]["ename"], "CompileError")
        self.assertIn("undefined: nope", ue["bad"]["evalue"])

    def test_compile_error_has_line_and_column(self) -> None:
        ex = self.run_error("a := 1\nb := nope + a", "CompileError")
        self.assertRegex(ex.content["evalue"], r"^2:6: undefined: nope")
        self.assertEqual(len(ex.outputs), 1, ex.describe())

    def test_state_survives_a_panic(self) -> None:
        self.run_ok("survivor := 5")
        ex = self.run_error('panic("boom")', "panic")
        self.assertEqual(ex.content["evalue"], "boom")
        self.assertEqual(len(ex.outputs), 1, ex.describe())
        self.assertEqual(self.run_ok("survivor").result(), "5")

    def test_os_exit_does_not_end_the_kernel(self) -> None:
        self.run_ok("before := 7")
        ex = self.run_error("os.Exit(3)", "Exit")
        self.assertIn("os.Exit(3)", ex.content["evalue"])
        self.assertAlive()
        self.assertEqual(self.run_ok("before").result(), "7")

    def test_stop_on_error_aborts_queued_cells(self) -> None:
        # The first cell sleeps so that the other two are surely queued when
        # it fails: the kernel aborts the requests waiting at that moment.
        a = send_execute(self.kc, 'time.Sleep(300 * time.Millisecond); panic("x")')
        b = send_execute(self.kc, "abortedY := 1")
        c = send_execute(self.kc, "abortedY")
        for ex in (a, b, c):
            ex.reply = shell_reply(self.kc, ex.msg_id)
        for ex in (a, b, c):
            ex.iopub = iopub_until_idle(self.kc, ex.msg_id)
        self.assertEqual(a.status, "error", a.describe())
        self.assertEqual(a.content["ename"], "panic")
        for ex in (b, c):
            self.assertEqual(ex.status, "aborted", ex.describe())
            self.assertEqual(ex.types(), ["status:busy", "status:idle"], ex.describe())
        self.run_error("abortedY", "CompileError")

    def test_stop_on_error_aborts_cells_sent_together(self) -> None:
        # Run All: the failing cell is quick, and the later requests may
        # reach the kernel only after it failed; they were still sent
        # before anyone knew, so they are aborted too. A front end creates
        # them in one go, so they carry the same date (a test that dated
        # them as it sends them would depend on how this process is
        # scheduled between the sends).
        now = datetime.now(timezone.utc)
        a = send_execute(self.kc, 'panic("x")', date=now)
        b = send_execute(self.kc, "togetherY := 1", date=now)
        c = send_execute(self.kc, "togetherY", date=now)
        for ex in (a, b, c):
            ex.reply = shell_reply(self.kc, ex.msg_id)
        for ex in (a, b, c):
            ex.iopub = iopub_until_idle(self.kc, ex.msg_id)
        self.assertEqual([ex.status for ex in (a, b, c)], ["error", "aborted", "aborted"])

    def test_stop_on_error_judges_by_the_front_ends_clock(self) -> None:
        # A front end whose clock is an hour behind the kernel's: cells sent
        # with the failing one are still aborted, and a cell sent after the
        # error was seen still runs.
        skew = -3600
        now = datetime.now(timezone.utc)
        a = send_execute(self.kc, 'panic("x")', clock_skew=skew, date=now)
        b = send_execute(self.kc, "skewY := 1", clock_skew=skew, date=now)
        for ex in (a, b):
            ex.reply = shell_reply(self.kc, ex.msg_id)
            ex.iopub = iopub_until_idle(self.kc, ex.msg_id)
        self.assertEqual([ex.status for ex in (a, b)], ["error", "aborted"])
        time.sleep(0.3)
        c = send_execute(self.kc, "skewY := 2; skewY", clock_skew=skew)
        c.reply = shell_reply(self.kc, c.msg_id)
        c.iopub = iopub_until_idle(self.kc, c.msg_id)
        self.assertEqual(c.status, "ok", c.describe())
        self.assertEqual(c.result(), "2")

    def test_stop_on_error_false_runs_queued_cells(self) -> None:
        a = send_execute(self.kc, 'time.Sleep(300 * time.Millisecond); panic("x")', stop_on_error=False)
        b = send_execute(self.kc, "keptY := 1")
        c = send_execute(self.kc, "keptY")
        for ex in (a, b, c):
            ex.reply = shell_reply(self.kc, ex.msg_id)
        for ex in (a, b, c):
            ex.iopub = iopub_until_idle(self.kc, ex.msg_id)
        self.assertEqual([ex.status for ex in (a, b, c)], ["error", "ok", "ok"])
        self.assertEqual(c.result(), "1")

    def test_update_display_data(self) -> None:
        ex = self.run_ok('nb.DisplayID("p", "one")\nnb.Update("p", "two")')
        self.assertEqual([m["msg_type"] for m in ex.outputs], ["display_data", "update_display_data"], ex.describe())
        shown, updated = ex.outputs
        self.assertEqual(shown["content"]["transient"], {"display_id": "p"})
        self.assertEqual(updated["content"]["transient"], {"display_id": "p"})
        self.assertEqual(shown["content"]["data"]["text/plain"], '"one"')
        self.assertEqual(updated["content"]["data"]["text/plain"], '"two"')

    def test_clear_output_wait(self) -> None:
        ex = self.run_ok('fmt.Println("a")\nnb.ClearWait()\nfmt.Println("b")')
        self.assertEqual([m["msg_type"] for m in ex.outputs], ["stream", "clear_output", "stream"], ex.describe())
        self.assertEqual(ex.outputs[1]["content"], {"wait": True})

    def test_stream_is_coalesced(self) -> None:
        ex = self.run_ok('for i := 0; i < 20; i++ { fmt.Println(i) }')
        streams = ex.of_type("stream")
        self.assertEqual(len(streams), 1, ex.describe())
        self.assertEqual(streams[0]["content"]["text"], "".join(f"{i}\n" for i in range(20)))

    def test_input(self) -> None:
        ex = send_execute(self.kc, 'name, _ := nb.Input("name? ")', allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=10)
        validate(req, "input_request")
        self.assertEqual(req["parent_header"]["msg_id"], ex.msg_id)
        self.assertEqual(req["content"], {"prompt": "name? ", "password": False})
        self.kc.input("Ada")
        finish(self.kc, ex)
        self.assertEqual(ex.status, "ok", ex.describe())
        self.assertEqual(self.run_ok("name").result(), '"Ada"')

    def test_password(self) -> None:
        ex = send_execute(self.kc, 'pw, _ := nb.Password("token: ")', allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=10)
        validate(req, "input_request")
        self.assertEqual(req["content"], {"prompt": "token: ", "password": True})
        self.kc.input("s3cret")
        finish(self.kc, ex)
        self.assertEqual(ex.status, "ok", ex.describe())
        self.assertEqual(self.run_ok("len(pw)").result(), "6")

    def test_input_without_stdin_fails_at_once(self) -> None:
        start = time.monotonic()
        ex = execute(self.kc, 'nb.Input("who? ")', timeout=10, allow_stdin=False)
        self.assertLess(time.monotonic() - start, 5)
        self.assertEqual(ex.status, "error", ex.describe())
        self.assertIn("allow_stdin", ex.content["evalue"])
        with self.assertRaises(queue.Empty):
            self.kc.get_stdin_msg(timeout=0.3)

    def test_help_lists_the_magics(self) -> None:
        text = self.run_ok("%help").result()
        for magic in ("%sql", "%rows", "%schema", "%doc", "%connect", "%service", "%help"):
            self.assertRegex(text, rf"\n  {magic} ")
        self.assertRegex(text, r"%rows N .*\(now 10\)")
        self.assertNotIn("%!", text)  # no fmt verb errors

    def test_doc_magic_pages_the_documentation(self) -> None:
        ex = self.run_ok("%doc F.Mean")
        self.assertEqual(ex.outputs, [], ex.describe())
        (page,) = ex.content["payload"]
        self.assertEqual(page["source"], "page")
        self.assertIn("Mean is the average of col", page["data"]["text/plain"])
        ex = self.run_ok("%doc fmt.Println")
        self.assertIn("Println formats using the default formats", ex.content["payload"][0]["data"]["text/plain"])
        ex = self.run_error("%doc nope.Nothing", "UsageError")
        self.assertIn("nope.Nothing", ex.content["evalue"])

    def test_unknown_magic(self) -> None:
        ex = self.run_error("%nope", "UsageError")
        self.assertIn("%nope", ex.content["evalue"])
        self.assertIn("%help", ex.content["evalue"])

    def test_comm_info(self) -> None:
        reply, iopub = request(self.kc, "shell", "comm_info_request", {})
        self.assertEqual(reply["content"], {"status": "ok", "comms": {}})
        self.assertEqual(states(iopub), ["busy", "idle"])

    def test_comm_open_unknown_target_is_closed(self) -> None:
        comm_id = uuid.uuid4().hex
        msg = self.kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "no.such.target", "data": {}})
        self.kc.shell_channel.send(msg)
        iopub = iopub_until_idle(self.kc, msg["header"]["msg_id"], timeout=10)
        self.assertEqual([m["msg_type"] for m in iopub], ["status", "comm_close", "status"])
        self.assertEqual(iopub[1]["content"]["comm_id"], comm_id)

    def test_comm_msg_is_answered_with_busy_idle(self) -> None:
        for msg_type, content in (
            ("comm_msg", {"comm_id": uuid.uuid4().hex, "data": {"x": 1}}),
            ("comm_close", {"comm_id": uuid.uuid4().hex, "data": {}}),
        ):
            msg = self.kc.session.msg(msg_type, content)
            self.kc.shell_channel.send(msg)
            iopub = iopub_until_idle(self.kc, msg["header"]["msg_id"], timeout=10)
            self.assertEqual(states(iopub), ["busy", "idle"], msg_type)
            self.assertEqual(len(iopub), 2, msg_type)
        assert_no_shell_reply(self.kc, 0.3)
        self.assertAlive()

    def test_wrong_signature_is_ignored(self) -> None:
        info = self.km.get_connection_info(session=False)
        key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.linger = 0
        sock.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
        try:
            bad = wire_message("execute_request", {"code": "badSig := 1", "silent": False}, key=b"not the key")
            sock.send_multipart(bad)
            self.assertEqual(sock.poll(1000), 0, "the kernel answered a message with a wrong signature")
            good = wire_message("kernel_info_request", {}, key=key)
            sock.send_multipart(good)
            self.assertEqual(sock.poll(5000), zmq.POLLIN, "no kernel_info_reply after a bad signature")
            frames = sock.recv_multipart()
            i = frames.index(b"<IDS|MSG>")
            header = json.loads(frames[i + 2])
            parent = json.loads(frames[i + 3])
            self.assertEqual(header["msg_type"], "kernel_info_reply")
            self.assertEqual(parent["msg_id"], json.loads(good[2])["msg_id"])
            self.assertEqual(frames[i + 1].decode(), sign(key, frames[i + 2:i + 6]))
        finally:
            sock.close()
        self.run_error("badSig", "CompileError")


def sign(key: bytes, frames: list[bytes]) -> str:
    h = hmac.new(key, digestmod=hashlib.sha256)
    for f in frames:
        h.update(f)
    return h.hexdigest()


def wire_message(msg_type: str, content: Any, key: bytes, session: str = "raw-client") -> list[bytes]:
    header = {
        "msg_id": uuid.uuid4().hex, "session": session, "username": "test", "msg_type": msg_type,
        "version": "5.4", "date": datetime.now(timezone.utc).isoformat(),
    }
    parts = [json.dumps(header).encode(), b"{}", b"{}", json.dumps(content).encode()]
    return [b"<IDS|MSG>", sign(key, parts).encode(), *parts]


class SparkTests(KernelTestCase):
    """DataFrames, SQL and the DataFrame-aware completion and inspection.
    The tests share one kernel and the mtcars view."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        ex = execute(cls.kc, "mtcars := datasets.CopyMtcars(ctx, spark)\nmtcars.Count(ctx)")
        assert ex.status == "ok", ex.describe()
        assert ex.result() == "32", ex.describe()

    def test_dataframe_value_is_a_table(self) -> None:
        self.run_ok("df := spark.Range(0, 5, 1, 1)")
        ex = self.run_ok("df")
        self.assertIn("<table", ex.result("text/html"))
        text = ex.result()
        self.assertEqual(table_rows(text), ["0", "1", "2", "3", "4"], text)
        self.assertIn("id", text.splitlines()[1])
        self.assertNotIn("more row", text)

    def test_display_of_a_dataframe(self) -> None:
        ex = self.run_ok("nb.Display(spark.Range(0, 2, 1, 1))")
        tables = [m for m in ex.of_type("display_data") if "<table" in m["content"]["data"].get("text/html", "")]
        self.assertEqual(len(tables), 1, ex.describe())
        self.assertEqual(table_rows(tables[0]["content"]["data"]["text/plain"]), ["0", "1"])
        self.assertEqual(ex.of_type("execute_result"), [])

    def test_sql_magic(self) -> None:
        ex = self.run_ok("%sql select 1 + 1 as two")
        text = ex.result()
        self.assertEqual(table_rows(text), ["2"], text)
        self.assertIn("two", text)
        self.assertIn("<table", ex.result("text/html"))
        self.assertIn(">two<", ex.result("text/html"))

    def test_sql_magic_on_several_lines(self) -> None:
        ex = self.run_ok("%%sql\nselect model\nfrom mtcars\nwhere cyl = 4 and mpg > 32")
        self.assertEqual(sorted(table_rows(ex.result())), ["Fiat 128", "Toyota Corolla"])

    def test_row_limit_and_rows_magic(self) -> None:
        try:
            text = self.run_ok("spark.Range(0, 100, 1, 1)").result()
            self.assertEqual(table_rows(text), [str(i) for i in range(10)], text)
            self.assertIn("more rows", text)
            ex = self.run_ok("%rows 3")
            self.assertEqual(ex.stream(), "DataFrame values now show 3 rows\n")
            text = self.run_ok("spark.Range(0, 100, 1, 1)").result()
            self.assertEqual(table_rows(text), ["0", "1", "2"], text)
            self.assertIn("more rows", text)
            text = self.run_ok("spark.Range(0, 3, 1, 1)").result()
            self.assertEqual(table_rows(text), ["0", "1", "2"], text)
            self.assertNotIn("more row", text)
        finally:
            self.run_ok("%rows 10")

    def test_rows_magic_usage(self) -> None:
        self.run_error("%rows zero", "UsageError")

    def test_schema_magic_of_a_dataframe_variable(self) -> None:
        self.run_ok('cars := mtcars.Select("model", "mpg", "cyl")')
        text = self.run_ok("%schema cars").result()
        self.assertRegex(text, r"\|-- model: string")
        self.assertRegex(text, r"\|-- mpg: double")
        self.assertRegex(text, r"\|-- cyl: double")
        self.assertNotIn("disp", text)

    def test_schema_magic_of_a_table(self) -> None:
        text = self.run_ok("%schema mtcars").result()
        for col in MTCARS_COLUMNS:
            self.assertRegex(text, rf"\|-- {col}: (double|string)")

    def complete(self, code: str, cursor: int | None = None) -> dict[str, Any]:
        if cursor is None:
            cursor = len(code)
        msg_id = self.kc.complete(code, cursor)
        reply = shell_reply(self.kc, msg_id, timeout=10)
        validate(reply, "complete_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        return reply["content"]

    def test_complete_column_names(self) -> None:
        for code, want in (
            ('mtcars.Select("m', ["model", "mpg"]),
            ('mtcars.Select("mp', ["mpg"]),
            ('mtcars.GroupBy("am").Agg(F.Mean("d', ["disp", "drat"]),
            ('mtcars.Filter(F.Col("ca', ["carb"]),
        ):
            with self.subTest(code=code):
                c = self.complete(code)
                self.assertEqual(sorted(c["matches"]), want)
                prefix = code[code.rindex('"') + 1:]
                self.assertEqual(c["cursor_start"], len(code) - len(prefix))
                self.assertEqual(c["cursor_end"], len(code))

    def test_complete_column_inside_a_closed_string(self) -> None:
        code = 'mtcars.Select("dr")'
        c = self.complete(code, cursor=len('mtcars.Select("dr'))
        self.assertEqual(c["matches"], ["drat"])
        self.assertEqual(c["cursor_start"], len('mtcars.Select("'))
        self.assertEqual(c["cursor_end"], len('mtcars.Select("dr'))

    def test_complete_counts_code_points(self) -> None:
        # é is 2 bytes and ✓ 3 in UTF-8, 1 code point each: positions in
        # bytes would be off by 3.
        code = '// héllo ✓\nmtcars.Select("mp'
        c = self.complete(code)
        self.assertEqual(c["matches"], ["mpg"])
        self.assertEqual((c["cursor_start"], c["cursor_end"]), (len(code) - 2, len(code)))
        code = 's := "héllo ✓"; strings.ToUpperS'
        c = self.complete(code)
        self.assertEqual(c["matches"], ["ToUpperSpecial"])
        self.assertEqual((c["cursor_start"], c["cursor_end"]), (len(code) - len("ToUpperS"), len(code)))

    def test_complete_in_the_middle_of_a_cell(self) -> None:
        code = 'mtcars.Select("h")\nfmt.Println(1)'
        c = self.complete(code, cursor=len('mtcars.Select("h'))
        self.assertEqual(c["matches"], ["hp"])

    def test_inspect_dataframe_shows_its_schema(self) -> None:
        msg_id = self.kc.inspect("mtcars", 6)
        reply = shell_reply(self.kc, msg_id, timeout=10)
        validate(reply, "inspect_reply", msg_id)
        c = reply["content"]
        self.assertEqual(c["status"], "ok")
        self.assertTrue(c["found"])
        text = c["data"]["text/plain"]
        for col in MTCARS_COLUMNS:
            self.assertIn(col, text)
        self.assertIn("mpg", c["data"].get("text/html", ""))

    def test_spark_error_is_one_error(self) -> None:
        ex = execute(self.kc, '%sql select * from no_such_table_here')
        self.assertEqual(ex.status, "error", ex.describe())
        self.assertIn("no_such_table_here", ex.content["evalue"] + "\n".join(ex.content["traceback"]))
        self.assertEqual(len(ex.of_type("error")), 1, ex.describe())


class StrayInputReplyTests(KernelTestCase):
    """In a kernel of its own: the stray replies would otherwise answer the
    prompts of other tests when the kernel takes them."""

    def test_input_ignores_stray_input_replies(self) -> None:
        # input_replies that answer no pending input_request (late answers
        # to earlier prompts, say) must not answer the next prompt: the
        # answer is the reply whose parent is the new input_request.
        for i in range(40):
            self.kc.stdin_channel.send(self.kc.session.msg("input_reply", {"value": f"stray {i}"}))
        time.sleep(0.2)
        ex = send_execute(self.kc, 'answer, _ := nb.Input("really? ")', allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=10)
        validate(req, "input_request")
        reply = self.kc.session.msg("input_reply", {"value": "yes"}, parent=req["header"])
        self.kc.stdin_channel.send(reply)
        finish(self.kc, ex)
        self.assertEqual(ex.status, "ok", ex.describe())
        # Only the reply whose parent is the pending input_request counts.
        self.assertEqual(self.run_ok("answer").result(), '"yes"')


class InterruptTests(KernelTestCase):
    # About 70 s on a 2-core local server. (Spark answers count(*) of a
    # range, or of a global aggregate, without running it: the cell shows
    # the sum itself.)
    LONG_QUERY = 'spark.Sql(ctx, "select sum(id * 7 % 13) as s from range(0, 40000000000)")'

    def test_interrupt_a_long_spark_query(self) -> None:
        self.run_ok("kept := 41")
        self.assertEqual(self.run_ok("spark.Range(0, 3, 1, 1).Count(ctx)").result(), "3")
        ex = send_execute(self.kc, self.LONG_QUERY)
        time.sleep(2)
        assert_no_shell_reply(self.kc, 0.01)  # the long query still runs
        reply, _ = self.interrupt()
        finish(self.kc, ex, timeout=10)
        self.assertEqual(ex.status, "error", ex.describe())
        self.assertEqual(ex.content["ename"], "Interrupted", ex.describe())
        self.assertEqual(len(ex.of_type("error")), 1, ex.describe())
        idle = ex.iopub[-1]
        lag = (idle["header"]["date"] - reply["header"]["date"]).total_seconds()
        self.assertLess(lag, 1.0, "the kernel went idle more than 1 s after the interrupt_reply")
        # The kernel keeps its state and runs the next cells.
        self.assertEqual(self.run_ok("1+1").result(), "2")
        self.assertEqual(self.run_ok("kept").result(), "41")
        # The server cancelled the job: a small query does not wait for the
        # long one's tasks to free the cores.
        start = time.monotonic()
        self.assertEqual(self.run_ok("spark.Range(0, 10, 1, 1).Count(ctx)", timeout=30).result(), "10")
        self.assertLess(time.monotonic() - start, 10, "the interrupted Spark job still holds the server")

    def test_interrupt_a_go_loop(self) -> None:
        ex = send_execute(self.kc, "spin := 0\nfor { spin++ }")
        time.sleep(0.5)
        # The manager's way: with interrupt_mode "message" in the kernelspec
        # it sends an interrupt_request on its own control connection.
        self.km.interrupt_kernel()
        finish(self.kc, ex, timeout=10)
        self.assertEqual(ex.content["ename"], "Interrupted", ex.describe())
        self.assertEqual(self.run_ok("2+2").result(), "4")
        # The loop stopped: it does not go on counting in the background.
        first = self.run_ok("spin").result()
        time.sleep(0.3)
        self.assertEqual(self.run_ok("spin").result(), first)

    def test_requests_are_answered_while_a_cell_runs(self) -> None:
        ex = send_execute(self.kc, "for { time.Sleep(10 * time.Millisecond) }")
        time.sleep(0.3)
        for send, msg_type in (
            (lambda: self.kc.complete("fmt.Sprin"), "complete_reply"),
            (lambda: self.kc.inspect("strings.ToUpper", 15), "inspect_reply"),
            (lambda: self.kc.is_complete("x := 1"), "is_complete_reply"),
            (lambda: self.kc.kernel_info(), "kernel_info_reply"),
        ):
            start = time.monotonic()
            msg_id = send()
            reply = shell_reply(self.kc, msg_id, timeout=5)
            self.assertEqual(reply["msg_type"], msg_type)
            self.assertLess(time.monotonic() - start, 1, f"{msg_type} waited for the running cell")
        c = shell_reply(self.kc, self.kc.complete("fmt.Sprin"), timeout=5)["content"]
        self.assertEqual(sorted(c["matches"]), ["Sprint", "Sprintf", "Sprintln"])
        self.interrupt()
        finish(self.kc, ex, timeout=10)
        self.assertEqual(ex.content["ename"], "Interrupted", ex.describe())

    def test_sigint_interrupts_the_cell(self) -> None:
        # A terminal's Ctrl-C, or a front end using interrupt_mode "signal".
        ex = send_execute(self.kc, "for { time.Sleep(10 * time.Millisecond) }")
        time.sleep(0.3)
        self.km.provisioner.process.send_signal(signal.SIGINT)
        finish(self.kc, ex, timeout=10)
        self.assertEqual(ex.content["ename"], "Interrupted", ex.describe())
        self.assertTrue(self.km.is_alive())
        self.assertEqual(self.run_ok("4+4").result(), "8")

    def test_interrupt_while_idle_is_harmless(self) -> None:
        reply, _ = self.interrupt()
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(self.run_ok("3+3").result(), "6")

    def test_interrupt_while_waiting_for_input(self) -> None:
        ex = send_execute(self.kc, 'answer, _ := nb.Input("wait: ")\nfmt.Println("not reached")', allow_stdin=True)
        self.kc.get_stdin_msg(timeout=10)
        self.interrupt()
        finish(self.kc, ex, timeout=10)
        self.assertEqual(ex.status, "error", ex.describe())
        self.assertEqual(ex.content["ename"], "Interrupted", ex.describe())
        # The interpreter stops before the prompt is cancelled, so the
        # statement after it never runs.
        self.assertEqual(ex.stream(), "")
        self.assertEqual(self.run_ok("5+5").result(), "10")

    def interrupt(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        msg = self.kc.session.msg("interrupt_request", {})
        self.kc.control_channel.send(msg)
        reply = self.kc.get_control_msg(timeout=5)
        validate(reply, "interrupt_reply", msg["header"]["msg_id"])
        self.assertEqual(reply["content"], {"status": "ok"})
        return reply, []


class RestartTests(unittest.TestCase):
    def test_restart_resets_state_and_keeps_history(self) -> None:
        km, kc = start_kernel()
        try:
            ex = run_ok(self, kc, "restartX := 41")
            old_session = ex.reply["header"]["session"]
            hist = kc.history(hist_access_type="tail", n=1, output=False, raw=True, reply=True, timeout=10)
            (old_number, old_line, old_input), = hist["content"]["history"]
            self.assertEqual(old_input, "restartX := 41")

            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=60)

            reply = kc.kernel_info(reply=True, timeout=10)
            self.assertNotEqual(reply["header"]["session"], old_session)
            ex = execute(kc, "restartX")
            self.assertEqual(ex.status, "error", ex.describe())
            self.assertEqual(ex.content["ename"], "CompileError")
            self.assertIn("undefined: restartX", ex.content["evalue"])
            self.assertEqual(ex.content["execution_count"], 1)

            hist = kc.history(hist_access_type="tail", n=2, output=False, raw=True, reply=True, timeout=10)
            self.assertEqual(
                [tuple(h) for h in hist["content"]["history"]],
                [(old_number, old_line, "restartX := 41"), (old_number + 1, 1, "restartX")],
            )
        finally:
            stop_kernel(km, kc)


class ShutdownTests(unittest.TestCase):
    def connected_kernel(self):
        km, kc = start_kernel()
        ex = execute(kc, "spark.Range(0, 1, 1, 1).Count(ctx)")
        self.assertEqual(ex.status, "ok", ex.describe())
        return km, kc

    def test_shutdown_kernel_exits_cleanly(self) -> None:
        km, kc = self.connected_kernel()
        proc = km.provisioner.process
        try:
            start = time.monotonic()
            km.shutdown_kernel(now=False)
            elapsed = time.monotonic() - start
            # jupyter_client sends SIGTERM after half its 5 s wait time: a
            # kernel that exits on the shutdown_request is done well before.
            self.assertLess(elapsed, 2.5)
            self.assertEqual(proc.wait(timeout=5), 0)
        finally:
            stop_kernel(km, kc)

    def test_shutdown_request_on_control(self) -> None:
        km, kc = self.connected_kernel()
        proc = km.provisioner.process
        try:
            reply, iopub = request(kc, "control", "shutdown_request", {"restart": False})
            self.assertEqual(reply["content"], {"status": "ok", "restart": False})
            self.assertEqual(states(iopub), ["busy", "idle"])
            self.assertEqual(proc.wait(timeout=5), 0)
        finally:
            stop_kernel(km, kc)


    def test_shutdown_during_a_spark_query(self) -> None:
        km, kc = self.connected_kernel()
        proc = km.provisioner.process
        try:
            send_execute(kc, InterruptTests.LONG_QUERY)
            time.sleep(1)
            start = time.monotonic()
            km.shutdown_kernel(now=False)
            self.assertLess(time.monotonic() - start, 2.5)
            self.assertEqual(proc.wait(timeout=5), 0)
        finally:
            stop_kernel(km, kc)
        # The query died with the kernel: the server is free for the next one.
        km, kc = start_kernel()
        try:
            start = time.monotonic()
            ex = run_ok(self, kc, "spark.Range(0, 10, 1, 1).Count(ctx)", timeout=30)
            self.assertEqual(ex.result(), "10")
            self.assertLess(time.monotonic() - start, 10, "the query of the shut down kernel still holds the server")
        finally:
            stop_kernel(km, kc)

    def test_sigterm_exits_cleanly(self) -> None:
        km, kc = self.connected_kernel()
        proc = km.provisioner.process
        try:
            start = time.monotonic()
            proc.terminate()
            self.assertEqual(proc.wait(timeout=5), 0)
            self.assertLess(time.monotonic() - start, 2.5)
        finally:
            stop_kernel(km, kc)


class MalformedMessageTests(unittest.TestCase):
    """Seeded random garbage on the shell, control and stdin sockets: the
    kernel drops what it cannot verify or decode, answers what it can, and
    keeps serving."""

    N = 10_000
    SEED = 20261125

    def test_fuzzed_messages(self) -> None:
        km, kc = start_kernel()
        try:
            self.fuzz(km)
            reply = kc.kernel_info(reply=True, timeout=15)
            self.assertEqual(reply["content"]["status"], "ok")
            ex = run_ok(self, kc, "fuzzed := 6 + 1\nfuzzed")
            self.assertEqual(ex.result(), "7")
            self.assertTrue(km.is_alive())
        finally:
            stop_kernel(km, kc)

    def fuzz(self, km) -> None:
        info = km.get_connection_info(session=False)
        key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
        rng = random.Random(self.SEED)
        ctx = zmq.Context.instance()
        socks = {}
        for name in ("shell", "control", "stdin"):
            s = ctx.socket(zmq.DEALER)
            s.linger = 0
            s.sndtimeo = 5000  # a kernel that stops reading fails the test, not hangs it
            s.rcvhwm = 0
            s.connect(f"{info['transport']}://{info['ip']}:{info[name + '_port']}")
            socks[name] = s
        replies = 0
        try:
            for i in range(self.N):
                name = rng.choice(("shell", "shell", "control", "stdin"))
                frames = fuzz_message(rng, key, name, i)
                try:
                    socks[name].send_multipart(frames, copy=False)
                except zmq.Again:
                    self.fail(f"the kernel stopped reading its {name} socket after {i} fuzzed messages")
                if i % 100 == 0:
                    replies += drain(socks.values())
            time.sleep(0.5)
            replies += drain(socks.values())
            # Valid interrupt_requests are among the fuzz: the control
            # backlog must be worked off before the test runs a cell, or a
            # late one interrupts it. Requests from one peer are handled in
            # order, so the reply to a last kernel_info_request on the fuzz
            # control socket means everything before it was handled.
            session = Session(key=key, signature_scheme=info.get("signature_scheme", "hmac-sha256"))
            last = session.send(socks["control"], "kernel_info_request", {})
            deadline = time.monotonic() + 30
            while True:
                remaining = deadline - time.monotonic()
                self.assertGreater(remaining, 0, "the control backlog of fuzzed messages was not worked off in 30 s")
                if not socks["control"].poll(int(remaining * 1000)):
                    continue
                _, reply = session.recv(socks["control"])
                if reply and reply["parent_header"].get("msg_id") == last["header"]["msg_id"]:
                    break
        finally:
            for s in socks.values():
                s.close()
        self.assertTrue(km.is_alive(), "the kernel died on fuzzed messages")
        self.assertGreater(replies, 0, "the well-formed fuzzed requests got no reply")


def drain(socks) -> int:
    n = 0
    for s in socks:
        while s.poll(0):
            s.recv_multipart()
            n += 1
    return n


REQUEST_TYPES = {
    "shell": ["kernel_info_request", "complete_request", "inspect_request", "is_complete_request",
              "history_request", "comm_info_request", "comm_open", "comm_msg", "comm_close",
              "execute_request", "usage_request", "no_such_request"],
    "control": ["kernel_info_request", "interrupt_request", "debug_request", "no_such_request"],
    "stdin": ["input_reply", "no_such_reply"],
}

NON_OBJECTS = [b"[]", b"1", b"null", b'"s"', b"true", b"[{}]", b"-0.5e999", b""]


def random_text(rng: random.Random, n: int) -> str:
    alphabet = 'abcxyz.( )"\'`{}[]\n\t:=,;/*%é✓𝄞\\\x00'
    return "".join(rng.choice(alphabet) for _ in range(n))


def random_content(rng: random.Random, msg_type: str) -> Any:
    """Content that decodes as an object but holds odd values: the fields
    the handlers read, with random types, lengths and ranges."""
    text = random_text(rng, rng.randint(0, 40))
    pos = rng.choice([0, len(text), rng.randint(-10, 100), 2**31, -2**31, 1e300, "3", None])
    pick = rng.random()
    if msg_type == "execute_request":
        # Never valid code to run: code of the wrong type, so the cell fails
        # to decode instead of running random Go.
        return {"code": rng.choice([5, None, [], {"x": 1}, True]), "silent": rng.choice([True, "no", 3])}
    if msg_type in ("complete_request", "inspect_request"):
        return {"code": text, "cursor_pos": pos, "detail_level": rng.choice([0, 1, 7, "x"])}
    if msg_type == "is_complete_request":
        return {"code": text if pick < 0.8 else 17}
    if msg_type == "history_request":
        return {"hist_access_type": rng.choice(["tail", "range", "search", "nope", 3]), "n": pos,
                "session": rng.choice([0, -1, -5, 10**12, "x"]), "start": pos, "stop": pos,
                "pattern": rng.choice(["*", "[", "?*?", "\\", text]), "unique": rng.choice([True, False, 1]),
                "output": rng.choice([True, False]), "raw": True}
    if msg_type.startswith("comm_"):
        return {"comm_id": rng.choice([text, "", None, 1]), "target_name": text, "data": rng.choice([{}, [], None])}
    if msg_type == "input_reply":
        return {"value": rng.choice([text, None, 3, ["x"]])}
    return {"x": text}


def fuzz_message(rng: random.Random, key: bytes, channel: str, i: int) -> list[bytes]:
    kind = rng.randrange(10)
    ids = [b"<IDS|MSG>"]
    if rng.random() < 0.2:
        ids = [rng.randbytes(rng.randint(1, 8)), b"<IDS|MSG>"]
    if i % 1000 == 999:
        # A big frame, up to 1 MB, in an otherwise valid message.
        big = json.dumps({"code": "x" * rng.randint(100_000, 1_000_000), "cursor_pos": 3}).encode()
        header = make_header(rng, "complete_request", i)
        parts = [header, b"{}", b"{}", big]
        return ids + [sign(key, parts).encode(), *parts]
    if kind == 0:
        # Random frames, random count.
        return [rng.randbytes(rng.randint(0, 64)) for _ in range(rng.randint(1, 9))]
    if kind == 1:
        # A valid message without the delimiter.
        parts = [make_header(rng, "kernel_info_request", i), b"{}", b"{}", b"{}"]
        return [sign(key, parts).encode(), *parts]
    if kind == 2:
        # Garbage JSON, signed correctly.
        parts = [rng.choice([b"{", b'{"msg_id": ', rng.randbytes(20), b'{"a":1}}', b"\xff\xfe"]), b"{}", b"{}", b"{}"]
        rng.shuffle(parts)
        return ids + [sign(key, parts).encode(), *parts]
    if kind == 3:
        # A correct signature over JSON that is not an object.
        parts = [rng.choice(NON_OBJECTS), rng.choice(NON_OBJECTS + [b"{}"]), rng.choice(NON_OBJECTS + [b"{}"]),
                 rng.choice(NON_OBJECTS + [b"{}"])]
        if rng.random() < 0.5:
            parts[0] = make_header(rng, rng.choice(REQUEST_TYPES[channel]), i)
            parts[3] = rng.choice(NON_OBJECTS)
        return ids + [sign(key, parts).encode(), *parts]
    if kind == 4:
        # A wrong signature on a valid message.
        parts = [make_header(rng, rng.choice(REQUEST_TYPES[channel]), i), b"{}", b"{}", b"{}"]
        return ids + [rng.choice([b"", b"0" * 64, sign(b"other", parts).encode(), rng.randbytes(64)]), *parts]
    if kind == 5:
        # Too few frames after the delimiter.
        parts = [make_header(rng, "kernel_info_request", i), b"{}", b"{}", b"{}"]
        sig = sign(key, parts).encode()
        return ids + [sig, *parts][: rng.randint(0, 4)]
    if kind == 6:
        # Headers with missing fields or fields of the wrong type.
        h = json.loads(make_header(rng, rng.choice(REQUEST_TYPES[channel]), i))
        for k in rng.sample(sorted(h), rng.randint(1, 3)):
            if k == "msg_id":
                h[k] = rng.choice([None, 5, [], {}, uuid.uuid4().hex])
            elif rng.random() < 0.5:
                del h[k]
            else:
                h[k] = rng.choice([None, 5, [], {}, "", "x" * 300])
        parts = [json.dumps(h).encode(), b"{}", b"{}", b"{}"]
        return ids + [sign(key, parts).encode(), *parts]
    if kind == 7:
        # Extra frames after the content (buffers), some large.
        msg_type = rng.choice(REQUEST_TYPES[channel])
        parts = [make_header(rng, msg_type, i), b"{}", b"{}", json.dumps(random_content(rng, msg_type)).encode()]
        extra = [rng.randbytes(rng.randint(0, 4096)) for _ in range(rng.randint(1, 5))]
        return ids + [sign(key, parts).encode(), *parts, *extra]
    if kind == 8:
        # Invalid UTF-8 and odd JSON inside valid objects.
        parts = [make_header(rng, rng.choice(REQUEST_TYPES[channel]), i), b'{"msg_id": "\xff"}',
                 b'{"a": NaN}', b'{"code": "\xc3\x28", "cursor_pos": 1}']
        return ids + [sign(key, parts).encode(), *parts]
    # Well-formed, signed requests with odd content: these get handled.
    msg_type = rng.choice(REQUEST_TYPES[channel])
    parts = [make_header(rng, msg_type, i), b"{}", b"{}", json.dumps(random_content(rng, msg_type)).encode()]
    return ids + [sign(key, parts).encode(), *parts]


def make_header(rng: random.Random, msg_type: str, i: int) -> bytes:
    return json.dumps({
        "msg_id": f"fuzz-{i}-{rng.getrandbits(64):x}", "session": "fuzzer", "username": "fuzz",
        "msg_type": msg_type, "version": rng.choice(["5.4", "5.0", "9.9", "x"]),
        "date": "2026-11-25T00:00:00Z",
    }).encode()


if __name__ == "__main__":
    unittest.main()
