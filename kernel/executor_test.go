package kernel

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/display"
)

// recorder is an Output that keeps everything, for assertions.
type recorder struct {
	mu       sync.Mutex
	streams  map[string]string
	displays []recordedDisplay
	results  []display.Bundle
	errs     []*CellError
	clears   int
	pages    []display.Bundle
	input    string
}

type recordedDisplay struct {
	b      display.Bundle
	id     string
	update bool
}

func newRecorder() *recorder { return &recorder{streams: map[string]string{}} }

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.streams[name] += text
}

func (r *recorder) Display(b display.Bundle, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, recordedDisplay{b, id, update})
}

func (r *recorder) Result(_ int, b display.Bundle) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.results = append(r.results, b)
}

func (r *recorder) Error(e *CellError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, e)
}

func (r *recorder) Clear(bool) { r.mu.Lock(); r.clears++; r.mu.Unlock() }

func (r *recorder) Input(prompt string, password bool) (string, error) {
	if r.input == "" {
		return "", errors.New("no input")
	}
	return r.input, nil
}

func (r *recorder) Page(b display.Bundle) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pages = append(r.pages, b)
}

func (r *recorder) stream(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.streams[name]
}

func (r *recorder) resultText(t *testing.T) string {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.results) != 1 {
		t.Fatalf("got %d results, want 1 (errors %v, streams %q)", len(r.results), r.errs, r.streams)
	}
	return r.results[0].Text()
}

