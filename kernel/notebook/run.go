package notebook

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"

	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/kernel"
)

// Executor runs cells, one after another, in one kernel session; the
// sparkgo kernel's interpreter implements it.
type Executor interface {
	// Execute runs code as the next cell, sending its outputs to out, and
	// returns the cell's execution count and the error that ended it (a
	// *kernel.CellError when the cell failed, already reported to out).
	Execute(ctx context.Context, code string, out kernel.Output) (count int, err error)
}

// RunOptions tunes [Run].
type RunOptions struct {
	// KeepGoing runs every cell even after one fails, like nbclient's
	// allow_errors; Run then returns the first failure.
	KeepGoing bool
}

// CellFailedError is returned by [Run] when a cell raised an error. The
// error is also recorded in the cell's outputs, as Jupyter shows it.
type CellFailedError struct {
	// Index is the cell's position in Notebook.Cells, from 0.
	Index int
	// Count is the cell's execution count, its In [n].
	Count int
	Err   *kernel.CellError
}

// Error counts cells from 1, as people reading a notebook do.
func (e *CellFailedError) Error() string {
	return fmt.Sprintf("cell %d (In [%d]) failed: %v", e.Index+1, e.Count, e.Err)
}

// Unwrap returns the cell's error, for errors.As.
func (e *CellFailedError) Unwrap() error { return e.Err }

// ErrNoInput is the error a cell gets when it asks for input during Run:
// nobody is there to answer.
var ErrNoInput = errors.New("input is not available in a headless run")

// Run executes the notebook's code cells in order, as "Run All" does,
// replacing each cell's outputs and execution count with what it produced.
// Markdown, raw and blank code cells are left alone. Run stops at the
// first failing cell, returning a *CellFailedError, unless
// opts.KeepGoing is set. Other errors (ctx cancelled, the executor broken)
// always stop the run.
//
// Output a cell's goroutines send after the cell has ended is dropped,
// except display updates, which apply while Run is running: a notebook
// file has no place for output that belongs to no cell.
func Run(ctx context.Context, nb *Notebook, x Executor, opts RunOptions) error {
	st := &runState{ran: map[*Cell]bool{}}
	defer func() {
		st.mu.Lock()
		st.done = true
		st.mu.Unlock()
	}()
	var first error
	for i, c := range nb.Cells {
		if c.CellType != Code || strings.TrimSpace(c.Source) == "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("notebook: cell %d: %w", i+1, err)
		}
		rec := &recorder{st: st, cell: c}
		st.mu.Lock()
		c.Outputs = []Output{}
		c.ExecutionCount = nil
		st.ran[c] = true
		st.order = append(st.order, c)
		st.mu.Unlock()

		count, err := x.Execute(ctx, c.Source, rec)

		st.mu.Lock()
		rec.closed = true
		if count > 0 {
			c.ExecutionCount = &count
		}
		st.mu.Unlock()
		if err == nil {
			continue
		}
		var ce *kernel.CellError
		if !errors.As(err, &ce) {
			return fmt.Errorf("notebook: cell %d: %w", i+1, err)
		}
		failed := &CellFailedError{Index: i, Count: count, Err: ce}
		if !opts.KeepGoing {
			return failed
		}
		if first == nil {
			first = failed
		}
	}
	return first
}

// runState is shared by the recorders of one Run, because display updates
// reach across cells: updating a display id changes it wherever it is.
type runState struct {
	mu    sync.Mutex
	ran   map[*Cell]bool
	order []*Cell
	done  bool
}

// recorder turns one cell's kernel.Output calls into nbformat outputs, the
// way a Jupyter front end assembles IOPub messages into a cell's output
// area.
type recorder struct {
	st     *runState
	cell   *Cell
	closed bool // the cell has ended; guarded by st.mu
	// clearPending is a clear_output(wait=True) waiting for the next output,
	// which avoids flicker in a live front end and must give the same final
	// state here.
	clearPending bool
}

var _ kernel.Output = (*recorder)(nil)

// add appends o, applying a pending clear first. st.mu must be held.
func (r *recorder) add(o Output) {
	if r.clearPending {
		r.cell.Outputs = []Output{}
		r.clearPending = false
	}
	r.cell.Outputs = append(r.cell.Outputs, o)
}

