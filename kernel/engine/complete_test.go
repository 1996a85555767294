package engine

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func newCompletionEngine(t *testing.T) *Engine {
	t.Helper()
	e, err := New(Options{
		Prelude: `import (
	"fmt"
	"strings"
)
var sb strings.Builder
var rep = strings.NewReplacer("a", "b")
var nums = []*strings.Reader{strings.NewReader("x")}
var héllo = 1
func myFunc(a int) string { return fmt.Sprint(a) }
type myType struct{ A int }
const myConst = 3
pt := struct {
	Name string
	age  int
}{"p", 1}`,
		Doc: func(importPath, name string) string { return "doc of " + importPath + " " + name },
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestComplete(t *testing.T) {
	tests := []struct {
		name       string
		code       string
		cursor     int // rune offset; -1 means the end
		want       []string
		contains   []string // when the exact set is too long to list
		start, end int
	}{
		{name: "package members", code: "fmt.Print", cursor: -1, want: []string{"Print", "Printf", "Println"}, start: 4, end: 9},
		{name: "package members mid-line", code: "x := fmt.Sprin(1)", cursor: 14, want: []string{"Sprint", "Sprintf", "Sprintln"}, start: 9, end: 14},
		{name: "methods of a compiled global with pointer methods", code: "sb.Wr", cursor: -1, want: []string{"Write", "WriteByte", "WriteRune", "WriteString"}, start: 3, end: 5},
		{name: "all members after a dot", code: "sb.", cursor: -1, contains: []string{"Grow", "Len", "String", "WriteString"}, start: 3, end: 3},
		{name: "methods of a pointer global", code: "rep.R", cursor: -1, want: []string{"Replace"}, start: 4, end: 5},
		{name: "chained call result", code: `strings.NewReader("x").ReadR`, cursor: -1, want: []string{"ReadRune"}, start: 23, end: 28},
		{name: "index then method", code: "nums[0].Si", cursor: -1, want: []string{"Size"}, start: 8, end: 10},
		{name: "globals, functions and types", code: "my", cursor: -1, want: []string{"myConst", "myFunc", "myType"}, start: 0, end: 2},
		{name: "keywords, builtins and packages", code: "str", cursor: -1, want: []string{"string", "strings", "struct"}, start: 0, end: 3},
		{name: "rune offsets after non-ASCII text", code: `s := "héllo wörld"; fmt.Printl`, cursor: -1, want: []string{"Println"}, start: 24, end: 30},
		{name: "non-ASCII identifier", code: "hé", cursor: -1, want: []string{"héllo"}, start: 0, end: 2},
		{name: "cursor before the end", code: "fmt.Pr + 1", cursor: 6, contains: []string{"Print", "Println"}, start: 4, end: 6},
		{name: "fields of a cell struct value", code: "pt.", cursor: -1, want: []string{"Name", "age"}, start: 3, end: 3},
		{name: "unknown receiver", code: "nosuch.", cursor: -1, want: nil, start: 7, end: 7},
		{name: "inside a string", code: `x := "fm`, cursor: -1, want: nil, start: 6, end: 8},
	}
	e := newCompletionEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cursor := tt.cursor
			if cursor < 0 {
				cursor = len([]rune(tt.code))
			}
			got, start, end := e.Complete(tt.code, cursor)
			if tt.contains != nil {
				for _, c := range tt.contains {
					if !slices.Contains(got, c) {
						t.Errorf("Complete = %v, missing %q", got, c)
					}
				}
			} else if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Complete = %v, want %v", got, tt.want)
			}
			if start != tt.start || end != tt.end {
				t.Errorf("range = [%d, %d), want [%d, %d)", start, end, tt.start, tt.end)
			}
		})
	}
}

func TestCompleteDoesNotRunCode(t *testing.T) {
	e := newCompletionEngine(t)
	eval(t, e, "calls := 0\nfunc sideEffect() *strings.Builder { calls++; return nil }")
	e.Complete("sideEffect().Wr", 15)
	e.Inspect("sideEffect().WriteString", 20)
	if v, _ := e.Global("calls"); v.Interface() != 0 {
		t.Errorf("completion ran cell code: calls = %v", v)
	}
}

