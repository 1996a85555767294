package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"path"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// Options configures an [Engine].
type Options struct {
	// Stdout and Stderr receive what cells print through fmt.Print*,
	// os.Stdout, os.Stderr and log; nil discards it.
	Stdout, Stderr io.Writer
	// Exports are symbol tables made importable in addition to yaegi's
	// stdlib.Symbols.
	Exports []interp.Exports
	// Prelude is evaluated by New like a cell: typically imports and helpers.
	Prelude string
	// Doc returns the documentation of a package member for Inspect: name ""
	// asks for the package doc, "T.M" for a method. It may be nil.
	Doc func(importPath, name string) string
}

// Result is what a cell evaluated to.
type Result struct {
	// Values holds the results of the cell's final expression statement. It
	// is nil when the cell ends in a declaration, a statement that is not an
	// expression, a call without results, or a fmt/log Print-like call whose
	// results (byte count, nil error) nobody wants to see.
	Values []any
}

// Engine evaluates cells in one interpreter whose state (imports, types,
// functions, variables) lives from one cell to the next. Its methods are safe
// for concurrent use; evaluations are serialised.
type Engine struct {
	mu     sync.Mutex // serialises Eval
	in     *interp.Interpreter
	stderr *stderrFilter
	doc    func(importPath, name string) string
	retype int // counter making the hidden names of redeclared types unique

	snap atomic.Pointer[map[string]reflect.Value] // see globals

	// unwind is the number of yaegi evaluation goroutines to wait for
	// before the next cell, after an interrupted one; -1 when none.
	unwind int

	showMu sync.Mutex
	shown  *[]any // where the Show hook stores the values of the running cell

	// Complete and Inspect must not wait for a running cell, so the names
	// the cells defined have a lock of their own; only Eval writes them.
	stateMu sync.RWMutex
	imports map[string]string    // local package name → import path
	decls   map[string]*declInfo // top-level funcs, types, vars and consts declared by cells
}

// declInfo remembers a cell declaration for Complete, Inspect and the
// re-evaluation of callers of redeclared functions.
type declInfo struct {
	kind      string // "func", "type", "var", "const"
	signature string
	src       string   // for funcs: a source that redeclares it at its cell position
	uses      []string // for funcs: identifiers the body refers to
}

// hookPkg is the import path of the engine's own hooks. The alias it is
// imported under is unlikely to collide with a cell's names.
const (
	hookPath  = "sparkgo.internal/engine"
	hookAlias = "_sparkgo_engine"
)

// exitSignal is what the os.Exit replacement panics with.
type exitSignal struct{ code int }

// New returns an engine with the standard library, opts.Exports and the
// prelude loaded.
func New(opts Options) (*Engine, error) {
	stdout, stderr := opts.Stdout, opts.Stderr
	if stdout == nil {
		stdout = io.Discard
	}
	if stderr == nil {
		stderr = io.Discard
	}
	e := &Engine{
		stderr:  &stderrFilter{user: stderr},
		doc:     opts.Doc,
		imports: map[string]string{},
		unwind:  -1,
		decls:   map[string]*declInfo{},
	}
	e.in = interp.New(interp.Options{Stdout: stdout, Stderr: e.stderr})
	if err := e.in.Use(stdlib.Symbols); err != nil {
		return nil, fmt.Errorf("engine: loading stdlib: %w", err)
	}
	for _, x := range opts.Exports {
		if err := e.in.Use(x); err != nil {
			return nil, fmt.Errorf("engine: loading exports: %w", err)
		}
	}
	// yaegi only redirects os.Stdout and os.Stderr when they are *os.File;
	// as io.Writer variables they reach any writer the kernel gives.
	var osOut, osErr io.Writer = stdout, e.stderr
	err := e.in.Use(interp.Exports{
		"os/os": {
			"Stdout": reflect.ValueOf(&osOut).Elem(),
			"Stderr": reflect.ValueOf(&osErr).Elem(),
			"Exit":   reflect.ValueOf(func(code int) { panic(exitSignal{code}) }),
		},
		hookPath + "/engine": {
			"Show":    reflect.ValueOf(e.show),
			"GoPanic": reflect.ValueOf(e.goPanic),
		},
	})
	if err != nil {
		return nil, fmt.Errorf("engine: loading hooks: %w", err)
	}
	if _, err := e.in.Eval(fmt.Sprintf("import %s %q", hookAlias, hookPath)); err != nil {
		return nil, fmt.Errorf("engine: importing hooks: %w", err)
	}
	if strings.TrimSpace(opts.Prelude) != "" {
		if _, err := e.Eval(context.Background(), opts.Prelude); err != nil {
			return nil, fmt.Errorf("engine: prelude: %w", err)
		}
	}
	return e, nil
}

