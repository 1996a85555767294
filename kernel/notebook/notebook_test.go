package notebook

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/internal/jupytertest"
	"github.com/sparkgo/sparkgo/kernel"
)

func readFile(t *testing.T, name string) *Notebook {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	nb, err := Read(f)
	if err != nil {
		t.Fatalf("Read %s: %v", name, err)
	}
	return nb
}

// firstDiff shows where two texts part, which beats dumping both.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return "got:\n" + string(a[lo:min(len(a), i+200)]) + "\n---- want:\n" + string(b[lo:min(len(b), i+200)])
}

// TestRoundTrip reads a notebook that Jupyter's own libraries executed and
// saved (testdata/make_jupyter.py) and checks that writing it back changes
// no byte.
func TestRoundTrip(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("testdata", "jupyter.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	nb, err := Read(bytes.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := nb.Write(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("round trip changed the notebook\n%s", firstDiff(got.Bytes(), want))
	}

	// What was read is usable as Go values.
	if len(nb.Cells) != 8 || nb.Cells[0].CellType != Markdown || nb.Cells[1].CellType != Code {
		t.Fatalf("cells: %d", len(nb.Cells))
	}
	if got := nb.Cells[1].Outputs[0].Text; got != "hello, world\n<a & b> 🚀\n" {
		t.Errorf("stream text %q", got)
	}
	if s, ok := nb.Cells[2].Outputs[0].Data["text/html"].(string); !ok || s != "<b>two</b>" {
		t.Errorf("html %#v", nb.Cells[2].Outputs[0].Data["text/html"])
	}
	if _, ok := nb.Cells[2].Outputs[3].Data["application/json"].(map[string]any); !ok {
		t.Errorf("json data %#v", nb.Cells[2].Outputs[3].Data)
	}
	if c := nb.Cells[7]; c.ExecutionCount == nil || *c.ExecutionCount != 5 || c.Outputs[0].Ename != "ZeroDivisionError" || len(c.Outputs[0].Traceback) != 4 {
		t.Errorf("error cell %+v", c)
	}
	if nb.Cells[5].ExecutionCount != nil {
		t.Error("empty cell has a count")
	}
	if got := nb.Metadata["title"]; got != "Round trip" {
		t.Errorf("title %v", got)
	}
}

func TestReadForms(t *testing.T) {
	const doc = `{"nbformat": 4, "nbformat_minor": 2, "metadata": {}, "future": {"b": 1, "a": [2]},
	 "cells": [
	  {"cell_type": "code", "source": "x := 1\ny := 2", "metadata": {}, "outputs": [
	    {"output_type": "stream", "name": "stdout", "text": ["a\n", "b"], "extra": true}],
	   "execution_count": 3, "x-new": "kept"},
	  {"cell_type": "markdown", "source": ["# T\n", "body"], "metadata": {}}
	 ]}`
	nb, err := Read(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if nb.Cells[0].Source != "x := 1\ny := 2" || nb.Cells[1].Source != "# T\nbody" {
		t.Errorf("sources %q %q", nb.Cells[0].Source, nb.Cells[1].Source)
	}
	if nb.Cells[0].Outputs[0].Text != "a\nb" {
		t.Errorf("text %q", nb.Cells[0].Outputs[0].Text)
	}
	var out bytes.Buffer
	if err := nb.Write(&out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{
		"\"future\": {\n  \"a\": [\n   2\n  ],\n  \"b\": 1\n },",
		`"x-new": "kept"`,
		`"extra": true`,
		`"nbformat_minor": 5`,
		"\"source\": [\n    \"x := 1\\n\",\n    \"y := 2\"\n   ]",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("written notebook lacks %q:\n%s", want, s)
		}
	}

	for doc, want := range map[string]string{
		`{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}`: "nbformat 3 is not supported",
		`{"cells": []}`:                                                  `no "nbformat"`,
		"{\n\"nbformat\": 4,\n\"cells\": [}":                             "line 3",
		`{"nbformat": 4, "cells": [{"source": ""}]}`:                     `cell 1: no "cell_type"`,
		`{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}`: "source: want a string or a list of strings",
	} {
		_, err := Read(strings.NewReader(doc))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Read(%s) = %v, want an error containing %q", doc, err, want)
		}
	}
}

