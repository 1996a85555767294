package display

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sparkgo/sparkgo/connect"
)

// ErrorOptions adjusts Error.
type ErrorOptions struct {
	// SQL is the SQL text the query ran, which the error's query context
	// points into; "" means use the snippet Spark sends with the context.
	SQL string
	// MaxFrames is the number of server stack frames in the text rendering:
	// 0 means 10, a negative value none. HTML always has all of them,
	// collapsed.
	MaxFrames int
}

// advice starts the sentences of a Spark message that tell the user what to
// do; Error shows them as the hint.
var advice = []string{
	"Did you mean", "Verify", "Use ", "Please", "If ", "To ", "Consider", "Set ", "You ", "Try",
	"Check", "Make sure", "Remove", "Add ", "Specify", "Otherwise", "Alternatively",
}

// parsedError is a SparkError split into what Error shows.
type parsedError struct {
	class, state, exc string
	message, hint     string
	details           string // the rest of the message: plans, extra lines
	snippets          []snippet
	causes            []string
	frames            []string
}

// snippet is SQL text with the failing fragment at bytes [start, end).
type snippet struct {
	sql        string
	start, end int // byte offsets; start == end == -1 when unknown
	label      string
	summary    string // Spark's own rendering, when the SQL text is unknown
}

// Error renders err: for a *connect.SparkError (found with errors.As) the
// error class, SQLSTATE, message, Spark's hint, the SQL text with the failing
// fragment marked (a caret line in text, <mark> in HTML), the server-side
// causes and the server stack trace (collapsed in HTML). Other errors render
// their message. A nil err renders as an empty bundle with empty text.
func Error(err error, opts ErrorOptions) Bundle {
	if err == nil {
		return newBundle("", "")
	}
	var se *connect.SparkError
	if !errors.As(err, &se) {
		var w htmlw
		w.raw(`<div class="sparkgo sg-error">`)
		w.raw(css)
		w.raw(`<div class="sg-msg">`)
		w.text(err.Error())
		w.raw("</div></div>\n")
		return newBundle(err.Error(), w.String())
	}
	p := parseSparkError(se, opts.SQL)
	return newBundle(p.text(opts.MaxFrames), p.html())
}

func parseSparkError(se *connect.SparkError, sql string) *parsedError {
	p := &parsedError{class: se.ErrorClass, state: se.SQLState, exc: se.ExceptionClass}
	msg := strings.TrimSpace(se.Message)
	if p.class != "" {
		msg = strings.TrimSpace(strings.TrimPrefix(msg, "["+p.class+"]"))
	}
	// The head of the message ends at "SQLSTATE: xxxxx" when Spark put it
	// there, else at the first line break.
	head, rest := msg, ""
	if i := strings.Index(msg, "SQLSTATE: "); i >= 0 {
		head = msg[:i]
		rest = msg[i+len("SQLSTATE: "):]
		j := 0
		for j < len(rest) && j < 5 && rest[j] != ' ' && rest[j] != ';' && rest[j] != '\n' {
			j++
		}
		if p.state == "" {
			p.state = rest[:j]
		}
		rest = strings.TrimLeft(rest[j:], ";. ")
	} else if i := strings.IndexByte(msg, '\n'); i >= 0 {
		head, rest = msg[:i], msg[i+1:]
	}
	head = strings.Join(strings.Fields(head), " ")
	p.message, p.hint = splitHint(head)
	if prop := se.Parameters["proposal"]; prop != "" && !strings.Contains(p.hint, prop) && !strings.Contains(p.message, prop) {
		p.hint = strings.TrimSpace(p.hint + " Did you mean one of the following? " + prop)
	}
	p.details = dropContextBlock(rest)
	if p.message == "" {
		p.message = se.ExceptionClass
	}
	for _, q := range se.QueryContexts {
		p.snippets = append(p.snippets, makeSnippet(q, sql))
	}
	for c := se.Cause; c != nil; c = c.Cause {
		line, _, _ := strings.Cut(strings.TrimSpace(c.Error()), "\n")
		if c.ExceptionClass != "" && !strings.HasPrefix(line, "[") {
			line = c.ExceptionClass + ": " + line
		}
		p.causes = append(p.causes, line)
	}
	for _, f := range se.StackTrace {
		s := "at " + f.Class + "." + f.Method
		if f.File != "" {
			s += "(" + f.File
			if f.Line > 0 {
				s += ":" + strconv.Itoa(f.Line)
			}
			s += ")"
		}
		p.frames = append(p.frames, s)
	}
	return p
}

