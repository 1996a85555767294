package notebook

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"go/scanner"
	"go/token"
	"html"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// HTMLOptions tunes [WriteHTML].
type HTMLOptions struct {
	// Title is the page title. Default: the notebook's metadata "title",
	// else "Notebook".
	Title string
}

// WriteHTML renders the notebook as one self-contained HTML page, laid out
// like JupyterLab (In/Out prompts beside code and outputs) so that a report
// reads like the notebook it came from. The page needs no network and no
// JavaScript: images are data URIs, styles are inline, Go code is
// highlighted here. It follows the reader's light or dark preference.
//
// Outputs and Markdown are inserted as HTML without sanitising, as
// nbconvert does: notebooks are trusted documents, and sparkgo's own
// outputs (tables, plots, errors) are HTML by design. Do not export
// notebooks from untrusted sources.
//
// The output depends only on the notebook, so it can be compared with a
// golden file.
func WriteHTML(w io.Writer, nb *Notebook, opts HTMLOptions) error {
	title := opts.Title
	if title == "" {
		title, _ = nb.Metadata["title"].(string)
	}
	if title == "" {
		title = "Notebook"
	}
	h := &htmlWriter{
		md: goldmark.New(
			goldmark.WithExtensions(extension.GFM),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()),
			goldmark.WithRendererOptions(ghtml.WithUnsafe()),
		),
		ids:    &headingIDs{used: map[string]bool{}},
		goCode: isGo(nb.Metadata),
	}
	b := &h.buf
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<meta name=\"color-scheme\" content=\"light dark\">\n")
	b.WriteString("<meta name=\"generator\" content=\"sparkgo\">\n")
	fmt.Fprintf(b, "<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n<main class=\"notebook\">\n", html.EscapeString(title), pageCSS)
	for _, c := range nb.Cells {
		h.cell(c)
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	_, err := w.Write(b.Bytes())
	return err
}

type htmlWriter struct {
	buf    bytes.Buffer
	md     goldmark.Markdown
	ids    *headingIDs
	goCode bool
}

// isGo decides whether to highlight code as Go: yes unless the notebook
// says it is in another language, since this package exists for sparkgo.
func isGo(meta map[string]any) bool {
	lang := ""
	if li, ok := meta["language_info"].(map[string]any); ok {
		lang, _ = li["name"].(string)
	}
	if lang == "" {
		if ks, ok := meta["kernelspec"].(map[string]any); ok {
			lang, _ = ks["language"].(string)
		}
	}
	return lang == "" || strings.EqualFold(lang, "go")
}

func (h *htmlWriter) cell(c *Cell) {
	b := &h.buf
	idAttr := ""
	if c.ID != "" {
		idAttr = ` id="cell-` + html.EscapeString(c.ID) + `"`
	}
	sourceHidden, outputsHidden := hidden(c.Metadata)
	switch c.CellType {
	case Markdown:
		fmt.Fprintf(b, "<div class=\"cell markdown\"%s>\n", idAttr)
		b.WriteString(h.markdown(c.Source, c.Attachments))
		b.WriteString("</div>\n")
	case Raw:
		// Raw cells are meant for one output format; only HTML ones belong
		// in an HTML page, as in nbconvert.
		if rawFormat(c.Metadata) == "text/html" {
			fmt.Fprintf(b, "<div class=\"cell raw\"%s>\n%s\n</div>\n", idAttr, c.Source)
		}
	case Code:
		fmt.Fprintf(b, "<div class=\"cell code\"%s>\n", idAttr)
		if !sourceHidden {
			fmt.Fprintf(b, "<div class=\"input\"><div class=\"prompt\">In&nbsp;[%s]:</div><pre class=\"source\"><code>", countText(c.ExecutionCount))
			if h.goCode {
				b.WriteString(highlightGo(c.Source))
			} else {
				b.WriteString(escText(c.Source))
			}
			b.WriteString("</code></pre></div>\n")
		}
		if !outputsHidden && len(c.Outputs) > 0 {
			b.WriteString("<div class=\"outputs\">\n")
			for i := range c.Outputs {
				h.output(&c.Outputs[i])
			}
			b.WriteString("</div>\n")
		}
		b.WriteString("</div>\n")
	}
}

func countText(n *int) string {
	if n == nil {
		return "&nbsp;"
	}
	return strconv.Itoa(*n)
}

// hidden reads JupyterLab's collapsed-cell flags: what the author hid in
// the notebook stays hidden in the report.
func hidden(meta map[string]any) (source, outputs bool) {
	j, _ := meta["jupyter"].(map[string]any)
	source, _ = j["source_hidden"].(bool)
	outputs, _ = j["outputs_hidden"].(bool)
	return source, outputs
}

