package notebook

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead checks that Read never panics on hostile input and that, for
// what it accepts, writing is stable: reading back what Write produced and
// writing again gives the same bytes.
func FuzzRead(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "jupyter.ipynb")); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["a\r", "\n"], "outputs": [{"output_type": "stream", "text": "x"}]}]}`))
	f.Add([]byte(`{"nbformat": 4, "metadata": {"n": 1e400}, "cells": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		nb, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		var first bytes.Buffer
		if err := nb.Write(&first); err != nil {
			return
		}
		nb2, err := Read(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("cannot read what Write wrote: %v\n%s", err, first.Bytes())
		}
		var second bytes.Buffer
		if err := nb2.Write(&second); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("unstable write\n%s", firstDiff(second.Bytes(), first.Bytes()))
		}
		_ = WriteHTML(&bytes.Buffer{}, nb, HTMLOptions{})
	})
}
