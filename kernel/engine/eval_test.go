package engine

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"
)

// syncBuffer is a bytes.Buffer safe for the goroutines cells start.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func (b *syncBuffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.b.Reset()
}

const testPrelude = `import (
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"
)`

func newTestEngine(t *testing.T) (*Engine, *syncBuffer, *syncBuffer) {
	t.Helper()
	var stdout, stderr syncBuffer
	e, err := New(Options{Stdout: &stdout, Stderr: &stderr, Prelude: testPrelude})
	if err != nil {
		t.Fatal(err)
	}
	return e, &stdout, &stderr
}

func eval(t *testing.T, e *Engine, cell string) Result {
	t.Helper()
	res, err := e.Eval(context.Background(), cell)
	if err != nil {
		t.Fatalf("Eval(%q): %v", cell, err)
	}
	return res
}

func TestEvalValues(t *testing.T) {
	tests := []struct {
		name string
		cell string
		want []any
	}{
		{"int", "1 + 2", []any{3}},
		{"string", `"a" + "b"`, []any{"ab"}},
		{"multi-valued with nil error", "func two() (int, error) { return 4, nil }\ntwo()", []any{4, nil}},
		{"value and error", `func fail() (int, error) { return 0, errors.New("bad") }` + "\nfail()", []any{0, errors.New("bad")}},
		{"void call", "func void() {}\nvoid()", nil},
		{"Println", `fmt.Println("hi")`, nil},
		{"Printf", `fmt.Printf("%d\n", 1)`, nil},
		{"Fprintln", `fmt.Fprintln(os.Stdout, "x")`, nil},
		{"log.Println", `log.Println("x")`, nil},
		{"Sprint is a value", `fmt.Sprint(12)`, []any{"12"}},
		{"ends in declaration", "x0 := 1\nfunc later() {}", nil},
		{"ends in assignment", "x1 := 1\nx1 = 2", nil},
		{"define", "x2 := 5", nil},
		{"global read", "x3 := 6\nx3", []any{6}},
		{"explicit semicolons", "a4 := 1; b4 := 2; a4 + b4", []any{3}},
		{"use before declaration", "f5()\nfunc f5() int { return g5() }\nfunc g5() int { return 7 }\nf5()", []any{7}},
		{"declaration uses a cell variable", "y6 := 2\nfunc h6() int { return y6 * 2 }\nh6()", []any{4}},
		{"func literal statement", "v7 := 0\nfunc() { v7 = 9 }()\nv7", []any{9}},
		{"method declaration", "type T8 struct{ N int }\nfunc (t T8) Twice() int { return 2 * t.N }\nT8{N: 4}.Twice()", []any{8}},
		{"import in the middle", "n9 := 3\nimport \"strconv\"\nstrconv.Itoa(n9)", []any{"3"}},
		{"comment only", "// nothing", nil},
		{"empty", "  \n", nil},
	}
	e, _, _ := newTestEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := eval(t, e, tt.cell).Values
			if len(got) != len(tt.want) || (got == nil) != (tt.want == nil) {
				t.Fatalf("Values = %#v, want %#v", got, tt.want)
			}
			for i := range got {
				ge, gIsErr := got[i].(error)
				we, wIsErr := tt.want[i].(error)
				if gIsErr && wIsErr && ge.Error() == we.Error() {
					continue
				}
				if !reflect.DeepEqual(got[i], tt.want[i]) {
					t.Errorf("Values[%d] = %#v, want %#v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestStateAcrossCells(t *testing.T) {
	e, _, _ := newTestEngine(t)
	steps := []struct {
		cell string
		want any
	}{
		{"x := 1", nil},
		{"x + 1", 2},
		{`x := "s"`, nil},
		{"x + x", "ss"},
		{"func g() int { return 1 }\nfunc f() int { return g() * 10 }", nil},
		{"f()", 10},
		// f was declared in an earlier cell: the engine re-evaluates it so
		// it calls the new g (yaegi #1673).
		{"func g() int { return 2 }", nil},
		{"f()", 20},
		{"type P struct{ A int }\nP{A: 1}.A", 1},
		// yaegi alone would keep the first definition of a type.
		{"type R struct{ A int }\nR{1}.A", 1},
		{"type R struct{ A, B int }\nfunc (r R) Sum() int { return r.A + r.B }\nR{1, 2}.Sum()", 3},
		{"R{A: 3, B: 4}.B", 4},
		{"type R string\nR(\"s\")", "s"},
		{"type L struct{ Next *L; V int }\n(&L{V: 1}).V", 1},
		{"type L struct{ Next *L; W int }\nl := L{W: 2, Next: &L{W: 3}}\nl.Next.W", 3},
		{"var counter int\nfunc inc() { counter++ }", nil},
		{"inc(); inc(); counter", 2},
	}
	for _, s := range steps {
		res := eval(t, e, s.cell)
		var got any
		if len(res.Values) == 1 {
			got = res.Values[0]
		}
		if !reflect.DeepEqual(got, s.want) {
			t.Errorf("Eval(%q) = %#v, want %#v", s.cell, got, s.want)
		}
	}
	if v, ok := e.Global("counter"); !ok || v.Interface() != 2 {
		t.Errorf("Global(counter) = %v, %v; want 2", v, ok)
	}
	if _, ok := e.Global("nosuch"); ok {
		t.Error("Global(nosuch) found")
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name string
		cell string
		want []Diagnostic
	}{
		{"syntax", "x := := 1", []Diagnostic{{1, 6, "expected operand, found ':='"}}},
		{"syntax on line 3", "a := 1\nb := 2\nc := )", []Diagnostic{{3, 6, "expected operand, found ')'"}}},
		{"several syntax errors", "x := := 1\nfunc g() { y := ) }", []Diagnostic{
			{1, 6, "expected operand, found ':='"},
			{2, 17, "expected operand, found ')'"},
		}},
		{"undefined in statement", "a := 1\nb := zz", []Diagnostic{{2, 6, "undefined: zz"}}},
		{"undefined after non-ASCII", "é := \"é\"; b := zz", []Diagnostic{{1, 16, "undefined: zz"}}},
		{"undefined in a func literal statement", "func() {\n\tuse(nothing)\n}()", []Diagnostic{{2, 2, "undefined: use"}}},
		{"type error in shown expression", "z := 1\nz + \"s\"", nil},
		{"error in declaration", "func bad() int { return \"s\" }", nil},
	}
	e, _, _ := newTestEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Eval(context.Background(), tt.cell)
			var ce *CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %T %v, want *CompileError", err, err)
			}
			if tt.want == nil {
				if len(ce.Diagnostics) == 0 || ce.Diagnostics[0].Line != strings.Count(tt.cell, "\n")+1 {
					t.Errorf("diagnostics %v, want one on the last line", ce.Diagnostics)
				}
				return
			}
			if !reflect.DeepEqual(ce.Diagnostics, tt.want) {
				t.Errorf("diagnostics\n%v\nwant\n%v", ce.Diagnostics, tt.want)
			}
		})
	}
	// The engine stays usable.
	if got := eval(t, e, "40 + 2").Values; !reflect.DeepEqual(got, []any{42}) {
		t.Errorf("after errors: %v", got)
	}
}

