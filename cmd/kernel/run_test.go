package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// These runs need no Spark: their cells do not use spark.

func TestInstallUninstall(t *testing.T) {
	prefix := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	args := []string{"install", "--prefix", prefix, "--name", "sparkgo-x", "--display-name", "Go X",
		"--env", "SPARK_REMOTE=sc://h:1", "--executable", exe}
	if code := run(context.Background(), args, &stdout, &stderr); code != exitOK {
		t.Fatalf("install: %d %s", code, stderr.String())
	}
	dir := filepath.Join(prefix, "share", "jupyter", "kernels", "sparkgo-x")
	if !strings.Contains(stdout.String(), dir) {
		t.Errorf("install said %q, want the directory %s", stdout.String(), dir)
	}
	var spec struct {
		Argv          []string          `json:"argv"`
		DisplayName   string            `json:"display_name"`
		Language      string            `json:"language"`
		InterruptMode string            `json:"interrupt_mode"`
		Env           map[string]string `json:"env"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	if strings.Join(spec.Argv[1:], " ") != "kernel --connection-file {connection_file}" || spec.DisplayName != "Go X" ||
		spec.Language != "go" || spec.InterruptMode != "message" || spec.Env["SPARK_REMOTE"] != "sc://h:1" {
		t.Errorf("kernel.json = %s", b)
	}
	stdout.Reset()
	if code := run(context.Background(), []string{"uninstall", "--prefix", prefix, "--name", "sparkgo-x"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("uninstall: %d %s", code, stderr.String())
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("kernelspec still there after uninstall: %v", err)
	}
}

func TestRunScript(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "ok.go")
	os.WriteFile(script, []byte("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"answer\", 6*7)\n}\n"), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"run", script}, &stdout, &stderr); code != exitOK {
		t.Fatalf("run ok.go: %d %s", code, stderr.String())
	}
	if stdout.String() != "answer 42\n" {
		t.Errorf("stdout %q", stdout.String())
	}

	bad := filepath.Join(dir, "bad.go")
	os.WriteFile(bad, []byte("x := 1\npanic(\"boom\")\n"), 0o644)
	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"run", bad}, &stdout, &stderr); code != exitCellFailed {
		t.Fatalf("run bad.go: %d, want %d", code, exitCellFailed)
	}
	if !strings.Contains(stderr.String(), "panic: boom") || strings.Contains(stderr.String(), "\x1b[") {
		t.Errorf("stderr %q", stderr.String())
	}
}

func TestRunNotebook(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "nb.ipynb")
	nb := `{"cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Title"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["x := 6\n", "fmt.Println(\"x is\", x)\n", "x * 7"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["nb.HTML(\"<b>bold</b>\")"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["panic(\"boom\")"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["x + 1"]}
 ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`
	os.WriteFile(in, []byte(nb), 0o644)
	out := filepath.Join(dir, "out.ipynb")
	html := filepath.Join(dir, "out.html")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"run", in, "-o", out, "--html", html}, &stdout, &stderr)
	if code != exitCellFailed {
		t.Fatalf("run: %d, want %d (a cell fails); stderr %s", code, exitCellFailed, stderr.String())
	}
	if !strings.Contains(stderr.String(), "cell 4 (In [3]) failed: panic: boom") {
		t.Errorf("stderr %q does not name the failing cell", stderr.String())
	}
	var got struct {
		Cells []struct {
			ExecutionCount *int `json:"execution_count"`
			Outputs        []struct {
				OutputType string         `json:"output_type"`
				Text       any            `json:"text"`
				Data       map[string]any `json:"data"`
				Ename      string         `json:"ename"`
			} `json:"outputs"`
		} `json:"cells"`
		Metadata map[string]any `json:"metadata"`
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	c1 := got.Cells[1]
	if *c1.ExecutionCount != 1 || len(c1.Outputs) != 2 || c1.Outputs[0].OutputType != "stream" ||
		c1.Outputs[1].OutputType != "execute_result" || joined(c1.Outputs[1].Data["text/plain"]) != "42" {
		t.Errorf("cell 1 = %+v", c1)
	}
	if o := got.Cells[2].Outputs; len(o) != 1 || joined(o[0].Data["text/html"]) != "<b>bold</b>" {
		t.Errorf("cell 2 = %+v", o)
	}
	if o := got.Cells[3].Outputs; len(o) != 1 || o[0].Ename != "panic" {
		t.Errorf("cell 3 = %+v", o)
	}
	if got.Cells[4].ExecutionCount != nil || len(got.Cells[4].Outputs) != 0 {
		t.Errorf("a cell after the failure ran: %+v", got.Cells[4])
	}
	if ks, _ := got.Metadata["kernelspec"].(map[string]any); ks["language"] != "go" {
		t.Errorf("metadata %v", got.Metadata)
	}
	page, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<b>bold</b>", "Title", "boom"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

// joined reads an nbformat multi-line string: a string or a list of lines.
func joined(v any) string {
	if list, ok := v.([]any); ok {
		var b strings.Builder
		for _, l := range list {
			s, _ := l.(string)
			b.WriteString(s)
		}
		return b.String()
	}
	s, _ := v.(string)
	return s
}