func newTestExecutor(t *testing.T) *Executor {
	t.Helper()
	x, err := NewExecutor(Config{HistoryPath: "-"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

// run executes code and fails the test on a cell error.
func run(t *testing.T, x *Executor, code string) *recorder {
	t.Helper()
	r := newRecorder()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := x.Execute(ctx, code, r); err != nil {
		t.Fatalf("cell %q failed: %v (stderr %q)", code, err, r.stream("stderr"))
	}
	return r
}

// fail executes code that must fail and returns its error.
func fail(t *testing.T, x *Executor, code string) (*CellError, *recorder) {
	t.Helper()
	r := newRecorder()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err := x.Execute(ctx, code, r)
	var ce *CellError
	if !errors.As(err, &ce) {
		t.Fatalf("cell %q: got error %v, want a *CellError", code, err)
	}
	if len(r.errs) != 1 || r.errs[0] != ce {
		t.Fatalf("cell %q: reported errors %v, want exactly the returned one", code, r.errs)
	}
	return ce, r
}

func TestExecutorValues(t *testing.T) {
	x := newTestExecutor(t)
	for _, tc := range []struct{ code, want string }{
		{"6*7", "42"},
		{`"go" + "pher"`, `"gopher"`},
		{"x := 20\nx + 1", "21"},
		{"x * 2", "40"},
		{"strconv.Atoi(\"12\")", "12"},
		{"errors.New(\"plain\")", "plain"},
	} {
		if got := run(t, x, tc.code).resultText(t); got != tc.want {
			t.Errorf("%q = %q, want %q", tc.code, got, tc.want)
		}
	}
	r := run(t, x, `fmt.Println("hello, world")`)
	if got := r.stream("stdout"); got != "hello, world\n" {
		t.Errorf("stdout = %q", got)
	}
	if len(r.results) != 0 {
		t.Errorf("Println showed a value: %v", r.results)
	}
	r = run(t, x, `fmt.Fprintln(os.Stderr, "oops")`)
	if got := r.stream("stderr"); got != "oops\n" {
		t.Errorf("stderr = %q", got)
	}
}

func TestExecutorErrors(t *testing.T) {
	x := newTestExecutor(t)
	ce, _ := fail(t, x, `panic("boom")`)
	if ce.Name != "panic" || ce.Value != "boom" {
		t.Errorf("panic: %+v", ce)
	}
	ce, _ = fail(t, x, "y := 1\nundefinedThing + y")
	if ce.Name != "CompileError" || !strings.HasPrefix(ce.Value, "2:") || !strings.Contains(ce.Value, "undefinedThing") {
		t.Errorf("compile error: %+v", ce)
	}
	ce, _ = fail(t, x, "strconv.Atoi(\"x\")")
	if ce.Name != "error" || !strings.Contains(ce.Value, `parsing "x": invalid syntax`) {
		t.Errorf("returned error: %+v", ce)
	}
	ce, _ = fail(t, x, "os.Exit(3)")
	if ce.Name != "Exit" || !strings.Contains(ce.Value, "os.Exit(3)") {
		t.Errorf("exit: %+v", ce)
	}
	ce, _ = fail(t, x, "%nope")
	if ce.Name != "UsageError" || ce.Value != "unknown magic %nope: run %help to list the magics" {
		t.Errorf("magic: %+v", ce)
	}
	// The executor survives all of that.
	if got := run(t, x, "1+1").resultText(t); got != "2" {
		t.Errorf("after errors: %q", got)
	}
}

func TestExecutorSpark(t *testing.T) {
	x := newTestExecutor(t)
	r := run(t, x, "df := spark.Range(0, 15, 1, 1)\ndf")
	if !strings.Contains(r.stream("stdout"), "Connected to Spark 4.") {
		t.Errorf("no connection message: %q", r.stream("stdout"))
	}
	r.mu.Lock()
	b := r.results[0]
	r.mu.Unlock()
	if !strings.Contains(b.HTML(), "<table") {
		t.Errorf("no HTML table: %s", b.HTML())
	}
	text := b.Text()
	for _, want := range []string{"id", "9", "??"} {
		if !strings.Contains(text, want) {
			t.Errorf("table text lacks %q:\n%s", want, text)
		}
	}
	// Row numbers 1..10 hold ids 0..9; the 11th row fetched only tells
	// that there are more.
	if !regexp.MustCompile(`(?m)^\s*10\s+9$`).MatchString(text) || strings.Contains(text, "11 ") ||
		!strings.Contains(text, "with more rows") {
		t.Errorf("table does not show exactly 10 of more rows:\n%s", text)
	}

	run(t, x, "%rows 3")
	text = run(t, x, "df").resultText(t)
	if strings.Contains(text, " 3\n") || !strings.Contains(text, " 2") {
		t.Errorf("%%rows 3 not applied:\n%s", text)
	}
	run(t, x, "%rows 10")

	text = run(t, x, "%sql select 1 + 1 as two").resultText(t)
	if !strings.Contains(text, "two") || !strings.Contains(text, "2") {
		t.Errorf("%%sql:\n%s", text)
	}

	ce, r := fail(t, x, `spark.Sql(ctx, "select nope")`)
	if !strings.HasPrefix(ce.Name, "UNRESOLVED_COLUMN") {
		t.Errorf("Spark error name %q", ce.Name)
	}
	if len(r.displays) != 1 || !strings.Contains(r.displays[0].b.HTML(), "nope") {
		t.Errorf("Spark error not displayed richly: %v", r.displays)
	}

	text = run(t, x, "%schema df").resultText(t)
	if !strings.Contains(text, "id: long") {
		t.Errorf("%%schema df:\n%s", text)
	}

	// Columns of a live DataFrame inside string literals of its calls.
	run(t, x, `cars := spark.Sql(ctx, "select 1 as mpg, 2 as disp, 3 as drat, 4 as am")`)
	for _, tc := range []struct {
		code string
		want []string
	}{
		{`cars.Select("m`, []string{"mpg"}},
		{`cars.GroupBy("am").Agg(F.Mean("d`, []string{"disp", "drat"}},
		{"// héllo ✓\ncars.Select(\"", []string{"mpg", "disp", "drat", "am"}},
	} {
		cursor := len([]rune(tc.code))
		got, start, end := x.Complete(tc.code, cursor)
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("Complete(%q) = %v, want %v", tc.code, got, tc.want)
		}
		quote := strings.LastIndex(tc.code, `"`)
		if wantStart := len([]rune(tc.code[:quote])) + 1; start != wantStart || end != cursor {
			t.Errorf("Complete(%q) range [%d,%d], want [%d,%d]", tc.code, start, end, wantStart, cursor)
		}
	}
	// Table names inside spark.Table and spark.Sql.
	run(t, x, `cars.CreateTempView(ctx, "sparkgo_kernel_cars", true)`)
	for _, code := range []string{`spark.Table("sparkgo_kernel_c`, `spark.Sql(ctx, "select * from sparkgo_kernel_c`} {
		got, start, end := x.Complete(code, len(code))
		if len(got) != 1 || got[0] != "sparkgo_kernel_cars" || end != len(code) || start != len(code)-len("sparkgo_kernel_c") {
			t.Errorf("Complete(%q) = %v [%d,%d]", code, got, start, end)
		}
	}
	b2, found := x.Inspect("cars", 4, 0)
	if !found || !strings.Contains(b2.Text(), "drat: integer") {
		t.Errorf("Inspect(cars) = %v %q", found, b2.Text())
	}
}

func TestExecutorInterruptAndProgress(t *testing.T) {
	x := newTestExecutor(t)
	run(t, x, "spark")
	r := newRecorder()
	done := make(chan error, 1)
	go func() {
		_, err := x.Execute(context.Background(),
			`spark.Sql(ctx, "select sum(id * 7 % 13) as s from range(0, 40000000000)")`, r)
		done <- err
	}()
	// Spark reports progress about every two seconds.
	deadline := time.Now().Add(30 * time.Second)
	for {
		r.mu.Lock()
		n := len(r.displays)
		r.mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no progress display within 30 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	start := time.Now()
	x.Interrupt()
	select {
	case err := <-done:
		var ce *CellError
		if !errors.As(err, &ce) || ce.Name != "Interrupted" {
			t.Fatalf("interrupted cell: %v", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("cell ended %v after the interrupt, want ≤ 1 s", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("cell still running 10 s after the interrupt")
	}
	r.mu.Lock()
	first := r.displays[0]
	r.mu.Unlock()
	if first.id == "" || first.update || !strings.Contains(first.b.HTML(), `class="sparkgo sg-progress"`) {
		t.Errorf("progress display: id %q update %v\n%s", first.id, first.update, first.b.Text())
	}
	if raceEnabled {
		return
	}
	if got := run(t, x, "1+1").resultText(t); got != "2" {
		t.Errorf("after interrupt: %q", got)
	}
}

func TestExecutorHistoryAndHelp(t *testing.T) {
	path := t.TempDir() + "/h.jsonl"
	x, err := NewExecutor(Config{HistoryPath: path})
	if err != nil {
		t.Fatal(err)
	}
	run(t, x, "6*7")
	run(t, x, "%help")
	x.Close()
	y, err := NewExecutor(Config{HistoryPath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	h := y.History()
	if h.Session() != 2 {
		t.Errorf("session %d, want 2", h.Session())
	}
	tail := h.Tail(2)
	if len(tail) != 2 || tail[0].Input != "6*7" || tail[0].Output != "42" || tail[0].Session != 1 || tail[0].Line != 1 {
		t.Errorf("tail = %+v", tail)
	}
	if got := h.Search("6*", 0, true); len(got) != 1 {
		t.Errorf("search = %+v", got)
	}
	if got := h.Range(-1, 1, 3); len(got) != 2 {
		t.Errorf("range = %+v", got)
	}
}