func TestCompileErrorColumnOfShownExpression(t *testing.T) {
	e, _, _ := newTestEngine(t)
	_, err := e.Eval(context.Background(), "q := 1\nq + undefinedName")
	var ce *CompileError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v", err)
	}
	// The Show wrapper the engine adds must not shift the column.
	if d := ce.Diagnostics[0]; d.Line != 2 || d.Col != 5 {
		t.Errorf("diagnostic %v, want at 2:5", d)
	}
}

func TestPanics(t *testing.T) {
	tests := []struct {
		name      string
		cell      string
		value     string
		stackHead string
	}{
		{"panic in cell", `panic("boom")`, "boom", "cell at line 1"},
		{"panic in function", "func p() {\n\tpanic(\"deep\")\n}\np()", "deep", "p at line 2"},
		{"nil map", "var m map[string]int\nm[\"a\"] = 1", "assignment to entry in nil map", "cell at line 2"},
		{"index out of range", "s := []int{1}\ni := 3\n_ = s[i]", "index out of range", "cell at line"},
		{"log.Fatal", `log.Fatal("fatal")`, "fatal", ""},
	}
	e, stdout, stderr := newTestEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout.Reset()
			stderr.Reset()
			_, err := e.Eval(context.Background(), tt.cell)
			var pe *PanicError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %T %v, want *PanicError", err, err)
			}
			if !strings.Contains(pe.Error(), tt.value) {
				t.Errorf("Error() = %q, want it to contain %q", pe.Error(), tt.value)
			}
			if tt.stackHead != "" && (len(pe.Stack) == 0 || !strings.HasPrefix(pe.Stack[0], tt.stackHead)) {
				t.Errorf("Stack = %q, want it to start with %q", pe.Stack, tt.stackHead)
			}
			if s := stdout.String() + stderr.String(); strings.Contains(s, "panic:") {
				t.Errorf("yaegi's panic trace leaked to the output: %q", s)
			}
			if got := eval(t, e, "1").Values; !reflect.DeepEqual(got, []any{1}) {
				t.Errorf("next cell: %v", got)
			}
		})
	}
}

