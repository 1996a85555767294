package engine

import (
	"go/token"
	"strconv"
	"strings"
)

// StringArg describes a string literal being typed as a call argument, so
// the kernel can complete column names, table names or SQL inside it.
type StringArg struct {
	// Prefix is the literal's unquoted text from the opening quote to the
	// cursor.
	Prefix string
	// Start and End are the rune offsets of the text to replace: from after
	// the opening quote to the cursor.
	Start, End int
	// Calls are the enclosing calls, innermost first.
	Calls []Call
}

// Call is a call enclosing a StringArg.
type Call struct {
	Func   string // callee as written, e.g. `F.Mean` or `mtcars.GroupBy("am").Agg`
	Method string // last name of the callee: "Mean", "Agg"
	Root   string // first name of the callee chain: "F", "mtcars"
}

// StringArgAt reports the string literal the cursor (a rune offset) is in,
// when that literal is inside the parentheses of at least one call.
func StringArgAt(code string, cursor int) (StringArg, bool) {
	cur := byteOffset(code, cursor)
	toks := scanTokens(code[:cur])
	n := len(toks)
	if n == 0 || toks[n-1].tok != token.STRING || toks[n-1].end != cur {
		return StringArg{}, false
	}
	lit := toks[n-1].lit
	if _, err := strconv.Unquote(lit); err == nil && len(lit) > 1 {
		return StringArg{}, false // the cursor is after the closing quote
	}
	arg := StringArg{
		Prefix: unquotePrefix(lit),
		Start:  runeOffset(code, toks[n-1].start+1),
		End:    cursor,
	}
	depth := 0
	for i := n - 2; i >= 0; i-- {
		switch toks[i].tok {
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth++
		case token.LBRACK, token.LBRACE:
			if depth > 0 {
				depth--
			}
		case token.LPAREN:
			if depth > 0 {
				depth--
				continue
			}
			chain, first, ok := chainBefore(toks[:i])
			if !ok {
				continue // a parenthesised expression, not a call
			}
			arg.Calls = append(arg.Calls, Call{
				Func:   strings.TrimSpace(code[toks[first].start:toks[i-1].end]),
				Method: chain[len(chain)-1].name,
				Root:   chain[0].name,
			})
		}
	}
	return arg, len(arg.Calls) > 0
}

// unquotePrefix unquotes an unterminated literal, tolerating an escape
// sequence cut short by the cursor.
func unquotePrefix(lit string) string {
	q := lit[:1]
	body := lit[1:]
	if q == "`" {
		return body
	}
	for cut := len(body); cut >= 0 && cut >= len(body)-9; cut-- {
		if s, err := strconv.Unquote(q + body[:cut] + q); err == nil {
			return s
		}
	}
	return body
}
