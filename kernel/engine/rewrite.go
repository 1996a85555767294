package engine

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// blankReimports returns cell with the imports that are already in effect
// (same name, same path) replaced by spaces. Notebook users import "fmt"
// in many cells, and yaegi rejects a second import of a package as a
// redeclaration. Offsets and line numbers are unchanged.
func (e *Engine) blankReimports(cell string, pc *parsedCell) string {
	if len(pc.files) == 0 {
		return cell
	}
	e.stateMu.RLock()
	defer e.stateMu.RUnlock()
	b := []byte(cell)
	blank := func(from, to token.Pos, base int) {
		start := pc.fset.Position(from).Offset - base
		end := pc.fset.Position(to).Offset - base
		for i := max(start, 0); i < end && i < len(b); i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	changed := false
	for fi, f := range pc.files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.IMPORT {
				continue
			}
			var known []*ast.ImportSpec
			for _, s := range gd.Specs {
				spec := s.(*ast.ImportSpec)
				if name, p, ok := importOf(spec); ok && e.imports[name] == p {
					known = append(known, spec)
				}
			}
			switch {
			case len(known) == 0:
				continue
			case len(known) == len(gd.Specs):
				blank(gd.Pos(), gd.End(), pc.bases[fi])
			default:
				for _, spec := range known {
					blank(spec.Pos(), spec.End(), pc.bases[fi])
				}
			}
			changed = true
		}
	}
	if !changed {
		return cell
	}
	return string(b)
}

// importOf returns the name an import spec binds and its path.
func importOf(spec *ast.ImportSpec) (name, path string, ok bool) {
	path, err := strconv.Unquote(spec.Path.Value)
	if err != nil {
		return "", "", false
	}
	name = pkgName(path)
	if spec.Name != nil {
		name = spec.Name.Name
	}
	return name, path, true
}

// mainDecl reports a cell's declaration of func main: yaegi calls a
// declared main after every later evaluation, so it would run again with
// each cell.
func mainDecl(cell string, pc *parsedCell) *CompileError {
	for fi, f := range pc.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Name.Name != "main" {
				continue
			}
			off := pc.fset.Position(fd.Name.Pos()).Offset - pc.bases[fi]
			line := 1 + strings.Count(cell[:off], "\n")
			col := off - (strings.LastIndex(cell[:off], "\n") + 1) + 1
			return &CompileError{Diagnostics: []Diagnostic{{Line: line, Col: runeCol(cell, line, col),
				Msg: "a cell cannot declare func main (the interpreter would run it after every cell): give it another name, such as run"}}}
		}
	}
	return nil
}