func TestPanicUnwrapsRuntimeError(t *testing.T) {
	e, _, _ := newTestEngine(t)
	_, err := e.Eval(context.Background(), "var m map[int]int\nm[1] = 1")
	var re runtime.Error
	if !errors.As(err, &re) {
		t.Errorf("err = %v, want a runtime.Error inside", err)
	}
}

func TestGoroutinePanic(t *testing.T) {
	e, _, stderr := newTestEngine(t)
	eval(t, e, "done := make(chan bool)\ngo func() {\n\tdefer close(done)\n\tpanic(\"in goroutine\")\n}()\n<-done")
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(stderr.String(), "panic in goroutine: in goroutine") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if s := stderr.String(); !strings.Contains(s, "panic in goroutine: in goroutine") || strings.Contains(s, "panic: ") {
		t.Errorf("stderr = %q, want one report of the goroutine's panic", s)
	}
	if got := eval(t, e, "2").Values; !reflect.DeepEqual(got, []any{2}) {
		t.Errorf("next cell: %v", got)
	}
}

func TestExit(t *testing.T) {
	e, _, _ := newTestEngine(t)
	_, err := e.Eval(context.Background(), "fmt.Println(1)\nos.Exit(3)\nfmt.Println(2)")
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != 3 {
		t.Fatalf("err = %T %v, want ExitError{3}", err, err)
	}
	if got := eval(t, e, "5").Values; !reflect.DeepEqual(got, []any{5}) {
		t.Errorf("next cell: %v", got)
	}
}

func TestCancel(t *testing.T) {
	tests := []struct {
		name string
		cell string
	}{
		{"busy loop", "for {}"},
		{"busy loop in function", "func spin() { for i := 0; ; i++ {} }\nspin()"},
		{"sleep", "time.Sleep(time.Hour)"},
		{"channel receive", "c := make(chan int)\n<-c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _, _ := newTestEngine(t)
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			start := time.Now()
			_, err := e.Eval(ctx, tt.cell)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Eval returned after %v", d)
			}
			if raceEnabled {
				return
			}
			if got := eval(t, e, "3").Values; !reflect.DeepEqual(got, []any{3}) {
				t.Errorf("next cell: %v", got)
			}
		})
	}
}

func TestOutputRouting(t *testing.T) {
	tests := []struct {
		name, cell, stdout, stderr string
	}{
		{"Println", `fmt.Println("out")`, "out\n", ""},
		{"Print", `fmt.Print("a", 1)`, "a1", ""},
		{"os.Stdout.Write", `os.Stdout.Write([]byte("raw\n"))`, "raw\n", ""},
		{"Fprintln to os.Stderr", `fmt.Fprintln(os.Stderr, "err")`, "", "err\n"},
		{"Fprint to os.Stdout", `fmt.Fprint(os.Stdout, "x")`, "x", ""},
		{"log", "log.SetFlags(0)\nlog.Println(\"logged\")", "", "logged\n"},
		{"from a function", "func say() { fmt.Println(\"said\") }\nsay()", "said\n", ""},
	}
	e, stdout, stderr := newTestEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout.Reset()
			stderr.Reset()
			eval(t, e, tt.cell)
			if got := stdout.String(); got != tt.stdout {
				t.Errorf("stdout = %q, want %q", got, tt.stdout)
			}
			if got := stderr.String(); got != tt.stderr {
				t.Errorf("stderr = %q, want %q", got, tt.stderr)
			}
		})
	}
}

