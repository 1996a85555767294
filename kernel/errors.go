package kernel

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/kernel/engine"
)

// ANSI colours of tracebacks, as Jupyter front ends render them.
const (
	ansiRed   = "\x1b[0;31m"
	ansiGreen = "\x1b[0;32m"
	ansiReset = "\x1b[0m"
)

// UsageError is a mistake in a magic line: an unknown magic, a missing or
// bad argument.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// report turns the error that ended a cell into the one error output
// Jupyter expects, preceded, for Spark errors, by their rich rendering.
func (x *Executor) report(err error, out Output) *CellError {
	ce := cellError(err)
	var se *connect.SparkError
	if errors.As(err, &se) {
		out.Display(display.Error(err, display.ErrorOptions{}), "", false)
	}
	out.Error(ce)
	return ce
}

// cellError classifies err into Jupyter's ename, evalue and traceback.
func cellError(err error) *CellError {
	var (
		ce   *engine.CompileError
		pe   *engine.PanicError
		ee   *engine.ExitError
		se   *connect.SparkError
		ue   *UsageError
		cell *CellError
	)
	switch {
	case errors.As(err, &cell):
		return cell
	case errors.Is(err, context.Canceled), errors.Is(err, errInterrupted):
		return &CellError{Name: "Interrupted", Value: "the cell was interrupted",
			Traceback: []string{ansiRed + "Interrupted" + ansiReset + ": the cell was interrupted; the kernel keeps its state"}}
	case errors.As(err, &ce):
		tb := []string{ansiRed + "CompileError" + ansiReset + ": the cell does not compile"}
		for _, d := range ce.Diagnostics {
			tb = append(tb, fmt.Sprintf("%sline %d:%d%s: %s", ansiGreen, d.Line, d.Col, ansiReset, d.Msg))
		}
		value := err.Error()
		if len(ce.Diagnostics) > 0 {
			d := ce.Diagnostics[0]
			value = fmt.Sprintf("%d:%d: %s", d.Line, d.Col, d.Msg)
		}
		return &CellError{Name: "CompileError", Value: value, Traceback: tb}
	case errors.As(err, &pe):
		value := fmt.Sprint(pe.Value)
		tb := []string{ansiRed + "panic" + ansiReset + ": " + value}
		for _, f := range pe.Stack {
			tb = append(tb, "    "+f)
		}
		return &CellError{Name: "panic", Value: value, Traceback: tb}
	case errors.As(err, &ee):
		msg := fmt.Sprintf("the cell called os.Exit(%d); the kernel keeps running", ee.Code)
		return &CellError{Name: "Exit", Value: msg, Traceback: []string{ansiRed + "Exit" + ansiReset + ": " + msg}}
	case errors.As(err, &se):
		text := display.Error(err, display.ErrorOptions{}).Text()
		name := "SparkError"
		if se.ErrorClass != "" {
			name = se.ErrorClass
		}
		return &CellError{Name: name, Value: se.Message, Traceback: colourFirst(strings.Split(text, "\n"))}
	case errors.As(err, &ue):
		return &CellError{Name: "UsageError", Value: ue.Msg, Traceback: []string{ansiRed + "UsageError" + ansiReset + ": " + ue.Msg}}
	}
	return &CellError{Name: "error", Value: err.Error(), Traceback: []string{ansiRed + "error" + ansiReset + ": " + err.Error()}}
}

func colourFirst(lines []string) []string {
	if len(lines) > 0 {
		lines[0] = ansiRed + lines[0] + ansiReset
	}
	return lines
}