// splitHint splits a message head into the statement and the advice that
// follows it.
func splitHint(s string) (msg, hint string) {
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '`':
			inQuote = !inQuote
		case '.', '?', '!':
			if inQuote || i+2 >= len(s) || s[i+1] != ' ' {
				continue
			}
			r := strings.TrimSpace(s[i+1:])
			for _, a := range advice {
				if strings.HasPrefix(r, a) {
					return strings.TrimSpace(s[:i+1]), r
				}
			}
		}
	}
	return strings.TrimSpace(s), ""
}

// dropContextBlock removes the "== SQL (line 1, position 8) ==" block (and
// Spark's "; line 1 pos 7" remark) from the rest of a message, as Error
// shows the query context itself.
func dropContextBlock(s string) string {
	var out []string
	skipping := false
	for _, l := range strings.Split(s, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "== SQL") || strings.HasPrefix(t, "== DataFrame"):
			skipping = true
			continue
		case skipping && t == "":
			skipping = false
			continue
		case skipping:
			continue
		}
		if strings.HasPrefix(t, "line ") && strings.Contains(t, " pos ") && len(t) < 30 {
			continue
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

func makeSnippet(q connect.QueryContext, sql string) snippet {
	sn := snippet{sql: sql, start: -1, end: -1, summary: strings.TrimSpace(q.Summary)}
	if q.Kind == "DataFrame" {
		sn.label = "DataFrame"
		if q.Fragment != "" {
			sn.label += " " + q.Fragment
		}
		if q.CallSite != "" {
			sn.label += " at " + q.CallSite
		}
		return sn
	}
	if q.ObjectName != "" {
		sn.label = strings.TrimSpace(q.ObjectType + " " + q.ObjectName)
	}
	if sql == "" {
		if sn.summary == "" && q.Fragment != "" {
			sn.sql, sn.start, sn.end = q.Fragment, 0, len(q.Fragment)
		}
		return sn
	}
	if s, e, ok := utf16Span(sql, q.Start, q.Stop); ok && (q.Fragment == "" || sql[s:e] == q.Fragment) {
		sn.start, sn.end = s, e
	} else if s, e, ok := runeSpan(sql, q.Start, q.Stop); ok && q.Fragment != "" && sql[s:e] == q.Fragment {
		sn.start, sn.end = s, e
	} else if q.Fragment != "" && strings.Count(sql, q.Fragment) == 1 {
		sn.start = strings.Index(sql, q.Fragment)
		sn.end = sn.start + len(q.Fragment)
	}
	return sn
}

// utf16Span converts the inclusive UTF-16 code unit indexes [start, stop]
// (as Java counts) into the byte offsets [s, e) of sql.
func utf16Span(sql string, start, stop int) (s, e int, ok bool) {
	if start < 0 || stop < start {
		return 0, 0, false
	}
	u := 0
	s = -1
	for i, r := range sql {
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if s < 0 && u >= start {
			if u != start {
				return 0, 0, false // start falls inside a surrogate pair
			}
			s = i
		}
		if u+n-1 >= stop {
			if s < 0 {
				return 0, 0, false
			}
			return s, i + utf8.RuneLen(r), true
		}
		u += n
	}
	return 0, 0, false
}

// runeSpan is utf16Span counting code points instead of UTF-16 units.
func runeSpan(sql string, start, stop int) (s, e int, ok bool) {
	if start < 0 || stop < start {
		return 0, 0, false
	}
	k := 0
	s = -1
	for i, r := range sql {
		if k == start {
			s = i
		}
		if k == stop && s >= 0 {
			return s, i + utf8.RuneLen(r), true
		}
		k++
	}
	return 0, 0, false
}

// position returns the 1-based line and column (in characters) of byte
// offset off in s.
func position(s string, off int) (line, col int) {
	line = 1 + strings.Count(s[:off], "\n")
	col = 1 + utf8.RuneCountInString(s[strings.LastIndexByte(s[:off], '\n')+1:off])
	return line, col
}

func (p *parsedError) title() string {
	t := p.class
	if t == "" {
		t = p.exc
	}
	if t == "" {
		t = "Spark error"
	}
	if p.state != "" {
		t += " (SQLSTATE " + p.state + ")"
	}
	return t
}

func (p *parsedError) text(maxFrames int) string {
	if maxFrames == 0 {
		maxFrames = 10
	}
	var b strings.Builder
	b.WriteString(p.title() + "\n")
	b.WriteString(p.message + "\n")
	if p.hint != "" {
		b.WriteString("Hint: " + p.hint + "\n")
	}
	for _, sn := range p.snippets {
		b.WriteByte('\n')
		sn.text(&b)
	}
	if p.details != "" {
		b.WriteString("\n" + p.details + "\n")
	}
	for _, c := range p.causes {
		b.WriteString("Caused by: " + c + "\n")
	}
	if len(p.frames) > 0 && maxFrames > 0 {
		b.WriteString("\nServer stack trace")
		if p.exc != "" {
			b.WriteString(" (" + p.exc + ")")
		}
		b.WriteString(":\n")
		for i, f := range p.frames {
			if i == maxFrames {
				b.WriteString("  … " + strconv.Itoa(len(p.frames)-i) + " more\n")
				break
			}
			b.WriteString("  " + f + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// text writes the snippet with a gutter of line numbers and a caret line
// under the fragment, showing at most two lines of context around it.
func (sn snippet) text(b *strings.Builder) {
	if sn.label != "" {
		b.WriteString(sn.label + "\n")
	}
	if sn.start < 0 {
		switch {
		case sn.summary != "":
			b.WriteString(sn.summary + "\n")
		case sn.sql != "":
			b.WriteString(sn.sql + "\n")
		}
		return
	}
	line, col := position(sn.sql, sn.start)
	b.WriteString("== SQL (line " + strconv.Itoa(line) + ", position " + strconv.Itoa(col) + ") ==\n")
	lines := strings.Split(sn.sql, "\n")
	lastLine, _ := position(sn.sql, max(sn.end-1, sn.start))
	from, to := max(line-2, 1), min(lastLine+2, len(lines))
	gw := len(strconv.Itoa(to))
	off := 0
	for n := 1; n <= len(lines); n++ {
		l := lines[n-1]
		ls, le := off, off+len(l)
		off = le + 1
		if n < from || n > to {
			continue
		}
		l = strings.ReplaceAll(l, "\t", " ")
		b.WriteString(pad(strconv.Itoa(n), gw, true) + " | " + strings.TrimRight(l, " \r") + "\n")
		s, e := max(sn.start, ls), min(sn.end, le)
		if s < e || (s == e && sn.start == sn.end && s == ls) {
			lead := textWidth(strings.ReplaceAll(sn.sql[ls:s], "\t", " "))
			carets := max(textWidth(sn.sql[s:e]), 1)
			b.WriteString(strings.Repeat(" ", gw) + " | " + strings.Repeat(" ", lead) + strings.Repeat("^", carets) + "\n")
		}
	}
}

func (p *parsedError) html() string {
	var w htmlw
	w.raw(`<div class="sparkgo sg-error">`)
	w.raw(css)
	w.raw(`<div><span class="sg-ecls">`)
	if p.class != "" {
		w.text(p.class)
	} else if p.exc != "" {
		w.text(p.exc)
	} else {
		w.text("Spark error")
	}
	w.raw(`</span>`)
	if p.state != "" {
		w.raw(`<span class="sg-badge">SQLSTATE `)
		w.text(p.state)
		w.raw(`</span>`)
	}
	w.raw(`</div><div class="sg-msg">`)
	w.text(p.message)
	w.raw(`</div>`)
	if p.hint != "" {
		w.raw(`<div class="sg-hint"><b>Hint:</b> `)
		w.text(p.hint)
		w.raw(`</div>`)
	}
	for _, sn := range p.snippets {
		if sn.label != "" {
			w.raw(`<div class="sg-caption">`)
			w.text(sn.label)
			w.raw(`</div>`)
		}
		switch {
		case sn.start >= 0:
			line, col := position(sn.sql, sn.start)
			w.raw(`<div class="sg-caption">SQL, line `)
			w.text(strconv.Itoa(line) + ", position " + strconv.Itoa(col))
			w.raw(`</div><pre class="sg-sql">`)
			w.text(sn.sql[:sn.start])
			w.raw(`<mark>`)
			w.text(sn.sql[sn.start:sn.end])
			w.raw(`</mark>`)
			w.text(sn.sql[sn.end:])
			w.raw(`</pre>`)
		case sn.summary != "":
			w.raw(`<pre class="sg-sql">`)
			w.text(sn.summary)
			w.raw(`</pre>`)
		case sn.sql != "":
			w.raw(`<pre class="sg-sql">`)
			w.text(sn.sql)
			w.raw(`</pre>`)
		}
	}
	if p.details != "" {
		w.raw(`<details><summary>Details</summary><pre>`)
		w.text(p.details)
		w.raw(`</pre></details>`)
	}
	for _, c := range p.causes {
		w.raw(`<div class="sg-caption">Caused by: `)
		w.text(c)
		w.raw(`</div>`)
	}
	if len(p.frames) > 0 {
		w.raw(`<details><summary>Server stack trace (`)
		w.text(strconv.Itoa(len(p.frames)))
		w.raw(` frames`)
		if p.exc != "" {
			w.raw(`, `)
			w.text(p.exc)
		}
		w.raw(`)</summary><pre>`)
		w.text(strings.Join(p.frames, "\n"))
		w.raw(`</pre></details>`)
	}
	w.raw("</div>\n")
	return w.String()
}
