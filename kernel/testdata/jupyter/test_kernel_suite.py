"""jupyter_kernel_test's conformance suite against the sparkgo kernel.

jupyter_kernel_test skips every test whose attribute is left empty, so a
misspelt or empty attribute silently disables a check: test_attributes_set
guards against that.
"""

from __future__ import annotations

import unittest

import jupyter_kernel_test as jkt
from jupyter_client.manager import KernelManager

from kernelharness import KERNEL_NAME, drain_iopub, request, stop_kernel, validate


class SparkgoKernelTests(jkt.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'fmt.Println("hello, world")'
    code_stderr = 'fmt.Fprintln(os.Stderr, "oops")'

    # Exact sets: yaegi's symbol tables of fmt and strings (go1_22_*.go), a
    # prelude package (F is github.com/sparkgo/sparkgo/frame) and a prelude
    # identifier.
    completion_samples = [
        {"text": "fmt.Print", "matches": {"Print", "Printf", "Println"}},
        {"text": "strings.ToU", "matches": {"ToUpper", "ToUpperSpecial"}},
        {"text": "F.Connec", "matches": {"Connect"}},
        {"text": "datas", "matches": {"datasets"}},
    ]

    complete_code_samples = ["x := 1", "func f() int { return 1 }", "fmt.Println(1)", "%help"]
    incomplete_code_samples = ["func f() {", "xs := []int{1,", "if true {\n"]
    invalid_code_samples = ["x := := 1", "func ) {"]

    code_page_something = "%doc fmt.Println"
    code_generate_error = 'panic("boom")'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": 'len("abc")', "result": "3"},
        {"code": '"go"+"pher"', "result": '"gopher"'},
    ]
    code_display_data = [
        {"code": 'nb.HTML("<b>hi</b>")', "mime": "text/html"},
        {"code": 'nb.Markdown("# hi")', "mime": "text/markdown"},
    ]

    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6*"

    code_inspect_sample = "fmt.Println"
    code_clear_output = "nb.Clear()"

    def test_attributes_set(self) -> None:
        """Every attribute the suite reads is set: none of its tests skip."""
        for name in (
            "language_name", "file_extension", "code_hello_world", "code_stderr",
            "completion_samples", "complete_code_samples", "incomplete_code_samples",
            "invalid_code_samples", "code_page_something", "code_generate_error",
            "code_execute_result", "code_display_data", "supported_history_operations",
            "code_history_pattern", "code_inspect_sample", "code_clear_output",
        ):
            self.assertTrue(getattr(self, name), f"{name} is empty, so jupyter_kernel_test skips its test")

    def test_kernel_info_protocol_version(self) -> None:
        """kernel_info_reply claims protocol 5.4 (see IopubWelcomeAbsent)."""
        reply, _ = request(self.kc, "shell", "kernel_info_request", {})
        c = reply["content"]
        self.assertEqual(c["protocol_version"], "5.4")
        self.assertEqual(c["implementation"], "sparkgo")
        self.assertEqual(c["language_info"]["mimetype"], "text/x-go")
        self.assertIn("%help", c["banner"])


class IopubWelcomeAbsent(unittest.TestCase):
    """The kernel sends no iopub_welcome.

    iopub_welcome (JEP 65, protocol 5.5) needs an XPUB socket that sees the
    client's subscription; go-zeromq/zmq4's XPUB swallows subscription
    frames, so the kernel has a plain PUB socket and claims protocol 5.4,
    where the welcome does not exist. jupyter_kernel_test's
    IopubWelcomeTests would wait for it forever, so this asserts the
    opposite: the first IOPub messages are status messages and none is a
    welcome. Replace this class by a jkt.IopubWelcomeTests subclass with
    support_iopub_welcome = True once the kernel speaks 5.5.
    """

    def test_no_iopub_welcome(self) -> None:
        km = KernelManager(kernel_name=KERNEL_NAME)
        km.start_kernel()
        kc = km.client()
        try:
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            # wait_for_ready consumed the IOPub messages of its kernel_info;
            # anything left (there should be nothing) must not be a welcome.
            msgs = drain_iopub(kc, quiet=0.5)
            reply = kc.kernel_info(reply=True, timeout=10)
            self.assertEqual(reply["content"]["protocol_version"], "5.4")
            msgs += drain_iopub(kc, quiet=0.5)
            for m in msgs:
                validate(m)
            types = [m["msg_type"] for m in msgs]
            self.assertNotIn("iopub_welcome", types)
            self.assertEqual(types[-2:], ["status", "status"], types)
            self.assertEqual(set(types), {"status"}, types)
        finally:
            stop_kernel(km, kc)


if __name__ == "__main__":
    unittest.main()
