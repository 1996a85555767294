package engine

import (
	"fmt"
	"strings"
)

// CompileError reports why a cell could not be compiled.
type CompileError struct {
	Diagnostics []Diagnostic
}

// Diagnostic is one compile error, positioned in the cell's own coordinates.
type Diagnostic struct {
	Line, Col int // 1-based; Col counts runes
	Msg       string
}

func (d Diagnostic) String() string { return fmt.Sprintf("%d:%d: %s", d.Line, d.Col, d.Msg) }

// Error lists the diagnostics, one "line:col: msg" per line.
func (e *CompileError) Error() string {
	lines := make([]string, len(e.Diagnostics))
	for i, d := range e.Diagnostics {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// PanicError reports a panic raised by the cell or by compiled code it
// called. The engine stays usable afterwards.
type PanicError struct {
	Value any
	// Stack holds the interpreted frames, innermost first, as
	// "func at line:col"; positions are in the coordinates of the cell that
	// declared the function.
	Stack []string
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap exposes a panic value that is an error (a runtime.Error for
// instance), so that errors.As can reach it.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// ExitError reports that the cell called os.Exit. The process keeps running:
// notebooks must survive code written as a program.
type ExitError struct {
	Code int
}

func (e *ExitError) Error() string { return fmt.Sprintf("os.Exit(%d) called", e.Code) }
