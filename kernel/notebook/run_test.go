package notebook

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/kernel"
)

// fakeKernel stands in for the interpreter: each cell's source selects a
// scripted behaviour, which lets the test drive the recorder through every
// kind of kernel.Output call.
type fakeKernel struct {
	count int
	cells map[string]func(kernel.Output) error
	ran   []string
}

func (k *fakeKernel) Execute(ctx context.Context, code string, out kernel.Output) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	k.count++
	k.ran = append(k.ran, code)
	f := k.cells[code]
	if f == nil {
		out.Stream("stdout", code+"\n")
		return k.count, nil
	}
	return k.count, f(out)
}

func htmlBundle(s string) display.Bundle {
	return display.Bundle{Data: map[string]any{"text/plain": s, "text/html": "<b>" + s + "</b>"}}
}

func fail(out kernel.Output) error {
	e := &kernel.CellError{Name: "Err", Value: "bad", Traceback: []string{"Err: bad"}}
	out.Error(e)
	return e
}

func newNotebook(sources ...string) *Notebook {
	nb := New()
	for _, s := range sources {
		if md, ok := strings.CutPrefix(s, "md:"); ok {
			nb.Cells = append(nb.Cells, NewMarkdown(md))
			continue
		}
		nb.Cells = append(nb.Cells, NewCode(s))
	}
	return nb
}

func outputsOf(c *Cell) []Output {
	out := make([]Output, len(c.Outputs))
	for i, o := range c.Outputs {
		o.displayID = ""
		out[i] = o
	}
	return out
}

func intp(n int) *int { return &n }

func TestRunRecords(t *testing.T) {
	var late kernel.Output
	k := &fakeKernel{cells: map[string]func(kernel.Output) error{
		"streams": func(out kernel.Output) error {
			out.Stream("stdout", "a")
			out.Stream("stdout", "b\n")
			out.Stream("stderr", "e1\n")
			out.Stream("stderr", "10%\r")
			out.Stream("stderr", "100%\n")
			out.Stream("stdout", "c\n")
			return nil
		},
		"display": func(out kernel.Output) error {
			out.Display(htmlBundle("v1"), "bar", false)
			out.Display(htmlBundle("other"), "", false)
			out.Display(htmlBundle("v2"), "bar", true)
			out.Display(htmlBundle("nobody"), "unknown", true)
			out.Result(2, display.Bundle{Data: map[string]any{"text/plain": "42"}})
			late = out
			return nil
		},
		"update-from-later-cell": func(out kernel.Output) error {
			out.Display(htmlBundle("v3"), "bar", true)
			return nil
		},
		"clear": func(out kernel.Output) error {
			out.Stream("stdout", "gone\n")
			out.Clear(false)
			out.Stream("stdout", "x\n")
			out.Clear(true)
			out.Display(htmlBundle("still-here-update"), "bar", true) // updates do not trigger a pending clear
			out.Stream("stdout", "kept\n")
			out.Clear(true) // never followed by output: nothing is cleared
			return nil
		},
		"io": func(out kernel.Output) error {
			_, err := out.Input("Name: ", false)
			out.Stream("stdout", err.Error()+"\n")
			if !errors.Is(err, ErrNoInput) {
				panic("want ErrNoInput")
			}
			out.Page(display.Bundle{Data: map[string]any{"text/plain": "doc"}})
			return nil
		},
	}}
	nb := newNotebook("md:# title", "streams", "display", "", "update-from-later-cell", "clear", "io")
	nb.Cells[3].Outputs = []Output{{OutputType: Stream, Name: "stdout", Text: "stale"}}
	if err := Run(context.Background(), nb, k, RunOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"streams", "display", "update-from-later-cell", "clear", "io"}; !reflect.DeepEqual(k.ran, want) {
		t.Errorf("ran %q, want %q", k.ran, want)
	}
	check := func(i int, count int, want ...Output) {
		t.Helper()
		c := nb.Cells[i]
		if c.ExecutionCount == nil || *c.ExecutionCount != count {
			t.Errorf("cell %d: execution count %v, want %d", i, c.ExecutionCount, count)
		}
		if got := outputsOf(c); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
			t.Errorf("cell %d outputs:\n got %+v\nwant %+v", i, got, want)
		}
	}
	check(1, 1,
		Output{OutputType: Stream, Name: "stdout", Text: "ab\n"},
		Output{OutputType: Stream, Name: "stderr", Text: "e1\n100%\n"},
		Output{OutputType: Stream, Name: "stdout", Text: "c\n"},
	)
	htmlData := func(s string) map[string]any { return htmlBundle(s).Data }
	check(2, 2,
		Output{OutputType: DisplayData, Data: htmlData("still-here-update")},
		Output{OutputType: DisplayData, Data: htmlData("other")},
		Output{OutputType: ExecuteResult, ExecutionCount: intp(2), Data: map[string]any{"text/plain": "42"}},
	)
	if got := nb.Cells[3].Outputs; len(got) != 1 || got[0].Text != "stale" {
		t.Errorf("blank cell was touched: %+v", got)
	}
	check(4, 3)
	check(5, 4, Output{OutputType: Stream, Name: "stdout", Text: "kept\n"})
	check(6, 5,
		Output{OutputType: Stream, Name: "stdout", Text: `input is not available in a headless run: cannot answer the prompt "Name: "` + "\n"},
		Output{OutputType: DisplayData, Data: map[string]any{"text/plain": "doc"}},
	)
	// Output after Run returned goes nowhere.
	late.Stream("stdout", "late\n")
	late.Display(htmlBundle("late"), "bar", true)
	if got := nb.Cells[2].Outputs[0].Data["text/plain"]; got != "still-here-update" {
		t.Errorf("late update applied: %v", got)
	}
}