func rawFormat(meta map[string]any) string {
	if f, ok := meta["format"].(string); ok {
		return f
	}
	f, _ := meta["raw_mimetype"].(string)
	return f
}

func (h *htmlWriter) output(o *Output) {
	b := &h.buf
	prompt := ""
	if o.OutputType == ExecuteResult {
		prompt = "Out[" + countText(o.ExecutionCount) + "]:"
	}
	fmt.Fprintf(b, "<div class=\"output\"><div class=\"prompt\">%s</div>", prompt)
	switch o.OutputType {
	case Stream:
		class := "stream"
		if o.Name == "stderr" {
			class += " stderr"
		}
		fmt.Fprintf(b, "<pre class=\"%s\">%s</pre>", class, ansiHTML(carriageReturns(o.Text)))
	case Error:
		tb := strings.Join(o.Traceback, "\n")
		if tb == "" {
			tb = o.Ename + ": " + o.Evalue
		}
		fmt.Fprintf(b, "<pre class=\"error\">%s</pre>", ansiHTML(tb))
	case DisplayData, ExecuteResult:
		h.bundle(o.Data, o.Metadata)
	}
	b.WriteString("</div>\n")
}

// mimeOrder is the preference among a bundle's renderings, richest first,
// limited to what a static page can show.
var mimeOrder = []string{"text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg", "image/gif", "text/plain"}

func (h *htmlWriter) bundle(data, meta map[string]any) {
	b := &h.buf
	mime := ""
	for _, m := range mimeOrder {
		if _, ok := data[m]; ok {
			mime = m
			break
		}
	}
	s := stringValue(data[mime])
	switch mime {
	case "text/html":
		fmt.Fprintf(b, "<div class=\"html\">%s</div>", s)
	case "text/markdown":
		fmt.Fprintf(b, "<div class=\"markdown\">%s</div>", h.markdown(s, nil))
	case "image/svg+xml":
		fmt.Fprintf(b, "<div class=\"image\">%s</div>", stripXMLProlog(s))
	case "image/png", "image/jpeg", "image/gif":
		fmt.Fprintf(b, "<div class=\"image\"><img src=\"data:%s;base64,%s\"%s alt=\"\"></div>", mime, compactBase64(s), imageSize(meta, mime))
	case "text/plain":
		fmt.Fprintf(b, "<pre class=\"text\">%s</pre>", ansiHTML(s))
	default:
		types := make([]string, 0, len(data))
		for m := range data {
			types = append(types, m)
		}
		sort.Strings(types)
		fmt.Fprintf(b, "<pre class=\"text muted\">[no HTML rendering for %s]</pre>", html.EscapeString(strings.Join(types, ", ")))
	}
}

func stringValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	case json.RawMessage:
		return string(v)
	case []any:
		var sb strings.Builder
		for _, l := range v {
			s, _ := l.(string)
			sb.WriteString(s)
		}
		return sb.String()
	}
	return ""
}

// stripXMLProlog drops the XML declaration and doctype that SVG files
// start with; inside HTML they are at best noise.
func stripXMLProlog(s string) string {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "<?xml") || strings.HasPrefix(t, "<!DOCTYPE") {
		if i := strings.Index(t, "<svg"); i > 0 {
			return t[i:]
		}
	}
	return s
}

// compactBase64 removes the line breaks some writers put into base64.
func compactBase64(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, s)
}

// imageSize turns Jupyter's image metadata ({"image/png": {"width": 300}})
// into attributes, as front ends do for retina images.
func imageSize(meta map[string]any, mime string) string {
	m, _ := meta[mime].(map[string]any)
	var attrs string
	for _, k := range []string{"width", "height"} {
		var n float64
		switch v := m[k].(type) {
		case json.Number:
			n, _ = v.Float64()
		case float64:
			n = v
		case int:
			n = float64(v)
		}
		if n > 0 {
			attrs += fmt.Sprintf(" %s=\"%s\"", k, strconv.FormatFloat(n, 'f', -1, 64))
		}
	}
	return attrs
}

// markdown renders Markdown the way Jupyter does (GitHub-flavoured, raw
// HTML allowed), with attachment: images resolved to data URIs.
func (h *htmlWriter) markdown(src string, atts map[string]map[string]any) string {
	source := []byte(src)
	ctx := parser.NewContext(parser.WithIDs(h.ids))
	doc := h.md.Parser().Parse(text.NewReader(source), parser.WithContext(ctx))
	if len(atts) > 0 {
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			img, ok := n.(*ast.Image)
			if !entering || !ok {
				return ast.WalkContinue, nil
			}
			if name, ok := strings.CutPrefix(string(img.Destination), "attachment:"); ok {
				if uri := attachmentURI(atts[name]); uri != "" {
					img.Destination = []byte(uri)
				}
			}
			return ast.WalkContinue, nil
		})
	}
	var out bytes.Buffer
	if err := h.md.Renderer().Render(&out, source, doc); err != nil {
		return "<pre>" + html.EscapeString(src) + "</pre>\n"
	}
	return out.String()
}