// show is the hook a cell's final expression is passed to.
func (e *Engine) show(vs ...any) {
	e.showMu.Lock()
	defer e.showMu.Unlock()
	if e.shown != nil {
		*e.shown = append((*e.shown)[:0], vs...)
	}
}

// goPanic reports a panic recovered in a goroutine a cell started: the cell
// may be long finished, so stderr is the only place left to tell.
func (e *Engine) goPanic(r any) {
	if r == nil {
		return
	}
	if x, ok := r.(exitSignal); ok {
		fmt.Fprintf(e.stderr.user, "goroutine called os.Exit(%d)\n", x.code)
		return
	}
	fmt.Fprintf(e.stderr.user, "panic in goroutine: %v\n", r)
}

// stderrFilter passes the interpreter's stderr to the user, except the
// "L:C: panic: f(...)" lines yaegi prints while a panic unwinds: those become
// the PanicError's stack instead of noise.
type stderrFilter struct {
	user   io.Writer
	mu     sync.Mutex
	frames []string
}

var panicLine = regexp.MustCompile(`^(?:\S*?:)?(\d+):(\d+): panic: (\S*)\(\.\.\.\)\n$`)

func (w *stderrFilter) Write(p []byte) (int, error) {
	if m := panicLine.FindSubmatch(p); m != nil {
		line, _ := strconv.Atoi(string(m[1]))
		name := strings.TrimPrefix(string(m[3]), "main.")
		if name == "main" {
			name = "cell"
		}
		w.mu.Lock()
		// Every source given to yaegi starts with a line break: see source.
		w.frames = append(w.frames, fmt.Sprintf("%s at line %d:%s", name, line-1, m[2]))
		w.mu.Unlock()
		return len(p), nil
	}
	return w.user.Write(p)
}

func (w *stderrFilter) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	f := w.frames
	w.frames = nil
	return f
}

// Eval evaluates a cell. Errors are *CompileError, *PanicError, *ExitError,
// or wrap ctx's error when ctx is cancelled before the cell ends.
func (e *Engine) Eval(ctx context.Context, cell string) (Result, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	defer func() {
		// After an interrupt the cell's goroutine may still be writing
		// the globals; the next evaluation snapshots them instead.
		if e.unwind < 0 {
			e.takeSnapshot()
		}
	}()
	e.awaitUnwound()

	items := splitCell(cell)
	if len(items) == 0 {
		return Result{}, nil
	}
	pc := parseCell(cell, items)
	if len(pc.diags) > 0 {
		return Result{}, &CompileError{Diagnostics: pc.diags}
	}
	if err := mainDecl(cell, pc); err != nil {
		return Result{}, err
	}
	cell = e.blankReimports(cell, pc)
	c := &cellEval{e: e, src: cell, items: items, pc: pc}
	c.inserts = append(goRecoverInserts(cell, pc), e.retypeInserts(cell, pc)...)
	last := items[len(items)-1]
	if last.kind == kindStmt && c.wantsShow(last) {
		c.showItem = &last
	}

	// Imports first, then all declarations, then all statements: the order
	// a Go file would have, letting declarations refer to each other.
	var groups [][]item
	for _, k := range []itemKind{kindImport, kindDecl, kindStmt} {
		var g []item
		for _, it := range items {
			if it.kind == k {
				g = append(g, it)
			}
		}
		if len(g) > 0 {
			groups = append(groups, g)
		}
	}
	res, err := c.run(ctx, groups)
	var ce *CompileError
	if errors.As(err, &ce) && c.declFailed && hasKind(items, kindStmt) {
		// The declarations may use variables the statements define: evaluate
		// in source order instead, one run of items of a kind at a time.
		var runs [][]item
		for _, it := range items {
			if n := len(runs); n > 0 && runs[n-1][0].kind == it.kind {
				runs[n-1] = append(runs[n-1], it)
			} else {
				runs = append(runs, []item{it})
			}
		}
		c.declFailed = false
		res, err = c.run(ctx, runs)
	}
	return res, err
}

