package engine

import (
	"go/scanner"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"
)

// tok is a scanned token with its byte offsets.
type tok struct {
	tok        token.Token
	lit        string
	start, end int
}

// scanTokens scans src, ignoring errors (the code being typed is rarely
// valid), and drops the semicolons the scanner inserts at line ends.
func scanTokens(src string) []tok {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			return toks
		}
		if t == token.SEMICOLON && lit != ";" {
			continue
		}
		off := file.Offset(pos)
		toks = append(toks, tok{t, lit, off, min(off+tokenLen(t, lit), len(src))})
	}
}

// step is one link of a selector chain such as `a.B(x).C[0]`.
type step struct {
	name  string
	call  bool // followed by (...)
	index bool // followed by [...]
}

// chainBefore parses, backwards from the end of toks, a chain of
// identifiers, selectors, calls and index expressions ending with toks'
// last token. It returns the chain root first and the index in toks where
// it starts, or ok false.
func chainBefore(toks []tok) (chain []step, first int, ok bool) {
	i := len(toks) - 1
	for i >= 0 {
		var call, index bool
		for i >= 0 && (toks[i].tok == token.RPAREN || toks[i].tok == token.RBRACK) {
			if toks[i].tok == token.RPAREN {
				call = true
			} else {
				index = true
			}
			open := matchOpen(toks, i)
			if open < 0 {
				return nil, 0, false
			}
			i = open - 1
		}
		if i < 0 || toks[i].tok != token.IDENT {
			return nil, 0, false
		}
		chain = append(chain, step{name: toks[i].lit, call: call, index: index})
		first = i
		if i == 0 || toks[i-1].tok != token.PERIOD {
			break
		}
		i -= 2
	}
	for l, r := 0, len(chain)-1; l < r; l, r = l+1, r-1 {
		chain[l], chain[r] = chain[r], chain[l]
	}
	return chain, first, len(chain) > 0
}