func attachmentURI(bundle map[string]any) string {
	mimes := make([]string, 0, len(bundle))
	for m := range bundle {
		mimes = append(mimes, m)
	}
	sort.Strings(mimes)
	for _, m := range mimes {
		if !strings.HasPrefix(m, "image/") {
			continue
		}
		s := stringValue(bundle[m])
		if m == "image/svg+xml" {
			s = base64.StdEncoding.EncodeToString([]byte(s))
		}
		return "data:" + m + ";base64," + compactBase64(s)
	}
	return ""
}

// headingIDs gives headings ids that are unique across the whole page (each
// cell is parsed separately) and that keep the heading's case, like
// JupyterLab's anchors, so that links written in the notebook still work.
type headingIDs struct{ used map[string]bool }

func (d *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	var sb strings.Builder
	for _, r := range strings.TrimSpace(string(value)) {
		switch {
		case r == ' ':
			sb.WriteByte('-')
		case r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 0x7f:
			sb.WriteRune(r)
		}
	}
	base := sb.String()
	if base == "" {
		base = "heading"
	}
	id := base
	for i := 1; d.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	d.used[id] = true
	return []byte(id)
}

func (d *headingIDs) Put(value []byte) { d.used[string(value)] = true }

// highlightGo marks up Go source using the standard library's scanner:
// exact for Go and tolerant of cell syntax that is not Go (magics, shell
// lines), which is simply left plain.
func highlightGo(src string) string {
	// The scanner drops '\r' from comments and raw strings, which would
	// shift offsets; notebooks use '\n' anyway.
	src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	magics, code, isGo := splitMagicLines(src)
	if !isGo {
		return escText(src)
	}
	return escText(magics) + highlightTokens(code)
}

// splitMagicLines separates the kernel's magic lines (%name ..., at the top
// of a cell) from the Go code below them, so that magics are not coloured
// as Go. A %sql magic makes the rest of the cell SQL, which is shown plain.
func splitMagicLines(src string) (magics, code string, isGo bool) {
	off := 0
	for off < len(src) {
		line, _, _ := strings.Cut(src[off:], "\n")
		next := min(off+len(line)+1, len(src))
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
		case strings.HasPrefix(trimmed, "%"):
			if f := strings.Fields(strings.TrimLeft(trimmed, "%")); len(f) > 0 && f[0] == "sql" {
				return src, "", false
			}
		default:
			return src[:off], src[off:], true
		}
		off = next
	}
	return src, "", true
}

func highlightTokens(src string) string {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	var b strings.Builder
	last := 0
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		var class string
		switch {
		case tok.IsKeyword():
			class = "k"
		case tok == token.STRING || tok == token.CHAR:
			class = "s"
		case tok == token.COMMENT:
			class = "c"
		case tok == token.INT || tok == token.FLOAT || tok == token.IMAG:
			class = "n"
		case tok == token.IDENT && predeclared[lit]:
			class = "b"
		default:
			continue
		}
		start := file.Offset(pos)
		end := start + len(lit)
		if start < last || end > len(src) {
			continue
		}
		b.WriteString(escText(src[last:start]))
		fmt.Fprintf(&b, `<span class="%s">%s</span>`, class, escText(src[start:end]))
		last = end
	}
	b.WriteString(escText(src[last:]))
	return b.String()
}

// predeclared are Go's universe-scope names, shown apart from user
// identifiers as editors do.
var predeclared = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`any bool byte comparable complex64 complex128 error float32 float64
		int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr
		true false iota nil
		append cap clear close complex copy delete imag len make max min new panic print println real recover`) {
		predeclared[n] = true
	}
}