func hasKind(items []item, k itemKind) bool {
	for _, it := range items {
		if it.kind == k {
			return true
		}
	}
	return false
}

// cellEval is the state of one Eval.
type cellEval struct {
	e          *Engine
	src        string
	items      []item
	pc         *parsedCell
	inserts    []insert
	showItem   *item
	declFailed bool // a declaration group failed to compile
}

// insert is text added to the cell before yaegi sees it, at a cell byte
// offset.
type insert struct {
	off  int
	text string
}

func (c *cellEval) run(ctx context.Context, groups [][]item) (Result, error) {
	var res Result
	for _, g := range groups {
		showing := c.showItem != nil && g[len(g)-1] == *c.showItem
		vals, shown, err := c.evalGroup(ctx, g, showing)
		if err != nil {
			if g[0].kind == kindDecl {
				var ce *CompileError
				c.declFailed = errors.As(err, &ce)
			}
			return Result{}, err
		}
		switch g[0].kind {
		case kindImport:
			c.recordImports()
		case kindDecl:
			c.e.recordDecls(c, g)
		}
		if shown {
			res.Values = vals
		}
	}
	return res, nil
}

// evalGroup compiles and runs the items of g as one yaegi source. With show
// set, the last item is an expression passed to the Show hook; if that does
// not compile (a call without results) it is run plainly.
func (c *cellEval) evalGroup(ctx context.Context, g []item, show bool) (vals []any, shown bool, err error) {
	in := map[item]bool{}
	for _, it := range g {
		in[it] = true
	}
	var ins []insert
	for _, x := range c.inserts {
		for _, it := range g {
			if x.off > it.start && x.off <= it.end {
				ins = append(ins, x)
			}
		}
	}
	text := mask(c.src, c.items, func(it item) bool { return in[it] })
	if show {
		last := g[len(g)-1]
		wrapped := append([]insert{{last.start, hookAlias + ".Show("}, {last.end, ")"}}, ins...)
		var slot []any
		err := c.exec(ctx, text, wrapped, &slot, true)
		var ce *CompileError
		if !errors.As(err, &ce) {
			return slot, err == nil, err
		}
	}
	err = c.exec(ctx, text, ins, nil, g[0].kind == kindStmt)
	return nil, false, err
}

// exec hands text (with inserts applied) to yaegi and converts its errors.
func (c *cellEval) exec(ctx context.Context, text string, ins []insert, slot *[]any, stmts bool) error {
	sort.SliceStable(ins, func(i, j int) bool { return ins[i].off < ins[j].off })
	var b strings.Builder
	// A leading line break keeps cell line 1 off yaegi's line 1, where it
	// puts its "package main; func main() {" wrapper; errors are shifted
	// back by one line.
	b.WriteByte('\n')
	prev := 0
	for _, x := range ins {
		b.WriteString(text[prev:x.off])
		b.WriteString(x.text)
		prev = x.off
	}
	b.WriteString(text[prev:])
	src := b.String()

	// yaegi reports a top-level statement using an undefined name as a
	// "constant definition loop", and the failed compile leaves the name
	// behind as an incomplete type. Compiling the statements as the body of
	// a function literal first (never run, same positions) yields the real
	// error without that damage.
	if stmts {
		if _, err := c.e.compile("_ = func() {" + src + "}"); err != nil {
			return c.compileError(err, src, ins)
		}
	}
	c.e.showMu.Lock()
	c.e.shown = slot
	c.e.showMu.Unlock()
	defer func() {
		c.e.showMu.Lock()
		c.e.shown = nil
		c.e.showMu.Unlock()
	}()
	c.e.stderr.take()
	// EvalWithContext rather than Compile and ExecuteWithContext: the latter
	// races with its own goroutine when ctx is cancelled.
	_, err := c.e.in.EvalWithContext(ctx, src)
	frames := c.e.stderr.take()
	if err == nil {
		return nil
	}
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		c.e.unwind = countGoroutines(evalGoroutine) - 1
		return fmt.Errorf("engine: cell interrupted: %w", err)
	}
	var p interp.Panic
	if errors.As(err, &p) {
		if x, ok := p.Value.(exitSignal); ok {
			return &ExitError{Code: x.code}
		}
		return &PanicError{Value: p.Value, Stack: frames}
	}
	// Anything else is a compile error: yaegi runs nothing unless the whole
	// source compiles.
	return c.compileError(err, src, ins)
}

