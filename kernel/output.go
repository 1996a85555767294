package kernel

import (
	"github.com/sparkgo/sparkgo/display"
)

// Output receives everything a running cell produces. The Jupyter front end
// ([Serve]) publishes it on IOPub; the notebook runner records it as
// nbformat outputs. Methods are called from the goroutine running the cell
// and, for Stream and Display, from goroutines the cell started, so
// implementations must be safe for concurrent use.
type Output interface {
	// Stream appends text to the cell's "stdout" or "stderr" stream.
	Stream(name, text string)
	// Display shows b. A non-empty id is the display's display_id; with
	// update set, b replaces the display of that id wherever it is shown.
	Display(b display.Bundle, id string, update bool)
	// Result shows b as the cell's value, Out[count].
	Result(count int, b display.Bundle)
	// Error reports the error that ended the cell.
	Error(e *CellError)
	// Clear clears the cell's output; with wait set, only once new output
	// arrives.
	Clear(wait bool)
	// Input asks the user for a line of text (hidden when password is set).
	// It fails when the front end cannot prompt (allow_stdin is false, or a
	// headless run).
	Input(prompt string, password bool) (string, error)
	// Page shows b in the front end's pager.
	Page(b display.Bundle)
}

// CellError is how a failed cell is reported: Jupyter's ename, evalue and
// traceback (lines that may hold ANSI colour codes).
type CellError struct {
	Name      string
	Value     string
	Traceback []string
}

// Error returns "Name: Value".
func (e *CellError) Error() string { return e.Name + ": " + e.Value }