func TestInspect(t *testing.T) {
	tests := []struct {
		name, code          string
		cursor              int // -1: end
		kind, sig, doc, nam string
		hasValue            bool
	}{
		{name: "package func", code: "fmt.Println", cursor: -1, kind: "func", nam: "fmt.Println", sig: "func Println(...interface {}) (int, error)", doc: "doc of fmt Println"},
		{name: "cursor mid-name", code: "fmt.Println(1)", cursor: 6, kind: "func", nam: "fmt.Println"},
		{name: "inside call arguments", code: "fmt.Println(1, ", cursor: -1, kind: "func", nam: "fmt.Println"},
		{name: "package", code: "strings", cursor: -1, kind: "package", nam: "strings", doc: "doc of strings "},
		{name: "compiled type", code: "strings.Builder", cursor: -1, kind: "type", sig: "type Builder struct"},
		{name: "global variable", code: "sb", cursor: -1, kind: "var", nam: "sb", sig: "var sb strings.Builder = ", hasValue: true},
		{name: "method of a global", code: "sb.WriteString", cursor: -1, kind: "func", nam: "Builder.WriteString", sig: "func (*strings.Builder) WriteString(string) (int, error)", doc: "doc of strings Builder.WriteString"},
		{name: "cell function", code: "myFunc", cursor: -1, kind: "func", sig: "func myFunc(a int) string"},
		{name: "cell type", code: "myType", cursor: -1, kind: "type", sig: "type myType struct{ A int }"},
		{name: "cell constant", code: "myConst", cursor: -1, kind: "const", sig: "const myConst = 3"},
	}
	e := newCompletionEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cursor := tt.cursor
			if cursor < 0 {
				cursor = len([]rune(tt.code))
			}
			info, ok := e.Inspect(tt.code, cursor)
			if !ok {
				t.Fatalf("Inspect(%q) found nothing", tt.code)
			}
			if info.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", info.Kind, tt.kind)
			}
			if tt.nam != "" && info.Name != tt.nam {
				t.Errorf("Name = %q, want %q", info.Name, tt.nam)
			}
			if !strings.HasPrefix(info.Signature, tt.sig) {
				t.Errorf("Signature = %q, want prefix %q", info.Signature, tt.sig)
			}
			if tt.doc != "" && info.Doc != tt.doc {
				t.Errorf("Doc = %q, want %q", info.Doc, tt.doc)
			}
			if info.Value.IsValid() != tt.hasValue {
				t.Errorf("Value valid = %v, want %v", info.Value.IsValid(), tt.hasValue)
			}
		})
	}
	if _, ok := e.Inspect("  ", 1); ok {
		t.Error("Inspect of blanks found something")
	}
}

func TestIsComplete(t *testing.T) {
	tests := []struct {
		code, status, indent string
	}{
		{"x := 1", "complete", ""},
		{"func f() int { return 1 }", "complete", ""},
		{"y := 2\nfunc h() int { return y * 2 }\nh()", "complete", ""},
		{"", "complete", ""},
		{"x := := 1", "invalid", ""},
		{"x)", "invalid", ""},
		{"func f() int {", "incomplete", "\t"},
		{"if x {\n\tfor {", "incomplete", "\t\t"},
		{"f(a,", "incomplete", "\t"},
		{"x := 1 +", "incomplete", "\t"},
		{"s := `raw", "incomplete", ""},
		{`s := "open`, "incomplete", ""},
		{"/* comment", "incomplete", ""},
		{"x := []int{\n\t1,\n}", "complete", ""},
	}
	for _, tt := range tests {
		status, indent := IsComplete(tt.code)
		if status != tt.status || indent != tt.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", tt.code, status, indent, tt.status, tt.indent)
		}
	}
}

func TestStringArgAt(t *testing.T) {
	tests := []struct {
		name   string
		code   string
		cursor int // -1: end
		ok     bool
		want   StringArg
	}{
		{name: "nested calls", code: `mtcars.GroupBy("am").Agg(F.Mean("m`, cursor: -1, ok: true, want: StringArg{
			Prefix: "m", Start: 33, End: 34,
			Calls: []Call{
				{Func: "F.Mean", Method: "Mean", Root: "F"},
				{Func: `mtcars.GroupBy("am").Agg`, Method: "Agg", Root: "mtcars"},
			},
		}},
		{name: "table name", code: `spark.Table("mt`, cursor: -1, ok: true, want: StringArg{
			Prefix: "mt", Start: 13, End: 15,
			Calls: []Call{{Func: "spark.Table", Method: "Table", Root: "spark"}},
		}},
		{name: "closed literal, cursor inside", code: `df.Select("cyl", "mp")`, cursor: 20, ok: true, want: StringArg{
			Prefix: "mp", Start: 18, End: 20,
			Calls: []Call{{Func: "df.Select", Method: "Select", Root: "df"}},
		}},
		{name: "non-ASCII before", code: `s := "é"; spark.Sql("SELECT é`, cursor: -1, ok: true, want: StringArg{
			Prefix: "SELECT é", Start: 21, End: 29,
			Calls: []Call{{Func: "spark.Sql", Method: "Sql", Root: "spark"}},
		}},
		{name: "raw string", code: "spark.Sql(`SELECT\n  *", cursor: -1, ok: true, want: StringArg{
			Prefix: "SELECT\n  *", Start: 11, End: 21,
			Calls: []Call{{Func: "spark.Sql", Method: "Sql", Root: "spark"}},
		}},
		{name: "inside a composite literal argument", code: `df.Select([]string{"a", "b`, cursor: -1, ok: true, want: StringArg{
			Prefix: "b", Start: 25, End: 26,
			Calls: []Call{{Func: "df.Select", Method: "Select", Root: "df"}},
		}},
		{name: "not a call argument", code: `x := "ab`, cursor: -1},
		{name: "after the closing quote", code: `f("ab")`, cursor: 6},
		{name: "not in a string", code: `f(ab`, cursor: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cursor := tt.cursor
			if cursor < 0 {
				cursor = len([]rune(tt.code))
			}
			got, ok := StringArgAt(tt.code, cursor)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tt.ok, got)
			}
			if ok && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("StringArgAt = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