// evalGoroutine is the frame of the goroutine yaegi runs a cell in.
const evalGoroutine = "yaegi/interp.(*Interpreter).EvalWithContext.func1"

// awaitUnwound waits for the goroutine of an interrupted cell to end
// before the next cell runs. yaegi's EvalWithContext returns at once on
// cancellation while that goroutine still unwinds through the
// interpreter's state (a compiled call must first notice its cancelled
// context), and a new evaluation would race with it. yaegi offers no
// signal, so the engine counts goroutines in yaegi's evaluation frame
// until the interrupted one is gone. Waiting here rather than in the
// interrupted Eval lets the kernel report the interrupt at once; a
// goroutine stuck in compiled code that ignores cancellation (time.Sleep)
// is given up on after unwindTimeout.
func (e *Engine) awaitUnwound() {
	if e.unwind < 0 {
		return
	}
	deadline := time.Now().Add(unwindTimeout)
	for countGoroutines(evalGoroutine) > e.unwind && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	e.unwind = -1
}

// unwindTimeout bounds awaitUnwound.
const unwindTimeout = 10 * time.Second

func countGoroutines(frame string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return bytes.Count(buf[:n], []byte(frame))
		}
		buf = make([]byte, 2*len(buf))
	}
}

// compile is yaegi's Compile, which panics on some invalid sources.
func (e *Engine) compile(src string) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return e.in.Compile(src)
}

var errPos = regexp.MustCompile(`^(?:[^\s:]*:)?(\d+):(\d+): (?s)(.*)$`)

// compileError converts a yaegi compile error into cell coordinates.
func (c *cellEval) compileError(err error, src string, ins []insert) error {
	var diags []Diagnostic
	add := func(line, col int, msg string) {
		off := c.cellOffset(src, ins, line, col)
		l, cl := lineCol(c.src, off)
		diags = append(diags, Diagnostic{Line: l, Col: cl, Msg: msg})
	}
	var list scanner.ErrorList
	if errors.As(err, &list) {
		for _, x := range list {
			add(x.Pos.Line, x.Pos.Column, x.Msg)
		}
	} else if m := errPos.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		add(line, col, m[3])
	} else {
		diags = append(diags, Diagnostic{Line: 1, Col: 1, Msg: err.Error()})
	}
	return &CompileError{Diagnostics: tidy(diags, strings.Count(c.src, "\n")+1)}
}

// cellOffset maps a 1-based line and byte column of src, the text given to
// yaegi, to a byte offset in the cell.
func (c *cellEval) cellOffset(src string, ins []insert, line, col int) int {
	off := 0
	for l := 1; l < line && off < len(src); l++ {
		i := strings.IndexByte(src[off:], '\n')
		if i < 0 {
			off = len(src)
			break
		}
		off += i + 1
	}
	off += col - 1
	off-- // the leading line break
	shift := 0
	for _, x := range ins {
		at := x.off + shift // where x starts in the text after earlier inserts
		if off < at {
			break
		}
		if off < at+len(x.text) {
			return x.off
		}
		shift += len(x.text)
	}
	off -= shift
	return max(0, min(off, len(c.src)))
}

// lineCol returns the 1-based line and rune column of byte offset off in s.
func lineCol(s string, off int) (int, int) {
	line := 1 + strings.Count(s[:off], "\n")
	bol := strings.LastIndexByte(s[:off], '\n') + 1
	return line, runeOffset(s[bol:], off-bol) + 1
}

