package nb_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/nb"
)

// frontend records what package nb sends it.
type frontend struct {
	shown   []any
	ids     []string
	updates []bool
	clears  []bool
	pages   []string
	prompts []string
}

func (f *frontend) Show(v any, id string, update bool) error {
	f.shown = append(f.shown, v)
	f.ids = append(f.ids, id)
	f.updates = append(f.updates, update)
	return nil
}

func (f *frontend) Clear(wait bool) { f.clears = append(f.clears, wait) }

func (f *frontend) Input(prompt string, password bool) (string, error) {
	f.prompts = append(f.prompts, prompt)
	if password {
		return "secret", nil
	}
	return "Ada", nil
}

func (f *frontend) Page(text string) { f.pages = append(f.pages, text) }

func TestFrontend(t *testing.T) {
	f := &frontend{}
	restore := nb.Attach(f)
	defer restore()

	if err := nb.Display(42); err != nil {
		t.Fatal(err)
	}
	if err := nb.DisplayID("p", "one"); err != nil {
		t.Fatal(err)
	}
	if err := nb.Update("p", "two"); err != nil {
		t.Fatal(err)
	}
	if err := nb.HTML("<b>hi</b>"); err != nil {
		t.Fatal(err)
	}
	if err := nb.Markdown("# hi"); err != nil {
		t.Fatal(err)
	}
	nb.Clear()
	nb.ClearWait()
	nb.Page("long text")
	name, _ := nb.Input("name? ")
	token, _ := nb.Password("token? ")

	if !reflect.DeepEqual(f.ids, []string{"", "p", "p", "", ""}) || !reflect.DeepEqual(f.updates, []bool{false, false, true, false, false}) {
		t.Errorf("ids %q updates %v", f.ids, f.updates)
	}
	if f.shown[0] != 42 || f.shown[2] != "two" {
		t.Errorf("shown %v", f.shown)
	}
	html := f.shown[3].(display.Bundle)
	if html.Data[display.MIMEHTML] != "<b>hi</b>" || html.Data[display.MIMEText] == "" {
		t.Errorf("HTML bundle %v", html.Data)
	}
	md := f.shown[4].(display.Bundle)
	if md.Data[display.MIMEMarkdown] != "# hi" {
		t.Errorf("Markdown bundle %v", md.Data)
	}
	if !reflect.DeepEqual(f.clears, []bool{false, true}) || !reflect.DeepEqual(f.pages, []string{"long text"}) {
		t.Errorf("clears %v pages %v", f.clears, f.pages)
	}
	if name != "Ada" || token != "secret" || !reflect.DeepEqual(f.prompts, []string{"name? ", "token? "}) {
		t.Errorf("input %q %q prompts %q", name, token, f.prompts)
	}
}

func TestBadIDs(t *testing.T) {
	if err := nb.DisplayID("", 1); err == nil {
		t.Error("DisplayID with no id: no error")
	}
	if err := nb.Update("", 1); err == nil {
		t.Error("Update with no id: no error")
	}
}

func TestRestore(t *testing.T) {
	outer := &frontend{}
	restoreOuter := nb.Attach(outer)
	inner := &frontend{}
	restoreInner := nb.Attach(inner)
	nb.Display(1)
	restoreInner()
	nb.Display(2)
	restoreOuter()
	if len(inner.shown) != 1 || len(outer.shown) != 1 || outer.shown[0] != 2 {
		t.Errorf("inner %v outer %v", inner.shown, outer.shown)
	}
}

// Outside a notebook, displays print their text.
func ExampleDisplay() {
	nb.Display(display.Bundle{Data: map[string]any{display.MIMEText: "a table"}})
	nb.Display(errors.New("an error"))
	// Output:
	// a table
	// an error
}