func TestNilWriters(t *testing.T) {
	e, err := New(Options{Prelude: `import "fmt"`})
	if err != nil {
		t.Fatal(err)
	}
	eval(t, e, `fmt.Println("discarded")`)
}

func TestPreludeError(t *testing.T) {
	_, err := New(Options{Prelude: "x := := 1"})
	var ce *CompileError
	if !errors.As(err, &ce) {
		t.Errorf("err = %v, want a wrapped *CompileError", err)
	}
}

func TestSplitCell(t *testing.T) {
	tests := []struct {
		cell  string
		kinds []itemKind
	}{
		{"import \"fmt\"\nx := 1", []itemKind{kindImport, kindStmt}},
		{"func f() {}\nfunc() {}()", []itemKind{kindDecl, kindStmt}},
		{"func (t T) M() {}\nfunc (x int) {}(1)", []itemKind{kindDecl, kindStmt}},
		{"func() int { return 1 }()", []itemKind{kindStmt}},
		{"type T struct {\n\tA int\n}\nvar (\n\ta = 1\n)\nconst c = 2", []itemKind{kindDecl, kindDecl, kindDecl}},
		{"x := []int{\n\t1,\n\t2,\n}; y := 2", []itemKind{kindStmt, kindStmt}},
	}
	for _, tt := range tests {
		var got []itemKind
		for _, it := range splitCell(tt.cell) {
			got = append(got, it.kind)
		}
		if !reflect.DeepEqual(got, tt.kinds) {
			t.Errorf("splitCell(%q) kinds = %v, want %v", tt.cell, got, tt.kinds)
		}
	}
}

func TestExports(t *testing.T) {
	type point struct{ X, Y int }
	e, err := New(Options{
		Exports: []interp.Exports{{
			"example.com/geo/geo": {
				"Origin": reflect.ValueOf(func() point { return point{} }),
				"Unit":   reflect.ValueOf(func() point { return point{1, 1} }),
			},
		}},
		Prelude: `import "example.com/geo"`,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := eval(t, e, "geo.Unit().X + 1").Values; !reflect.DeepEqual(got, []any{2}) {
		t.Errorf("Values = %v", got)
	}
	if got, _, _ := e.Complete("geo.", 4); !reflect.DeepEqual(got, []string{"Origin", "Unit"}) {
		t.Errorf("Complete = %v", got)
	}
	if got, _, _ := e.Complete("geo.Unit().", 11); !reflect.DeepEqual(got, []string{"X", "Y"}) {
		t.Errorf("Complete = %v", got)
	}
}

func TestReimportAndMain(t *testing.T) {
	var out strings.Builder
	e, err := New(Options{Stdout: &out, Prelude: `import "fmt"`})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, cell := range []string{
		"import \"fmt\"\nfmt.Println(1)",
		"import (\n\t\"fmt\"\n\t\"strings\"\n)\nfmt.Println(strings.ToUpper(\"a\"))",
		"import \"strings\"\nstrings.ToLower(\"B\")",
	} {
		if _, err := e.Eval(ctx, cell); err != nil {
			t.Errorf("%q: %v", cell, err)
		}
	}
	if out.String() != "1\nA\n" {
		t.Errorf("output %q", out.String())
	}
	_, err = e.Eval(ctx, "x := 1\nfunc main() { fmt.Println(x) }")
	var ce *CompileError
	if !errors.As(err, &ce) || ce.Diagnostics[0].Line != 2 || ce.Diagnostics[0].Col != 6 ||
		!strings.Contains(ce.Diagnostics[0].Msg, "cannot declare func main") {
		t.Errorf("func main: %v", err)
	}
}