// wantsShow reports whether the item is an expression whose value the cell
// should show.
func (c *cellEval) wantsShow(it item) bool {
	x, err := parser.ParseExpr(c.src[it.start:it.end])
	if err != nil {
		return false
	}
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return true
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return true
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return true
	}
	c.e.stateMu.RLock()
	p := c.e.imports[pkg.Name]
	c.e.stateMu.RUnlock()
	if p == "" {
		p = pkg.Name
	}
	if p != "fmt" && p != "log" {
		return true
	}
	for _, prefix := range []string{"Print", "Fprint", "Fatal", "Panic"} {
		if strings.HasPrefix(sel.Sel.Name, prefix) {
			return false
		}
	}
	return true
}

// goRecoverInserts protects goroutines started as `go func(...){...}(...)`
// by deferring a recover at the top of the literal's body: an unrecovered
// panic there would end the kernel. The insert goes after the opening
// brace, on the same line, so line numbers are kept.
func goRecoverInserts(src string, pc *parsedCell) []insert {
	var ins []insert
	for i, f := range pc.files {
		base := pc.bases[i]
		ast.Inspect(f, func(n ast.Node) bool {
			g, ok := n.(*ast.GoStmt)
			if !ok {
				return true
			}
			if lit, ok := g.Call.Fun.(*ast.FuncLit); ok {
				off := pc.fset.Position(lit.Body.Lbrace).Offset - base + 1
				if off > 0 && off <= len(src) {
					ins = append(ins, insert{off, "defer func() { " + hookAlias + ".GoPanic(recover()) }();"})
				}
			}
			return true
		})
	}
	return ins
}

// retypeInserts works around yaegi ignoring the redeclaration of a type
// (the old definition is found by name while the new one is built): a type
// declared again is declared under a fresh hidden name, and its name made an
// alias of it. Both inserts stay on the declaration's lines.
func (e *Engine) retypeInserts(src string, pc *parsedCell) []insert {
	var ins []insert
	e.stateMu.RLock()
	defer e.stateMu.RUnlock()
	for i, f := range pc.files {
		base := pc.bases[i]
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			var aliases strings.Builder
			for _, spec := range g.Specs {
				ts := spec.(*ast.TypeSpec)
				old := e.decls[ts.Name.Name]
				if old == nil || old.kind != "type" || ts.Assign.IsValid() || ts.TypeParams != nil {
					continue
				}
				e.retype++
				hidden := fmt.Sprintf("_sparkgo_%d_", e.retype)
				ins = append(ins, insert{pc.fset.Position(ts.Name.Pos()).Offset - base, hidden})
				// A recursive type refers to itself by the hidden name too.
				for _, id := range selfRefs(ts) {
					ins = append(ins, insert{pc.fset.Position(id.Pos()).Offset - base, hidden})
				}
				fmt.Fprintf(&aliases, "; type %s = %s%[1]s", ts.Name.Name, hidden)
			}
			if aliases.Len() > 0 {
				ins = append(ins, insert{pc.fset.Position(g.End()).Offset - base, aliases.String()})
			}
		}
	}
	return ins
}

// selfRefs returns the identifiers in a type declaration's definition that
// name the type itself, leaving out field names and qualified names.
func selfRefs(ts *ast.TypeSpec) []*ast.Ident {
	skip := map[*ast.Ident]bool{}
	var refs []*ast.Ident
	ast.Inspect(ts.Type, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			for _, name := range n.Names {
				skip[name] = true
			}
		case *ast.SelectorExpr:
			skip[n.Sel] = true
		case *ast.Ident:
			if n.Name == ts.Name.Name && !skip[n] {
				refs = append(refs, n)
			}
		}
		return true
	})
	return refs
}

// recordImports remembers the cell's imports for completion and for telling
// fmt.Println from a user's Println.
func (c *cellEval) recordImports() {
	c.e.stateMu.Lock()
	defer c.e.stateMu.Unlock()
	for _, f := range c.pc.files {
		for _, spec := range f.Imports {
			name, p, ok := importOf(spec)
			if ok && name != "_" && name != "." {
				c.e.imports[name] = p
			}
		}
	}
}

// pkgName guesses a package's name from its import path, skipping a major
// version suffix.
func pkgName(importPath string) string {
	name := path.Base(importPath)
	if len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		name = path.Base(path.Dir(importPath))
	}
	return strings.ReplaceAll(name, "-", "_")
}