func TestRunFailure(t *testing.T) {
	k := &fakeKernel{cells: map[string]func(kernel.Output) error{"fail": fail}}
	nb := newNotebook("a", "md:text", "fail", "b", "fail")
	err := Run(context.Background(), nb, k, RunOptions{})
	var cf *CellFailedError
	if !errors.As(err, &cf) || cf.Index != 2 || cf.Count != 2 || cf.Err.Name != "Err" {
		t.Fatalf("Run = %#v", err)
	}
	if want := "cell 3 (In [2]) failed: Err: bad"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	var ce *kernel.CellError
	if !errors.As(err, &ce) {
		t.Error("errors.As cannot reach the CellError")
	}
	if nb.Cells[3].ExecutionCount != nil {
		t.Error("ran a cell after the failure")
	}
	if got := outputsOf(nb.Cells[2]); !reflect.DeepEqual(got, []Output{{OutputType: Error, Ename: "Err", Evalue: "bad", Traceback: []string{"Err: bad"}}}) {
		t.Errorf("error output %+v", got)
	}

	k = &fakeKernel{cells: map[string]func(kernel.Output) error{"fail": fail}}
	nb = newNotebook("a", "md:text", "fail", "b", "fail")
	err = Run(context.Background(), nb, k, RunOptions{KeepGoing: true})
	if !errors.As(err, &cf) || cf.Index != 2 {
		t.Fatalf("KeepGoing: %v", err)
	}
	if c := nb.Cells[4].ExecutionCount; c == nil || *c != 4 {
		t.Errorf("KeepGoing did not run the last cell: %v", c)
	}
}

func TestRunStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	broken := errors.New("kernel died")
	k := &fakeKernel{cells: map[string]func(kernel.Output) error{
		"cancel": func(kernel.Output) error { cancel(); return nil },
		"broken": func(kernel.Output) error { return broken },
	}}
	err := Run(ctx, newNotebook("cancel", "next"), k, RunOptions{KeepGoing: true})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "cell 2") {
		t.Errorf("cancelled: %v", err)
	}
	err = Run(context.Background(), newNotebook("broken", "next"), k, RunOptions{KeepGoing: true})
	if !errors.Is(err, broken) || len(k.ran) != 2 {
		t.Errorf("broken executor: %v (ran %q)", err, k.ran)
	}
}

// TestRunConcurrent has cell goroutines write while the cell runs and after
// it ended; run with -race.
func TestRunConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	release := make(chan struct{})
	k := &fakeKernel{cells: map[string]func(kernel.Output) error{
		"spawn": func(out kernel.Output) error {
			var inner sync.WaitGroup
			for i := range 8 {
				inner.Add(1)
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range 50 {
						out.Stream("stdout", "x")
						out.Display(htmlBundle("p"), "prog", i > 0)
					}
					inner.Done()
					<-release
					out.Stream("stdout", "late")
					out.Display(htmlBundle("late"), "prog", true)
				}()
			}
			inner.Wait()
			return nil
		},
	}}
	nb := newNotebook("spawn", "after")
	done := make(chan error)
	go func() { done <- Run(context.Background(), nb, k, RunOptions{}) }()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	close(release)
	wg.Wait()
	var xs int
	for _, o := range nb.Cells[0].Outputs {
		xs += strings.Count(o.Text, "x")
		if strings.Contains(o.Text, "late") {
			t.Error("late stream recorded")
		}
	}
	if xs != 400 {
		t.Errorf("%d x's recorded, want 400", xs)
	}
}

func TestCarriageReturns(t *testing.T) {
	for in, want := range map[string]string{
		"plain\n":            "plain\n",
		"10%\r20%\r100%\n":   "100%\n",
		"abcdef\rXY\n":       "XYcdef\n",
		"a\r\nb\r\r\n":       "a\nb\n",
		"one\ntwo\rTHREE\rx": "one\nxHREE",
		"wait\r":             "wait\r",
		"\rstart":            "start",
		"é\rü":               "ü",
	} {
		if got := carriageReturns(in); got != want {
			t.Errorf("carriageReturns(%q) = %q, want %q", in, got, want)
		}
	}
}
