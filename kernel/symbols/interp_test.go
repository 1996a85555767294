package symbols

import (
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// newInterp returns an interpreter that sees the standard library and the
// packages of Symbols, as the kernel's does.
func newInterp(t *testing.T) *interp.Interpreter {
	t.Helper()
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if err := i.Use(Symbols); err != nil {
		t.Fatal(err)
	}
	return i
}

// TestInterpreter runs cells that use the exported packages, none of which
// needs a Spark server.
func TestInterpreter(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cells []string
		want  any // the value of the last cell
	}{
		{"frame column", []string{
			`import F "github.com/sparkgo/sparkgo/frame"`,
			`c := F.Col("mpg").Gt(F.Lit(20))`,
			`c.Err() == nil && strings.Contains(c.Proto().String(), "mpg")`,
		}, true},
		{"frame bad literal", []string{
			`import F "github.com/sparkgo/sparkgo/frame"`,
			`F.Lit(make(chan int)).Err() != nil`,
		}, true},
		{"datasets", []string{
			`import "github.com/sparkgo/sparkgo/datasets"`,
			`cars := datasets.Mtcars()`,
			`fmt.Sprint(len(cars), " ", cars[0].Model, " ", len(datasets.Iris()))`,
		}, "32 Mazda RX4 150"},
		{"display bundle", []string{
			`import "github.com/sparkgo/sparkgo/display"`,
			`b := display.Bundle{Data: map[string]any{display.MIMEText: "hello"}}`,
			`b.Text()`,
		}, "hello"},
		{"arrow to display", []string{
			`import (
				"github.com/apache/arrow-go/v18/arrow"
				"github.com/apache/arrow-go/v18/arrow/array"
				"github.com/apache/arrow-go/v18/arrow/memory"
				"github.com/sparkgo/sparkgo/display"
				"github.com/sparkgo/sparkgo/frame"
			)`,
			`schema := arrow.NewSchema([]arrow.Field{{Name: "mpg", Type: arrow.PrimitiveTypes.Float64}}, nil)`,
			`bld := array.NewFloat64Builder(memory.DefaultAllocator)`,
			`bld.AppendValues([]float64{21, 22.8}, nil)`,
			`arr := bld.NewFloat64Array()`,
			`rec := array.NewRecordBatch(schema, []arrow.Array{arr}, 2)`,
			`txt := display.Table(rec, display.TableOptions{}).Text()`,
			`fmt.Sprint(arr.Len(), " ", frame.Value(arr, 1), " ", strings.Contains(txt, "22.8"), " ", strings.Contains(display.Schema(schema).Text(), "mpg"))`,
		}, "2 22.8 true true"},
		{"nb", []string{
			`import "github.com/sparkgo/sparkgo/nb"`,
			`f := nb.Page`,
			`f != nil`,
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := newInterp(t)
			if _, err := i.Eval(`import ("fmt"; "strings")`); err != nil {
				t.Fatal(err)
			}
			var last any
			for _, cell := range tc.cells {
				v, err := i.Eval(cell)
				if err != nil {
					t.Fatalf("%s: %v", cell, err)
				}
				if v.IsValid() {
					last = v.Interface()
				}
			}
			if last != tc.want {
				t.Errorf("got %#v, want %#v", last, tc.want)
			}
		})
	}
}