// recordDecls remembers the declarations of group g after it ran, and
// re-evaluates earlier functions calling a function g redeclared, so they
// call the new one (yaegi #1673).
func (e *Engine) recordDecls(c *cellEval, g []item) {
	in := map[item]bool{}
	for _, it := range g {
		in[it] = true
	}
	fset := c.pc.fset
	var redeclared []string
	e.stateMu.Lock()
	seen := map[string]bool{}
	for i, f := range c.pc.files {
		base := c.pc.bases[i]
		off := func(p token.Pos) int { return fset.Position(p).Offset - base }
		inGroup := func(n ast.Node) bool {
			o := off(n.Pos())
			for it := range in {
				if o >= it.start && o < it.end {
					return true
				}
			}
			return false
		}
		for _, d := range f.Decls {
			if !inGroup(d) {
				continue
			}
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil {
					continue
				}
				name := d.Name.Name
				end := off(d.End())
				if d.Body != nil {
					end = off(d.Body.Lbrace)
				}
				info := &declInfo{kind: "func", signature: strings.TrimSpace(c.src[off(d.Pos()):end])}
				// The source keeps the cell's layout up to the declaration so
				// positions in a later re-evaluation stay right.
				start := off(d.Pos())
				info.src = blankOut(c.src[:start]) + c.src[start:off(d.End())]
				ast.Inspect(d.Body, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok {
						info.uses = append(info.uses, id.Name)
					}
					return true
				})
				if old := e.decls[name]; old != nil && old.kind == "func" {
					redeclared = append(redeclared, name)
				}
				seen[name] = true
				e.decls[name] = info
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						sig := c.src[off(s.Pos()):off(s.End())]
						if i := strings.IndexByte(sig, '\n'); i >= 0 {
							sig = sig[:i] + " …"
						}
						e.decls[s.Name.Name] = &declInfo{kind: "type", signature: "type " + sig}
						seen[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range s.Names {
							e.decls[n.Name] = &declInfo{kind: d.Tok.String()}
						}
					}
				}
			}
		}
	}
	e.stateMu.Unlock()
	e.refreshCallers(redeclared, seen)
}

// refreshCallers re-evaluates the functions of earlier cells that use a
// redeclared function, transitively; failures are ignored since the old
// binding is what yaegi keeps anyway.
func (e *Engine) refreshCallers(changed []string, done map[string]bool) {
	for len(changed) > 0 {
		var next []string
		names := make([]string, 0, len(e.decls))
		for n := range e.decls {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			d := e.decls[n]
			if d.kind != "func" || done[n] || !usesAny(d.uses, changed) {
				continue
			}
			done[n] = true
			if _, err := e.in.Eval("\n" + d.src); err == nil {
				next = append(next, n)
			}
		}
		changed = next
	}
}

func usesAny(uses, names []string) bool {
	for _, u := range uses {
		for _, n := range names {
			if u == n {
				return true
			}
		}
	}
	return false
}

// blankOut keeps only the line breaks of s, replacing its last line by
// spaces, so text appended to it starts at the same line and column.
func blankOut(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

// Global returns the value of a global variable or constant of the cells
// as the last cell left it, without evaluating anything.
func (e *Engine) Global(name string) (reflect.Value, bool) {
	v, ok := e.globals()[name]
	return v, ok && v.IsValid()
}

// globals returns the snapshot of the cells' globals taken when the last
// evaluation ended. Completion and inspection run while a cell runs, and
// yaegi's own tables must not be read then: the cell may be writing them.
func (e *Engine) globals() map[string]reflect.Value {
	if p := e.snap.Load(); p != nil {
		return *p
	}
	return nil
}

// takeSnapshot copies the globals' current values; it runs with e.mu held,
// between evaluations.
func (e *Engine) takeSnapshot() {
	live := e.in.Globals()
	snap := make(map[string]reflect.Value, len(live))
	for name, v := range live {
		if v.IsValid() && v.CanInterface() {
			if c := reflect.ValueOf(v.Interface()); c.IsValid() {
				v = c
			}
		}
		snap[name] = v
	}
	e.snap.Store(&snap)
}