// escText escapes text for element content. Quotes need no escaping
// there, and leaving them keeps code readable in the page source.
var escText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// ansiHTML escapes text and turns ANSI SGR colour codes (tracebacks, log
// lines) into styled spans; other escape sequences are dropped.
func ansiHTML(s string) string {
	if !strings.Contains(s, "\x1b") {
		return escText(s)
	}
	var b strings.Builder
	var st, open sgr
	spanOpen := false
	flush := func(text string) {
		if text == "" {
			return
		}
		if spanOpen && st != open {
			b.WriteString("</span>")
			spanOpen = false
		}
		if !spanOpen && st != (sgr{}) {
			b.WriteString(st.openTag())
			spanOpen, open = true, st
		}
		b.WriteString(escText(text))
	}
	for len(s) > 0 {
		i := strings.IndexByte(s, '\x1b')
		if i < 0 {
			flush(s)
			break
		}
		flush(s[:i])
		s = s[i+1:]
		switch {
		case strings.HasPrefix(s, "["):
			// CSI: parameters, then a final byte in @–~.
			j := 1
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			if j == len(s) {
				s = ""
				break
			}
			if s[j] == 'm' {
				st.apply(s[1:j])
			}
			s = s[j+1:]
		case strings.HasPrefix(s, "]"):
			// OSC (hyperlinks, titles): up to BEL or ESC \.
			end, skip := len(s), 0
			if k := strings.IndexAny(s, "\a\x1b"); k >= 0 {
				end, skip = k, 1
				if s[k] == '\x1b' && k+1 < len(s) && s[k+1] == '\\' {
					skip = 2
				}
			}
			s = s[end+skip:]
		case len(s) > 0:
			s = s[1:]
		}
	}
	if spanOpen {
		b.WriteString("</span>")
	}
	return b.String()
}

// sgr is the text style ANSI codes have set. Colours 0–15 become classes
// (so the page's palette adapts to dark mode); 256-colour and true-colour
// values become inline colours.
type sgr struct {
	fg, bg                  string // class suffix ("red", "bright-red") or "#rrggbb"
	bold, italic, underline bool
}

var ansiNames = []string{"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"}

func (st *sgr) apply(params string) {
	if params == "" {
		*st = sgr{}
		return
	}
	ps := strings.Split(params, ";")
	for i := 0; i < len(ps); i++ {
		n, err := strconv.Atoi(ps[i])
		if err != nil {
			continue
		}
		switch {
		case n == 0:
			*st = sgr{}
		case n == 1:
			st.bold = true
		case n == 3:
			st.italic = true
		case n == 4:
			st.underline = true
		case n == 22:
			st.bold = false
		case n == 23:
			st.italic = false
		case n == 24:
			st.underline = false
		case n >= 30 && n <= 37:
			st.fg = ansiNames[n-30]
		case n >= 90 && n <= 97:
			st.fg = "bright-" + ansiNames[n-90]
		case n == 39:
			st.fg = ""
		case n >= 40 && n <= 47:
			st.bg = ansiNames[n-40]
		case n >= 100 && n <= 107:
			st.bg = "bright-" + ansiNames[n-100]
		case n == 49:
			st.bg = ""
		case n == 38 || n == 48:
			c, used := extendedColor(ps[i+1:])
			i += used
			if n == 38 {
				st.fg = c
			} else {
				st.bg = c
			}
		}
	}
}

// extendedColor decodes "5;N" (xterm 256 colours) and "2;R;G;B".
func extendedColor(ps []string) (string, int) {
	num := func(i int) int {
		if i >= len(ps) {
			return 0
		}
		n, _ := strconv.Atoi(ps[i])
		return min(max(n, 0), 255)
	}
	if len(ps) == 0 {
		return "", 0
	}
	switch ps[0] {
	case "5":
		n := num(1)
		switch {
		case n < 8:
			return ansiNames[n], 2
		case n < 16:
			return "bright-" + ansiNames[n-8], 2
		case n < 232:
			levels := [6]int{0, 95, 135, 175, 215, 255}
			n -= 16
			return fmt.Sprintf("#%02x%02x%02x", levels[n/36], levels[n/6%6], levels[n%6]), 2
		default:
			g := 8 + 10*(n-232)
			return fmt.Sprintf("#%02x%02x%02x", g, g, g), 2
		}
	case "2":
		return fmt.Sprintf("#%02x%02x%02x", num(1), num(2), num(3)), 4
	}
	return "", 0
}

func (st sgr) openTag() string {
	var classes, styles []string
	for _, c := range []struct{ v, kind, prop string }{{st.fg, "fg", "color"}, {st.bg, "bg", "background-color"}} {
		switch {
		case c.v == "":
		case strings.HasPrefix(c.v, "#"):
			styles = append(styles, c.prop+":"+c.v)
		default:
			classes = append(classes, "ansi-"+c.v+"-"+c.kind)
		}
	}
	if st.bold {
		classes = append(classes, "ansi-bold")
	}
	if st.italic {
		classes = append(classes, "ansi-italic")
	}
	if st.underline {
		classes = append(classes, "ansi-underline")
	}
	tag := "<span"
	if len(classes) > 0 {
		tag += ` class="` + strings.Join(classes, " ") + `"`
	}
	if len(styles) > 0 {
		tag += ` style="` + strings.Join(styles, ";") + `"`
	}
	return tag + ">"
}
