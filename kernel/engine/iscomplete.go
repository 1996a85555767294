package engine

import (
	"go/scanner"
	"go/token"
	"strings"
)

// IsComplete answers Jupyter's is_complete_request for a cell: "incomplete"
// while brackets, a raw string or a comment are open or the code ends in an
// operator or comma, with the indent for the next line; "invalid" when the
// code cannot parse whatever follows; "complete" otherwise.
func IsComplete(code string) (status, indent string) {
	if strings.TrimSpace(code) == "" {
		return "complete", ""
	}
	lastLine := strings.Count(code, "\n") + 1
	var (
		s       scanner.Scanner
		open    []token.Token
		last    token.Token
		invalid bool
		pending bool // an unterminated literal or comment at the end
	)
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	s.Init(file, []byte(code), func(pos token.Position, msg string) {
		switch {
		case strings.Contains(msg, "raw string literal not terminated"), strings.Contains(msg, "comment not terminated"):
			pending = true
		case strings.Contains(msg, "not terminated") && pos.Line == lastLine:
			pending = true
		default:
			invalid = true
		}
	}, 0)
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		if t == token.SEMICOLON && lit != ";" {
			continue // inserted at a line end: says nothing about continuation
		}
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			open = append(open, t)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(open) == 0 || closer(open[len(open)-1]) != t {
				return "invalid", ""
			}
			open = open[:len(open)-1]
		}
		last = t
	}
	depth := strings.Repeat("\t", len(open))
	switch {
	case pending:
		return "incomplete", ""
	case invalid:
		return "invalid", ""
	case len(open) > 0:
		return "incomplete", depth
	case continues(last):
		return "incomplete", depth + "\t"
	}
	items := splitCell(code)
	if len(parseCell(code, items).diags) > 0 {
		return "invalid", ""
	}
	return "complete", ""
}

func closer(t token.Token) token.Token {
	switch t {
	case token.LPAREN:
		return token.RPAREN
	case token.LBRACK:
		return token.RBRACK
	}
	return token.RBRACE
}

// continues reports whether a line ending in t must go on: the scanner
// inserts no semicolon after these, so the statement is unfinished.
func continues(t token.Token) bool {
	switch {
	case t.IsOperator():
		switch t {
		case token.INC, token.DEC, token.RPAREN, token.RBRACK, token.RBRACE, token.SEMICOLON:
			return false
		}
		return true
	case t.IsKeyword():
		switch t {
		case token.BREAK, token.CONTINUE, token.FALLTHROUGH, token.RETURN:
			return false
		}
		return true
	}
	return false
}
