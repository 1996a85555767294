package wire

// This file holds a minimal kernel loop used only by the tests: it proves
// the wire layer against real clients (Go ZeroMQ clients in
// kernel_test.go, jupyter_client in jupyter_test.go). The real dispatch
// layer lives elsewhere; nothing here is part of the package API.

import (
	"context"
	"encoding/json"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testKernel answers kernel_info_request (shell and control), an
// execute_request that echoes its code, and shutdown_request.
type testKernel struct {
	k        *Kernel
	count    atomic.Int64 // execution_count
	shutdown chan bool    // receives the restart flag, once
	once     sync.Once
	wg       sync.WaitGroup
}

// startTestKernel binds a kernel on free loopback ports with key (empty for
// no signing), starts the loop and registers cleanup.
func startTestKernel(t *testing.T, key string) *testKernel {
	t.Helper()
	info := &ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: key, SignatureScheme: "hmac-sha256", KernelName: "sparkgo-wire-test"}
	logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	k, err := Listen(context.Background(), info, WithLogger(logger))
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	tk := &testKernel{k: k, shutdown: make(chan bool, 1)}
	tk.wg.Add(2)
	go tk.loop(k.Shell())
	go tk.loop(k.Control())
	t.Cleanup(func() {
		if err := k.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		tk.wg.Wait()
	})
	return tk
}

// testWriter sends log lines to t.Log, and drops them once the test ended.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	defer func() { _ = recover() }() // t.Log after the test ended panics
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

func (tk *testKernel) loop(in <-chan *Message) {
	defer tk.wg.Done()
	for m := range in {
		tk.handle(m)
	}
}

func (tk *testKernel) status(parent *Message, state string) {
	_ = tk.k.Publish(parent, Status, map[string]string{"execution_state": state})
}

func (tk *testKernel) handle(req *Message) {
	k := tk.k
	switch req.Header.MsgType {
	case KernelInfoRequest:
		tk.status(req, "busy")
		_ = k.Reply(req, KernelInfoReply, map[string]any{
			"status":                 "ok",
			"protocol_version":       ProtocolVersion,
			"implementation":         "sparkgo-wire-test",
			"implementation_version": "0.0.1",
			"language_info": map[string]any{
				"name":           "go",
				"version":        strings.TrimPrefix(runtime.Version(), "go"),
				"mimetype":       "text/x-go",
				"file_extension": ".go",
			},
			"banner":     "sparkgo kernel/wire test kernel",
			"help_links": []any{},
		})
		tk.status(req, "idle")
	case ExecuteRequest:
		var c struct {
			Code       string `json:"code"`
			Silent     bool   `json:"silent"`
			AllowStdin bool   `json:"allow_stdin"`
		}
		tk.status(req, "busy")
		defer tk.status(req, "idle")
		if err := req.DecodeContent(&c); err != nil {
			_ = k.Reply(req, ExecuteReply, map[string]any{
				"status": "error", "ename": "BadRequest", "evalue": err.Error(), "traceback": []string{err.Error()},
				"execution_count": tk.count.Load(),
			})
			return
		}
		n := tk.count.Add(1)
		_ = k.Publish(req, ExecuteInput, map[string]any{"code": c.Code, "execution_count": n})
		text := c.Code
		if prompt, ok := strings.CutPrefix(c.Code, "input "); ok && c.AllowStdin {
			text = tk.input(req, prompt)
		}
		if !c.Silent {
			_ = k.Publish(req, Stream, map[string]any{"name": "stdout", "text": text + "\n"})
			_ = k.Publish(req, ExecuteResult, map[string]any{
				"execution_count": n,
				"data":            map[string]any{"text/plain": json.RawMessage(mustJSON(c.Code))},
				"metadata":        map[string]any{},
			})
		}
		_ = k.Reply(req, ExecuteReply, map[string]any{
			"status": "ok", "execution_count": n, "user_expressions": map[string]any{}, "payload": []any{},
		})
	case ShutdownRequest:
		var c struct {
			Restart bool `json:"restart"`
		}
		_ = req.DecodeContent(&c)
		_ = k.Reply(req, ShutdownReply, map[string]any{"status": "ok", "restart": c.Restart})
		tk.once.Do(func() { tk.shutdown <- c.Restart })
	}
}

// input asks the frontend that sent req for a line on the stdin channel
// and returns it ("" when no input_reply comes).
func (tk *testKernel) input(req *Message, prompt string) string {
	m, err := tk.k.Session().NewMessage(InputRequest, req, map[string]any{"prompt": prompt, "password": false})
	if err != nil {
		return ""
	}
	m.Identities = req.Identities // stdin routes to the shell request's sender
	if err := tk.k.Send(Stdin, m); err != nil {
		return ""
	}
	select {
	case r, ok := <-tk.k.Stdin():
		var c struct {
			Value string `json:"value"`
		}
		if !ok || r.Header.MsgType != InputReply || r.DecodeContent(&c) != nil {
			return ""
		}
		return c.Value
	case <-time.After(10 * time.Second):
		return ""
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
