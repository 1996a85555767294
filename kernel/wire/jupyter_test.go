package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/internal/jupytertest"
)

// TestJupyterClient runs the minimal test kernel against jupyter_client's
// BlockingKernelClient: the real frontend library, with real libzmq, HMAC
// signing and heartbeat. The first run installs the client packages into a
// cached venv, which takes about a minute.
func TestJupyterClient(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Python and jupyter_client; skipped under -short")
	}
	t.Parallel()
	python := jupytertest.Python(t)

	tk := startTestKernel(t, testKey)
	info := tk.k.ConnectionInfo()
	connFile := filepath.Join(t.TempDir(), "kernel-test.json")
	if err := info.WriteFile(connFile); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, python, filepath.Join("..", "testdata", "wire_client.py"), connFile)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("wire_client.py: %v\nstdout:\n%s\nstderr:\n%s", err, out, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Logf("wire_client.py stderr:\n%s", stderr.String())
	}

	var got struct {
		SchemaErrors      []string       `json:"schema_errors"`
		Ready             bool           `json:"ready"`
		KernelInfo        map[string]any `json:"kernel_info"`
		KernelInfoSession string         `json:"kernel_info_session"`
		KernelInfoIOPub   []iopubSummary `json:"kernel_info_iopub"`
		Execute           struct {
			Code  string         `json:"code"`
			Reply map[string]any `json:"reply"`
			IOPub []iopubSummary `json:"iopub"`
		}
		Stdin struct {
			Prompts []string       `json:"prompts"`
			Reply   map[string]any `json:"reply"`
			Stdout  []string       `json:"stdout"`
		} `json:"stdin"`
		ControlKernelInfo    map[string]any `json:"control_kernel_info"`
		BadSignatureAnswered int            `json:"bad_signature_answered"`
		ReplayAnswers        int            `json:"replay_answers"`
		Heartbeat            bool           `json:"heartbeat"`
		Shutdown             map[string]any `json:"shutdown"`
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decode %s: %v", out, err)
	}

	for _, e := range got.SchemaErrors {
		t.Errorf("schema: %s", e)
	}
	t.Logf("jupyter_client saw: %s", out)
	if !got.Ready {
		t.Error("wait_for_ready did not finish")
	}
	if got.KernelInfo["protocol_version"] != ProtocolVersion || got.KernelInfo["status"] != "ok" {
		t.Errorf("kernel_info_reply = %v", got.KernelInfo)
	}
	if li, _ := got.KernelInfo["language_info"].(map[string]any); li["name"] != "go" {
		t.Errorf("language_info = %v", got.KernelInfo["language_info"])
	}
	if got.KernelInfoSession != tk.k.Session().ID {
		t.Errorf("reply header session = %q, want the kernel's own %q", got.KernelInfoSession, tk.k.Session().ID)
	}
	if s := states(got.KernelInfoIOPub); s != "status:busy status:idle" {
		t.Errorf("IOPub around kernel_info = %s, want busy then idle", s)
	}

	if got.Execute.Reply["status"] != "ok" || got.Execute.Reply["execution_count"] != float64(1) {
		t.Errorf("execute_reply = %v", got.Execute.Reply)
	}
	if s := states(got.Execute.IOPub); s != "status:busy execute_input stream execute_result status:idle" {
		t.Errorf("IOPub for execute = %s", s)
	}
	for _, m := range got.Execute.IOPub {
		switch m.MsgType {
		case "execute_input":
			if m.Content["code"] != got.Execute.Code {
				t.Errorf("execute_input.code = %v, want %q", m.Content["code"], got.Execute.Code)
			}
		case "stream":
			if m.Content["name"] != "stdout" || m.Content["text"] != got.Execute.Code+"\n" {
				t.Errorf("stream = %v, want the echoed code on stdout", m.Content)
			}
		case "execute_result":
			data, _ := m.Content["data"].(map[string]any)
			if data["text/plain"] != got.Execute.Code || m.Content["execution_count"] != float64(1) {
				t.Errorf("execute_result = %v", m.Content)
			}
		}
	}

	if fmt.Sprint(got.Stdin.Prompts) != "[name?]" || fmt.Sprint(got.Stdin.Stdout) != "[typed on stdin\n]" ||
		got.Stdin.Reply["status"] != "ok" {
		t.Errorf("input_request round trip: %+v, want prompt \"name?\" and the typed line echoed", got.Stdin)
	}
	if got.ControlKernelInfo["protocol_version"] != ProtocolVersion {
		t.Errorf("kernel_info_reply on control = %v", got.ControlKernelInfo)
	}
	if got.BadSignatureAnswered != 0 {
		t.Errorf("%d answers to a request with a bad signature, want none", got.BadSignatureAnswered)
	}
	if got.ReplayAnswers != 1 {
		t.Errorf("%d answers to a message sent twice with the same signature, want 1", got.ReplayAnswers)
	}
	if !got.Heartbeat {
		t.Error("jupyter_client's heartbeat channel says the kernel is not beating")
	}
	if got.Shutdown["status"] != "ok" || got.Shutdown["restart"] != false {
		t.Errorf("shutdown_reply = %v", got.Shutdown)
	}
	select {
	case <-tk.shutdown:
	case <-time.After(5 * time.Second):
		t.Error("the kernel loop never saw shutdown_request")
	}
}

type iopubSummary struct {
	MsgType string         `json:"msg_type"`
	Content map[string]any `json:"content"`
	Session string         `json:"session"`
}

// states renders IOPub messages as "status:busy stream ..." for
// comparison.
func states(ms []iopubSummary) string {
	var parts []string
	for _, m := range ms {
		s := m.MsgType
		if s == "status" {
			s += ":" + m.Content["execution_state"].(string)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}
