package engine

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"sort"
	"strings"
	"unicode/utf8"
)

// itemKind says how a top-level item of a cell must be evaluated: yaegi takes
// imports, declarations and statements only in separate sources.
type itemKind int

const (
	kindImport itemKind = iota
	kindDecl
	kindStmt
)

// item is one top-level item of a cell: byte offsets [start, end).
type item struct {
	kind       itemKind
	start, end int
	sep        int // end including an explicit ';', which masking must keep
}

// splitCell cuts a cell into top-level items. Items end at semicolons at
// bracket depth 0, including the ones the scanner inserts at line ends, so
// multi-line declarations stay whole.
func splitCell(src string) []item {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)

	var (
		items  []item
		toks   []token.Token // tokens of the current item, for classification
		start  = -1
		last   int // end of the last token of the current item
		sepEnd int // end of the explicit semicolon after it, if any
		depth  int
	)
	flush := func() {
		if start >= 0 {
			items = append(items, item{kind: classify(toks), start: start, end: last, sep: max(last, sepEnd)})
		}
		start, toks, sepEnd = -1, toks[:0], 0
	}
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		if tok == token.SEMICOLON && depth <= 0 {
			if lit == ";" && start >= 0 {
				sepEnd = off + 1
			}
			flush()
			continue
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
		if start < 0 {
			start = off
		}
		toks = append(toks, tok)
		last = off + tokenLen(tok, lit)
	}
	flush()
	return items
}

func tokenLen(tok token.Token, lit string) int {
	if lit != "" && tok != token.SEMICOLON {
		return len(lit)
	}
	return len(tok.String())
}

// classify tells declarations from statements. A func keyword starts a
// statement when it opens a literal: `func(){...}()` or `func(x int) {...}(1)`.
// A method declaration is `func (recv) Name(` or `func (recv) Name[`.
func classify(toks []token.Token) itemKind {
	switch toks[0] {
	case token.IMPORT:
		return kindImport
	case token.TYPE, token.CONST, token.VAR:
		return kindDecl
	case token.FUNC:
		if len(toks) > 1 && toks[1] == token.IDENT {
			return kindDecl
		}
		if len(toks) > 1 && toks[1] == token.LPAREN {
			depth, i := 0, 1
			for ; i < len(toks); i++ {
				if toks[i] == token.LPAREN {
					depth++
				} else if toks[i] == token.RPAREN {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if i+2 < len(toks) && toks[i+1] == token.IDENT && (toks[i+2] == token.LPAREN || toks[i+2] == token.LBRACK) {
				return kindDecl
			}
		}
	}
	return kindStmt
}

// mask returns src with every byte outside the selected items blanked, line
// breaks kept, so positions in the result are positions in the cell.
func mask(src string, items []item, keep func(item) bool) string {
	b := []byte(src)
	for i := range b {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
	for _, it := range items {
		if keep(it) {
			copy(b[it.start:it.sep], src[it.start:it.sep])
		}
	}
	return string(b)
}

// parsedCell is a cell parsed with go/parser, by kind, for syntax checking
// and for the rewrites the engine applies before handing it to yaegi.
type parsedCell struct {
	fset  *token.FileSet
	files []*ast.File
	// bases[i] is the byte offset in files[i]'s source where the cell starts.
	bases []int
	diags []Diagnostic
}

// Headers put the items in a file of their own; each header ends with a
// line break so cell line n is line n+1 in the parsed source.
const (
	declHeader = "package p;\n"
	stmtHeader = "package p;func _(){\n"
)

// parseCell parses each kind of item in a file of its own and gathers all
// syntax errors in cell coordinates: yaegi would report only the first.
func parseCell(src string, items []item) *parsedCell {
	pc := &parsedCell{fset: token.NewFileSet()}
	parts := []struct {
		kind   itemKind
		header string
		footer string
	}{
		{kindImport, declHeader, ""},
		{kindDecl, declHeader, ""},
		{kindStmt, stmtHeader, "\n}"},
	}
	for _, p := range parts {
		var any bool
		for _, it := range items {
			any = any || it.kind == p.kind
		}
		if !any {
			continue
		}
		text := p.header + mask(src, items, func(it item) bool { return it.kind == p.kind }) + p.footer
		f, err := parser.ParseFile(pc.fset, "", text, parser.AllErrors)
		if list, ok := err.(scanner.ErrorList); ok {
			for _, e := range list {
				line, col := e.Pos.Line-1, e.Pos.Column
				if line < 1 {
					line, col = 1, 1
				}
				pc.diags = append(pc.diags, Diagnostic{Line: line, Col: runeCol(src, line, col), Msg: e.Msg})
			}
		} else if err != nil {
			pc.diags = append(pc.diags, Diagnostic{Line: 1, Col: 1, Msg: err.Error()})
		}
		if f != nil {
			pc.files = append(pc.files, f)
			pc.bases = append(pc.bases, len(p.header))
		}
	}
	pc.diags = tidy(pc.diags, strings.Count(src, "\n")+1)
	return pc
}

// runeCol converts a 1-based byte column on a 1-based line of src into a
// 1-based rune column.
func runeCol(src string, line, col int) int {
	lines := strings.SplitAfter(src, "\n")
	if line < 1 || line > len(lines) {
		return col
	}
	l := lines[line-1]
	if col-1 > len(l) {
		return col - len(l) + utf8.RuneCountInString(l)
	}
	if col < 1 {
		return col
	}
	return utf8.RuneCountInString(l[:col-1]) + 1
}

// byteOffset converts a rune offset in s into a byte offset, clamped to s.
func byteOffset(s string, runes int) int {
	if runes <= 0 {
		return 0
	}
	n := 0
	for i := range s {
		if n == runes {
			return i
		}
		n++
	}
	return len(s)
}

// runeOffset converts a byte offset in s into a rune offset.
func runeOffset(s string, b int) int {
	if b > len(s) {
		b = len(s)
	}
	return utf8.RuneCountInString(s[:b])
}

// tidy sorts diagnostics and drops duplicates, and the errors at the end of
// input or past the cell's last line that follow a first error: the parser
// reports them about the wrapper it was given once it lost track.
func tidy(diags []Diagnostic, lines int) []Diagnostic {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i], diags[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	var out []Diagnostic
	for i, d := range diags {
		cascade := strings.HasSuffix(d.Msg, "found 'EOF'") || d.Line > lines
		if i > 0 && d == diags[i-1] || cascade && len(out) > 0 {
			continue
		}
		out = append(out, d)
	}
	return out
}