// matchOpen returns the index of the bracket opening the one closed at
// toks[i], or -1.
func matchOpen(toks []tok, i int) int {
	depth := 0
	for j := i; j >= 0; j-- {
		switch toks[j].tok {
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth++
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

var keywords = []string{
	"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface",
	"map", "package", "range", "return", "select", "struct", "switch", "type", "var",
}

var builtins = []string{
	"any", "append", "bool", "byte", "cap", "clear", "close", "comparable",
	"complex", "complex128", "complex64", "copy", "delete", "error", "false",
	"float32", "float64", "imag", "int", "int16", "int32", "int64", "int8",
	"iota", "len", "make", "max", "min", "new", "nil", "panic", "print",
	"println", "real", "recover", "rune", "string", "true", "uint", "uint16",
	"uint32", "uint64", "uint8", "uintptr",
}

// Complete returns the completions of the identifier ending at cursor, and
// the rune offsets [start, end) of the text they replace. It never runs
// cell code: types come from the current values of globals and from the
// reflect signatures of compiled functions and methods.
func (e *Engine) Complete(code string, cursor int) (matches []string, start, end int) {
	cur := byteOffset(code, cursor)
	prefixStart := cur
	for prefixStart > 0 {
		r, size := lastRune(code[:prefixStart])
		if !isIdentRune(r) {
			break
		}
		prefixStart -= size
	}
	prefix := code[prefixStart:cur]
	start, end = runeOffset(code, prefixStart), runeOffset(code, cur)

	toks := scanTokens(code[:prefixStart])
	var names []string
	if n := len(toks); n > 0 && toks[n-1].tok == token.PERIOD && toks[n-1].end == prefixStart {
		chain, _, ok := chainBefore(toks[:n-1])
		if !ok {
			return nil, start, end
		}
		names = e.members(chain)
	} else {
		if n := len(toks); n > 0 && (toks[n-1].tok == token.STRING || toks[n-1].tok == token.COMMENT) && toks[n-1].end >= prefixStart {
			return nil, start, end
		}
		names = e.topNames()
	}
	seen := map[string]bool{}
	for _, n := range names {
		if strings.HasPrefix(n, prefix) && !seen[n] {
			seen[n] = true
			matches = append(matches, n)
		}
	}
	sort.Strings(matches)
	return matches, start, end
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < 0x80 || s[i] >= 0xC0 {
			return []rune(s[i:])[0], len(s) - i
		}
	}
	return 0, 0
}

// topNames lists what may start an expression: keywords, builtins, package
// names, and the cells' globals, functions and types.
func (e *Engine) topNames() []string {
	names := append(append([]string{}, keywords...), builtins...)
	for n := range e.globals() {
		if !strings.HasPrefix(n, "_") || n == "_" {
			names = append(names, n)
		}
	}
	e.stateMu.RLock()
	for n := range e.imports {
		if n != hookAlias {
			names = append(names, n)
		}
	}
	for n := range e.decls {
		names = append(names, n)
	}
	e.stateMu.RUnlock()
	return names
}

// members lists the names that may follow "chain.".
func (e *Engine) members(chain []step) []string {
	if len(chain) == 1 && !chain[0].call && !chain[0].index {
		if syms, ok := e.pkgSymbols(chain[0].name); ok {
			var names []string
			for n := range syms {
				if token.IsExported(n) {
					names = append(names, n)
				}
			}
			return names
		}
	}
	t, ok := e.chainType(chain)
	if !ok {
		return nil
	}
	return typeMembers(t)
}

// pkgSymbols returns the symbols of the package imported as name.
func (e *Engine) pkgSymbols(name string) (map[string]reflect.Value, bool) {
	if _, isGlobal := e.globals()[name]; isGlobal {
		return nil, false
	}
	e.stateMu.RLock()
	p, ok := e.imports[name]
	e.stateMu.RUnlock()
	if !ok {
		return nil, false
	}
	for _, syms := range e.in.Symbols(p) {
		return syms, true
	}
	return nil, false
}

// chainType works out the static type of a chain from reflect types alone.
func (e *Engine) chainType(chain []step) (reflect.Type, bool) {
	var t reflect.Type
	rest := chain
	if v, ok := e.Global(chain[0].name); ok {
		t = v.Type()
		if v.Kind() == reflect.Interface && !v.IsNil() {
			t = v.Elem().Type()
		}
	} else if syms, ok := e.pkgSymbols(chain[0].name); ok && len(chain) > 1 {
		v, ok := syms[chain[1].name]
		if !ok {
			return nil, false
		}
		switch symbolKind(v) {
		case "func", "var":
			t = v.Type()
		case "type":
			t = v.Type().Elem()
		default:
			return nil, false
		}
		rest = chain[1:]
	} else {
		return nil, false
	}
	t, ok := applyStep(t, step{call: rest[0].call, index: rest[0].index})
	if !ok {
		return nil, false
	}
	for _, s := range rest[1:] {
		if t, ok = selectType(t, s.name); !ok {
			return nil, false
		}
		if t, ok = applyStep(t, s); !ok {
			return nil, false
		}
	}
	return t, true
}

// applyStep applies the call or index suffix of s to a value of type t.
func applyStep(t reflect.Type, s step) (reflect.Type, bool) {
	if s.call {
		if t.Kind() != reflect.Func || t.NumOut() == 0 {
			return nil, false
		}
		t = t.Out(0)
	}
	if s.index {
		if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Array {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
			t = t.Elem()
		case reflect.String:
			t = reflect.TypeFor[byte]()
		default:
			return nil, false
		}
	}
	return t, true
}

// selectType is the type of x.name for x of type t: a method value or a
// field, through pointers and embedded fields as Go allows.
func selectType(t reflect.Type, name string) (reflect.Type, bool) {
	if m, ok := t.MethodByName(name); ok {
		return methodFunc(t, m), true
	}
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		if m, ok := reflect.PointerTo(t).MethodByName(name); ok {
			return methodFunc(reflect.PointerTo(t), m), true
		}
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		if f, ok := st.FieldByName(name); ok {
			return f.Type, true
		}
		if f, ok := st.FieldByName("X" + name); ok && st.Name() == "" {
			return f.Type, true // a cell struct's unexported field: see typeMembers
		}
	}
	return nil, false
}

// methodFunc returns a method's type without its receiver.
func methodFunc(recv reflect.Type, m reflect.Method) reflect.Type {
	if recv.Kind() == reflect.Interface {
		return m.Type
	}
	in := make([]reflect.Type, m.Type.NumIn()-1)
	for i := range in {
		in[i] = m.Type.In(i + 1)
	}
	out := make([]reflect.Type, m.Type.NumOut())
	for i := range out {
		out[i] = m.Type.Out(i)
	}
	return reflect.FuncOf(in, out, m.Type.IsVariadic())
}

// typeMembers lists the exported fields and methods of t, including the
// methods of *t, which Go lets addressable values call.
func typeMembers(t reflect.Type) []string {
	var names []string
	add := func(t reflect.Type) {
		for i := range t.NumMethod() {
			names = append(names, t.Method(i).Name)
		}
	}
	add(t)
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		add(reflect.PointerTo(t))
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(st) {
			if !f.IsExported() {
				continue
			}
			name := f.Name
			// yaegi builds the struct types of cells with reflect, which
			// wants exported fields: it renames field x to Xx. Cells still
			// write x.
			if st.Name() == "" && len(name) > 1 && name[0] == 'X' && unicode.IsLower([]rune(name[1:])[0]) {
				name = name[1:]
			}
			names = append(names, name)
		}
	}
	return names
}

// symbolKind tells what a yaegi export is: types are exported as nil
// pointers to the type, variables as addressable values, functions as
// function values, constants as anything else.
func symbolKind(v reflect.Value) string {
	switch {
	case !v.IsValid():
		return ""
	case v.CanAddr():
		return "var"
	case v.Kind() == reflect.Pointer && v.IsNil():
		return "type"
	case v.Kind() == reflect.Func:
		return "func"
	}
	return "const"
}