func TestSplitLines(t *testing.T) {
	for in, want := range map[string][]string{
		"":               {},
		"a":              {"a"},
		"a\n":            {"a\n"},
		"a\nb":           {"a\n", "b"},
		"a\r\nb\rc\n\n":  {"a\r\n", "b\r", "c\n", "\n"},
		"x\vy\fz\x1cw":   {"x\v", "y\f", "z\x1c", "w"},
		"é\u2028ü\u0085": {"é\u2028", "ü\u0085"},
	} {
		if got := splitLines(in); !reflect.DeepEqual(got, want) {
			t.Errorf("splitLines(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteIDs(t *testing.T) {
	nb := New()
	a, b, c := NewCode("1"), NewCode("2"), NewMarkdown("x")
	b.ID = "dup"
	c.ID = "dup"
	nb.Cells = []*Cell{a, b, c, {CellType: Raw, ID: "bad id!"}}
	var out bytes.Buffer
	if err := nb.Write(&out); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range nb.Cells {
		if !validID.MatchString(c.ID) || seen[c.ID] {
			t.Errorf("id %q invalid or repeated", c.ID)
		}
		seen[c.ID] = true
	}
	if b.ID != "dup" {
		t.Errorf("the first of two equal ids changed: %q", b.ID)
	}
	// Ids are stored, so writing again is stable.
	var again bytes.Buffer
	if err := nb.Write(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), again.Bytes()) {
		t.Error("second Write differs")
	}
}

// validateScript validates a notebook against nbformat's schema, strictly
// (its own validator, plus the id uniqueness
// it would otherwise repair silently), and checks that nbformat writes it back byte for byte,
// which proves Write's layout is Jupyter's.
const validateScript = `
import json, sys
import nbformat
text = open(sys.argv[1], encoding="utf-8").read()
raw = json.loads(text)
nbformat.validate(raw)
ids = [c["id"] for c in raw["cells"]]
if len(set(ids)) != len(ids):
    sys.exit("duplicate cell ids: %r" % ids)
nb = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
again = nbformat.writes(nb) + "\n"
if again != text:
    sys.stdout.write(again)
    sys.exit("nbformat writes the notebook differently (its version on stdout)")
print("ok", nb.nbformat, nb.nbformat_minor)
`

// TestJupyterValidates writes a notebook filled by Run (every kind of
// output, cells without ids, bundles in the forms the display package
// produces) and has nbformat validate it.
func TestJupyterValidates(t *testing.T) {
	python := jupytertest.Python(t)
	nb := New()
	nb.NbformatMinor = 4
	nb.Metadata["kernelspec"] = map[string]any{"name": "sparkgo", "display_name": "Go (sparkgo)", "language": "go"}
	nb.Cells = []*Cell{NewMarkdown("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"), NewCode("all"), NewCode("fail"), NewCode("   ")}
	nb.Cells[0].Attachments = map[string]map[string]any{"x.png": {"image/png": "iVBORw0KGgo="}}
	fk := &fakeKernel{cells: map[string]func(kernel.Output) error{
		"all": func(out kernel.Output) error {
			out.Stream("stdout", "one\ntwo\n")
			out.Stream("stderr", "progress 10%\rprogress 100%\n")
			out.Display(display.Bundle{Data: map[string]any{
				"text/plain":       "t",
				"text/html":        "<p>\n<b>x</b>\n</p>",
				"application/json": json.RawMessage(`{"z": 1, "a": [true, null]}`),
				"image/png":        []byte{0x89, 'P', 'N', 'G'},
				"image/svg+xml":    "<svg>\n</svg>",
			}, Metadata: map[string]any{"image/png": map[string]any{"width": 10}}}, "d1", false)
			out.Result(1, display.Bundle{Data: map[string]any{"text/plain": "42"}})
			out.Page(display.Bundle{Data: map[string]any{"text/plain": "help text"}})
			return nil
		},
		"fail": func(out kernel.Output) error {
			e := &kernel.CellError{Name: "panic", Value: "boom", Traceback: []string{"\x1b[31mpanic\x1b[0m: boom", "goroutine 1"}}
			out.Error(e)
			return e
		},
	}}
	err := Run(context.Background(), nb, fk, RunOptions{})
	if err == nil || !strings.Contains(err.Error(), "cell 3 (In [2]) failed: panic: boom") {
		t.Fatalf("Run: %v", err)
	}
	path := filepath.Join(t.TempDir(), "out.ipynb")
	var buf bytes.Buffer
	if err := nb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, python, "-c", validateScript, path).CombinedOutput()
	if err != nil {
		t.Fatalf("nbformat rejects the notebook: %v\n%s\n---- notebook:\n%s", err, out, buf.Bytes())
	}
	if !strings.HasPrefix(string(out), "ok 4 5") {
		t.Errorf("nbformat says %s", out)
	}
}
