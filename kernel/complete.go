package kernel

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/kernel/engine"
)

// remoteTimeout bounds the Spark calls made to complete or inspect: a
// slow server must not make typing hang.
const remoteTimeout = 3 * time.Second

// tableCacheTTL is how long the list of table names is reused.
const tableCacheTTL = 30 * time.Second

// schemaCache remembers the columns of DataFrames (which never change:
// verbs make new ones) and, for a while, the session's table names.
type schemaCache struct {
	mu       sync.Mutex
	columns  map[*frame.DataFrame][]string
	tables   []string
	tablesAt time.Time
}

// maxCachedFrames bounds the column cache; it is emptied when full.
const maxCachedFrames = 512

func (c *schemaCache) dataFrameColumns(df *frame.DataFrame) []string {
	c.mu.Lock()
	cols, ok := c.columns[df]
	c.mu.Unlock()
	if ok {
		return cols
	}
	ctx, cancel := context.WithTimeout(context.Background(), remoteTimeout)
	defer cancel()
	cols, err := df.Columns(ctx)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	if c.columns == nil || len(c.columns) >= maxCachedFrames {
		c.columns = map[*frame.DataFrame][]string{}
	}
	c.columns[df] = cols
	c.mu.Unlock()
	return cols
}

func (c *schemaCache) tableNames(sess *frame.Session) []string {
	c.mu.Lock()
	if time.Since(c.tablesAt) < tableCacheTTL {
		t := c.tables
		c.mu.Unlock()
		return t
	}
	c.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), remoteTimeout)
	defer cancel()
	tables, err := sess.Catalog().ListTables(ctx, "", "")
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(tables))
	for _, t := range tables {
		names = append(names, t.Name)
	}
	sort.Strings(names)
	c.mu.Lock()
	c.tables, c.tablesAt = names, time.Now()
	c.mu.Unlock()
	return names
}

// Complete returns completions at cursor (in Unicode code points) and the
// range they replace. Inside a string literal given to a DataFrame call it
// offers the DataFrame's column names, inside spark.Table or spark.Sql the
// session's tables; elsewhere Go identifiers, package members, fields and
// methods. It never runs the cell's code.
func (x *Executor) Complete(code string, cursor int) (matches []string, start, end int) {
	if arg, ok := engine.StringArgAt(code, cursor); ok {
		if m, s, e, ok := x.completeString(cursor, arg); ok {
			return m, s, e
		}
		return []string{}, cursor, cursor
	}
	return x.eng.Complete(code, cursor)
}

func (x *Executor) completeString(cursor int, arg engine.StringArg) ([]string, int, int, bool) {
	for _, call := range arg.Calls {
		if call.Root == "spark" && (call.Method == "Table" || call.Method == "Sql") {
			sess := x.sparkSession()
			if sess == nil {
				return nil, 0, 0, false
			}
			word := lastWord(arg.Prefix)
			start := cursor - len([]rune(word))
			return filterPrefix(x.schemas.tableNames(sess), word), start, cursor, true
		}
		if df := x.dataFrame(call.Root); df != nil {
			cols := x.schemas.dataFrameColumns(df)
			return filterPrefix(cols, arg.Prefix), arg.Start, arg.End, true
		}
	}
	return nil, 0, 0, false
}

// dataFrame returns the DataFrame held by the global variable name, if any.
func (x *Executor) dataFrame(name string) *frame.DataFrame {
	if name == "" {
		return nil
	}
	v, ok := x.eng.Global(name)
	if !ok || !v.IsValid() || !v.CanInterface() {
		return nil
	}
	df, _ := v.Interface().(*frame.DataFrame)
	return df
}

func filterPrefix(names []string, prefix string) []string {
	out := []string{}
	lower := strings.ToLower(prefix)
	for _, n := range names {
		if strings.HasPrefix(strings.ToLower(n), lower) {
			out = append(out, n)
		}
	}
	return out
}

// lastWord is the identifier-like tail of s: what a table name being
// typed in SQL text looks like.
func lastWord(s string) string {
	r := []rune(s)
	i := len(r)
	for i > 0 && (unicode.IsLetter(r[i-1]) || unicode.IsDigit(r[i-1]) || r[i-1] == '_' || r[i-1] == '.') {
		i--
	}
	return string(r[i:])
}

// Inspect describes the name at cursor: its signature and documentation,
// and for a DataFrame variable its schema.
func (x *Executor) Inspect(code string, cursor, detail int) (display.Bundle, bool) {
	info, ok := x.eng.Inspect(code, cursor)
	if !ok {
		return display.Bundle{}, false
	}
	var text strings.Builder
	text.WriteString(info.Name)
	if info.Kind != "" {
		text.WriteString(" (" + info.Kind + ")")
	}
	text.WriteString("\n")
	var df *frame.DataFrame
	if info.Value.IsValid() && info.Value.CanInterface() {
		df, _ = info.Value.Interface().(*frame.DataFrame)
	}
	switch {
	case df != nil:
		// A DataFrame's %v is its internals; its schema (below) says more.
		text.WriteString("var " + info.Name + " *frame.DataFrame")
		if src := df.Source(); src != "" {
			text.WriteString(" // source: " + src)
		}
		text.WriteString("\n")
	case info.Doc != "":
		// The documentation starts with the declaration, which says more
		// than the reflected signature (parameter names).
	case info.Signature != "":
		text.WriteString(info.Signature + "\n")
	}
	if info.Doc != "" {
		text.WriteString("\n" + strings.TrimSpace(info.Doc) + "\n")
	}
	b := display.Bundle{Data: map[string]any{}}
	if df != nil && x.sparkSession() != nil {
		ctx, cancel := context.WithTimeout(context.Background(), remoteTimeout)
		defer cancel()
		if s, err := df.Schema(ctx); err == nil {
			sb := display.Schema(s)
			text.WriteString("\n" + sb.Text() + "\n")
			b.Data[display.MIMEHTML] = sb.HTML()
		}
	}
	b.Data[display.MIMEText] = strings.TrimRight(text.String(), "\n")
	return b, true
}

// IsComplete tells a console whether code is ready to run: "complete",
// "incomplete" (with the indent of the next line) or "invalid". Magic
// lines are complete.
func (x *Executor) IsComplete(code string) (status, indent string) {
	_, goCode, err := splitMagics(code)
	if err != nil {
		return "invalid", ""
	}
	if strings.TrimSpace(goCode) == "" {
		return "complete", ""
	}
	return engine.IsComplete(goCode)
}

// Evaluate evaluates a Go expression (a front end's user_expressions) and
// renders its value.
func (x *Executor) Evaluate(ctx context.Context, expr string) (display.Bundle, error) {
	res, err := x.eval(ctx, expr)
	if err != nil {
		return display.Bundle{}, err
	}
	b, _, err := x.renderValues(ctx, res.Values)
	if err != nil {
		return display.Bundle{}, err
	}
	if b == nil {
		return textBundle(""), nil
	}
	return *b, nil
}