// Stream appends to the previous output when it is the same stream, since
// programs write in arbitrary chunks and Jupyter shows (and saves) one block.
func (r *recorder) Stream(name, text string) {
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	if r.closed || r.st.done {
		return
	}
	if n := len(r.cell.Outputs); n > 0 && !r.clearPending {
		last := &r.cell.Outputs[n-1]
		if last.OutputType == Stream && last.Name == name {
			// Only the last line can be overwritten by a carriage return.
			cut := strings.LastIndexByte(last.Text, '\n') + 1
			last.Text = last.Text[:cut] + carriageReturns(last.Text[cut:]+text)
			return
		}
	}
	r.add(Output{OutputType: Stream, Name: name, Text: carriageReturns(text)})
}

// Display adds a display_data output, or with update replaces the data of
// every earlier display shown with id, in any cell of this run.
func (r *recorder) Display(b display.Bundle, id string, update bool) {
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	if r.st.done {
		return
	}
	if update {
		if id == "" {
			return
		}
		for _, c := range r.st.order {
			for i := range c.Outputs {
				if o := &c.Outputs[i]; o.displayID == id {
					o.Data, o.Metadata = bundleData(b)
				}
			}
		}
		return
	}
	if r.closed {
		return
	}
	o := Output{OutputType: DisplayData, displayID: id}
	o.Data, o.Metadata = bundleData(b)
	r.add(o)
}

// Result adds the cell's execute_result, Out[count].
func (r *recorder) Result(count int, b display.Bundle) {
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	if r.closed || r.st.done {
		return
	}
	o := Output{OutputType: ExecuteResult, ExecutionCount: &count}
	o.Data, o.Metadata = bundleData(b)
	r.add(o)
}

// Error adds the error output.
func (r *recorder) Error(e *kernel.CellError) {
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	if r.closed || r.st.done || e == nil {
		return
	}
	tb := append([]string{}, e.Traceback...)
	r.add(Output{OutputType: Error, Ename: e.Name, Evalue: e.Value, Traceback: tb})
}

// Clear empties the cell's outputs now, or with wait when the next output
// arrives (display updates do not count, as in JupyterLab).
func (r *recorder) Clear(wait bool) {
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	if r.closed || r.st.done {
		return
	}
	if wait {
		r.clearPending = true
		return
	}
	r.cell.Outputs = []Output{}
	r.clearPending = false
}

// Input always fails: a headless run has nobody to ask, and failing is
// better than hanging.
func (r *recorder) Input(prompt string, password bool) (string, error) {
	return "", fmt.Errorf("%w: cannot answer the prompt %q", ErrNoInput, prompt)
}

// Page records pager content as a display_data output, which is how
// nbclient keeps it: a saved notebook has no pager.
func (r *recorder) Page(b display.Bundle) {
	r.Display(b, "", false)
}

// bundleData copies a bundle's maps so that a cell reusing its bundle
// cannot change what was recorded.
func bundleData(b display.Bundle) (data, metadata map[string]any) {
	data = make(map[string]any, len(b.Data))
	for mime, v := range b.Data {
		data[mime] = normalize(mime, v)
	}
	if b.Metadata != nil {
		metadata = maps.Clone(b.Metadata)
	}
	return data, metadata
}

// carriageReturns applies "\r" the way a terminal (and JupyterLab) does:
// text after it overwrites the start of the line. Progress bars redraw
// with "\r"; without this a saved notebook would hold every frame. A
// trailing "\r" is kept, since the next chunk of the stream overwrites.
func carriageReturns(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	var out strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		body, nl := strings.CutSuffix(line, "\n")
		// "\r\n" is a plain line end; a final "\r" waits for more text.
		pending := !nl && strings.HasSuffix(body, "\r")
		body = strings.TrimRight(body, "\r")
		segs := strings.Split(body, "\r")
		cur := []rune(segs[0])
		for _, seg := range segs[1:] {
			r := []rune(seg)
			if len(r) >= len(cur) {
				cur = r
			} else {
				copy(cur, r)
			}
		}
		out.WriteString(string(cur))
		if pending {
			out.WriteByte('\r')
		}
		if nl {
			out.WriteByte('\n')
		}
	}
	return out.String()
}
