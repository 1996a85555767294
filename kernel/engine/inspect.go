package engine

import (
	"fmt"
	"go/constant"
	"go/token"
	"reflect"
	"strings"
)

// Info describes what Inspect found under the cursor.
type Info struct {
	Name      string
	Kind      string // "func", "var", "const", "type" or "package"
	Signature string
	Doc       string
	Value     reflect.Value // set for variables
}

// Inspect describes the identifier or selector under the cursor (a rune
// offset) or, when the cursor is not on one, the function whose call
// arguments it is in. Like Complete, it never runs cell code.
func (e *Engine) Inspect(code string, cursor int) (Info, bool) {
	cur := byteOffset(code, cursor)
	end := cur
	for end < len(code) {
		r := []rune(code[end:])[0]
		if !isIdentRune(r) {
			break
		}
		end += len(string(r))
	}
	toks := scanTokens(code[:end])
	n := len(toks)
	if n == 0 || toks[n-1].tok != token.IDENT || toks[n-1].end != end {
		// Not on a name: inspect the callee of the innermost open call.
		open := -1
		depth := 0
		for i := n - 1; i >= 0 && open < 0; i-- {
			switch toks[i].tok {
			case token.RPAREN, token.RBRACK, token.RBRACE:
				depth++
			case token.LPAREN:
				if depth == 0 {
					open = i
				}
				depth--
			case token.LBRACK, token.LBRACE:
				depth--
			}
		}
		if open <= 0 {
			return Info{}, false
		}
		toks = toks[:open]
	}
	chain, _, ok := chainBefore(toks)
	if !ok {
		return Info{}, false
	}
	if last := &chain[len(chain)-1]; last.call || last.index {
		// Inspect the callee of a trailing call: the name, not its result.
		return e.inspectChain(append(chain[:len(chain)-1:len(chain)-1], step{name: last.name}))
	}
	return e.inspectChain(chain)
}

func (e *Engine) inspectChain(chain []step) (Info, bool) {
	name := chain[0].name
	if len(chain) == 1 {
		return e.inspectName(name)
	}
	if syms, ok := e.pkgSymbols(name); ok && len(chain) == 2 {
		e.stateMu.RLock()
		p := e.imports[name]
		e.stateMu.RUnlock()
		return e.inspectMember(p, name, chain[1].name, syms[chain[1].name])
	}
	last := chain[len(chain)-1].name
	t, ok := e.chainType(chain[:len(chain)-1])
	if !ok {
		return Info{}, false
	}
	ft, ok := selectType(t, last)
	if !ok {
		return Info{}, false
	}
	base := t
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	info := Info{Name: typeName(base) + "." + last}
	if _, isField := fieldOf(t, last); isField {
		info.Kind, info.Signature = "var", fmt.Sprintf("%s %s", last, ft)
	} else {
		recv := t
		if _, ok := t.MethodByName(last); !ok {
			recv = reflect.PointerTo(t)
		}
		info.Kind = "func"
		info.Signature = fmt.Sprintf("func (%s) %s%s", recv, last, strings.TrimPrefix(ft.String(), "func"))
	}
	if base.PkgPath() != "" && base.Name() != "" && e.doc != nil {
		info.Doc = e.doc(base.PkgPath(), base.Name()+"."+last)
	}
	return info, true
}

func typeName(t reflect.Type) string {
	if t.Name() != "" {
		return t.Name()
	}
	return t.String()
}

func fieldOf(t reflect.Type, name string) (reflect.StructField, bool) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	if _, isMethod := t.MethodByName(name); isMethod {
		return reflect.StructField{}, false
	}
	return t.FieldByName(name)
}

// inspectName describes a package name, a global or a cell declaration.
func (e *Engine) inspectName(name string) (Info, bool) {
	if v, ok := e.Global(name); ok {
		kind := "var"
		e.stateMu.RLock()
		if d := e.decls[name]; d != nil && d.kind == "const" {
			kind = "const"
		}
		e.stateMu.RUnlock()
		if c, ok := v.Interface().(constant.Value); ok {
			return Info{Name: name, Kind: "const", Signature: fmt.Sprintf("const %s = %s", name, c.ExactString())}, true
		}
		info := Info{Name: name, Kind: kind, Signature: fmt.Sprintf("%s %s %s = %s", kind, name, v.Type(), short(v))}
		if kind == "var" {
			info.Value = v
		}
		return info, true
	}
	e.stateMu.RLock()
	p, isPkg := e.imports[name]
	d := e.decls[name]
	e.stateMu.RUnlock()
	if isPkg {
		info := Info{Name: p, Kind: "package", Signature: fmt.Sprintf("package %s // import %q", pkgName(p), p)}
		if e.doc != nil {
			info.Doc = e.doc(p, "")
		}
		return info, true
	}
	if d != nil {
		return Info{Name: name, Kind: d.kind, Signature: d.signature}, true
	}
	return Info{}, false
}

// inspectMember describes a member of a compiled package.
func (e *Engine) inspectMember(importPath, pkg, name string, v reflect.Value) (Info, bool) {
	info := Info{Name: pkg + "." + name, Kind: symbolKind(v)}
	switch info.Kind {
	case "":
		return Info{}, false
	case "func":
		info.Signature = "func " + name + strings.TrimPrefix(v.Type().String(), "func")
	case "var":
		info.Signature = fmt.Sprintf("var %s %s", name, v.Type())
		info.Value = v
	case "type":
		t := v.Type().Elem()
		info.Signature = fmt.Sprintf("type %s %s", name, t.Kind())
	case "const":
		if c, ok := v.Interface().(constant.Value); ok {
			info.Signature = fmt.Sprintf("const %s = %s", name, c.ExactString())
		} else {
			info.Signature = fmt.Sprintf("const %s %s = %v", name, v.Type(), v)
		}
	}
	if e.doc != nil {
		info.Doc = e.doc(importPath, name)
	}
	return info, true
}

// short formats a value for a signature line, cut to keep tooltips small.
func short(v reflect.Value) string {
	s := fmt.Sprintf("%v", v)
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return s
}
