// Package nb is what a notebook cell uses to talk to its notebook: show a
// value, HTML or Markdown, update or clear what it showed, page a text, and
// ask the user for input. The sparkgo kernel and `sparkgo-kernel run` attach
// a [Frontend] while a cell runs; outside a notebook (a plain Go program)
// every function falls back to standard output and standard input, so code
// written in a notebook keeps working when moved into a program.
//
// The API has no generics, so the kernel's interpreter can call it; cells
// see it as the package nb.
package nb

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/sparkgo/sparkgo/display"
)

// Frontend receives a cell's displays and input requests. The kernel and
// the notebook runner implement it; see [Attach].
type Frontend interface {
	// Show renders v (a DataFrame, a display.Bundle, an error, any value)
	// and displays it. A non-empty id names the display so that a later
	// Show with update set replaces it in place.
	Show(v any, id string, update bool) error
	// Clear clears the cell's output; with wait set, only when new output
	// arrives.
	Clear(wait bool)
	// Input asks the user for one line of text, hiding it when password is
	// set. It fails when the front end cannot prompt.
	Input(prompt string, password bool) (string, error)
	// Page shows a long text in the front end's pager.
	Page(text string)
}

var (
	mu       sync.RWMutex
	frontend Frontend
)

// Attach makes f the front end of the functions in this package and
// returns a function that restores the previous one. The kernel calls it
// once; cells never need to.
func Attach(f Frontend) (restore func()) {
	mu.Lock()
	prev := frontend
	frontend = f
	mu.Unlock()
	return func() {
		mu.Lock()
		frontend = prev
		mu.Unlock()
	}
}

func current() Frontend {
	mu.RLock()
	defer mu.RUnlock()
	return frontend
}

// Display shows v: a DataFrame as a table of its first rows, a
// display.Bundle as itself, an error as an error, anything else as text.
func Display(v any) error {
	return show(v, "", false)
}

// DisplayID shows v like [Display] under the name id, so that [Update] can
// replace it later.
func DisplayID(id string, v any) error {
	if id == "" {
		return errors.New("nb: DisplayID needs a non-empty id")
	}
	return show(v, id, false)
}

// Update replaces the display named id (see [DisplayID]) with v.
func Update(id string, v any) error {
	if id == "" {
		return errors.New("nb: Update needs the id given to DisplayID")
	}
	return show(v, id, true)
}

// HTML shows an HTML fragment.
func HTML(html string) error {
	return show(display.Bundle{Data: map[string]any{
		display.MIMEText: "[HTML]", display.MIMEHTML: html,
	}}, "", false)
}

// Markdown shows a Markdown text.
func Markdown(markdown string) error {
	return show(display.Bundle{Data: map[string]any{
		display.MIMEText: markdown, display.MIMEMarkdown: markdown,
	}}, "", false)
}

// Bundle shows a MIME bundle made by the display package or by hand.
func Bundle(b display.Bundle) error {
	return show(b, "", false)
}

func show(v any, id string, update bool) error {
	if f := current(); f != nil {
		return f.Show(v, id, update)
	}
	switch x := v.(type) {
	case display.Bundle:
		_, err := fmt.Println(x.Text())
		return err
	default:
		_, err := fmt.Println(v)
		return err
	}
}

// Clear clears the cell's output now.
func Clear() {
	if f := current(); f != nil {
		f.Clear(false)
	}
}

// ClearWait clears the cell's output as soon as new output arrives, which
// avoids flicker when a cell redraws in a loop.
func ClearWait() {
	if f := current(); f != nil {
		f.Clear(true)
	}
}

// Page shows text in the front end's pager (a side panel in JupyterLab),
// or prints it outside a notebook.
func Page(text string) {
	if f := current(); f != nil {
		f.Page(text)
		return
	}
	fmt.Println(text)
}

// Input asks the user for a line of text, after showing prompt.
func Input(prompt string) (string, error) {
	return input(prompt, false)
}

// Password asks the user for a secret (a token, say) without echoing it.
func Password(prompt string) (string, error) {
	return input(prompt, true)
}

func input(prompt string, password bool) (string, error) {
	if f := current(); f != nil {
		return f.Input(prompt, password)
	}
	fmt.Fprint(os.Stdout, prompt)
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("nb: reading input: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// Renderer is implemented by values that know how to show themselves, such
// as ML models (model cards). The kernel displays a cell's value with
// Render when it has the method.
type Renderer interface {
	Render() display.Bundle
}
