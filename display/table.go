package display

import (
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// Defaults of TableOptions.
const (
	DefaultMaxRows    = 20
	DefaultMaxColumns = 50
	DefaultWidth      = 80
)

// Rendering limits of table cells.
const (
	maxTextColWidth = 32  // cells per column in text
	maxHTMLChars    = 100 // characters per cell in HTML before the rest moves to a tooltip
	maxTitleChars   = 16 << 10
)

// TableOptions adjusts Table. The zero value shows up to DefaultMaxRows rows
// of a record that holds the whole result, in DefaultWidth cells of text.
type TableOptions struct {
	// Source names where the rows come from: a table name or a query. It
	// is shown in the caption ("# Source: <Source> [?? x 12]"); "" shows
	// no source.
	Source string
	// TotalRows is the number of rows of the whole result: -1 when unknown
	// (the caption shows "??"), 0 when the record holds the whole result.
	TotalRows int64
	// MaxRows is the number of rows shown: 0 means DefaultMaxRows, a
	// negative value means all rows of the record.
	MaxRows int
	// MaxColumns is the number of columns shown in HTML: 0 means
	// DefaultMaxColumns, a negative value means all. The rest are listed in
	// the footer. Text shows as many columns as fit in Width.
	MaxColumns int
	// Width is the width of the text rendering in terminal cells (wide
	// CJK characters count two): 0 means DefaultWidth.
	Width int
	// TimeZone is the IANA zone (or "+08:00" offset) that timestamps with
	// a time zone are shown in: "" means the zone of the Arrow type, which
	// Spark sets to the session time zone. Timestamps without a zone
	// (timestamp_ntz) are shown as they are.
	TimeZone string
}

// tcol is one column prepared for rendering.
type tcol struct {
	name, badge, title string
	right, stringy     bool
	cls                string // HTML class of the cells
	cells              []string
	nulls              []bool
}

// tableModel is a record prepared for rendering: the caption, the shown
// columns and rows, the footer facts.
type tableModel struct {
	source   string
	dims     string // "?? x 12"
	cols     []tcol
	rows     int   // rows shown
	moreRows int64 // rows not shown, -1 when more rows exist but how many is unknown
	htmlCols int   // columns shown in HTML
}

func buildTable(rec arrow.RecordBatch, opts TableOptions, maxCols int) *tableModel {
	m := &tableModel{}
	var nrec int64
	var ncols int
	if rec != nil {
		nrec, ncols = rec.NumRows(), int(rec.NumCols())
	}
	total := opts.TotalRows
	if total == 0 {
		total = nrec
	}
	maxRows := opts.MaxRows
	if maxRows == 0 {
		maxRows = DefaultMaxRows
	}
	m.rows = int(nrec)
	if maxRows > 0 && int64(maxRows) < nrec {
		m.rows = maxRows
	}
	switch {
	case total >= 0:
		m.moreRows = max(total-int64(m.rows), 0)
		m.dims = commas(total) + " x " + strconv.Itoa(ncols)
	default:
		m.dims = "?? x " + strconv.Itoa(ncols)
		if int64(m.rows) < nrec {
			m.moreRows = -1
		}
	}
	m.source = strings.Join(strings.Fields(opts.Source), " ")
	if maxCols <= 0 || maxCols > ncols {
		maxCols = ncols
	}
	m.htmlCols = maxCols
	var zone *time.Location
	if opts.TimeZone != "" {
		tt := &arrow.TimestampType{TimeZone: opts.TimeZone}
		if loc, err := tt.GetZone(); err == nil {
			zone = loc
		}
	}
	m.cols = make([]tcol, ncols)
	for j := 0; j < ncols; j++ {
		f := rec.Schema().Field(j)
		c := &m.cols[j]
		c.name = visible(f.Name)
		c.badge = TypeBadge(f.Type)
		c.right = isNumeric(f.Type)
		c.stringy = isStringy(f.Type)
		c.title = fieldTitle(f, zone)
		switch {
		case c.right:
			c.cls = "sg-r"
		case isNested(f.Type):
			c.cls = "sg-nest"
		case isBinary(f.Type):
			c.cls = "sg-bin"
		case !c.stringy && !isBool(f.Type):
			c.cls = "sg-m"
		}
		if j >= maxCols {
			continue // listed in the footer only
		}
		arr := rec.Column(j)
		fm := newColFormatter(arr, m.rows, zone)
		c.cells = make([]string, m.rows)
		c.nulls = make([]bool, m.rows)
		for i := 0; i < m.rows; i++ {
			if isNull(arr, i) {
				c.nulls[i] = true
				continue
			}
			c.cells[i] = fm.value(i)
		}
	}
	return m
}

func isNested(t arrow.DataType) bool {
	switch t.(type) {
	case arrow.ListLikeType, *arrow.StructType:
		return true
	}
	return false
}

func isBinary(t arrow.DataType) bool {
	switch t.(type) {
	case *arrow.BinaryType, *arrow.LargeBinaryType, *arrow.BinaryViewType, *arrow.FixedSizeBinaryType:
		return true
	}
	return false
}

func isBool(t arrow.DataType) bool {
	_, ok := t.(*arrow.BooleanType)
	return ok
}

// fieldTitle is the tooltip of a column header: name, Spark type,
// nullability, time zone and comment.
func fieldTitle(f arrow.Field, zone *time.Location) string {
	var b strings.Builder
	b.WriteString(f.Name)
	b.WriteString(": ")
	b.WriteString(SparkType(f.Type))
	if tt, ok := f.Type.(*arrow.TimestampType); ok && tt.TimeZone != "" {
		tz := tt.TimeZone
		if zone != nil {
			tz = zone.String()
		}
		b.WriteString(" (" + tz + ")")
	}
	if !f.Nullable {
		b.WriteString(" not null")
	}
	if c := fieldComment(f); c != "" {
		b.WriteString(" — ")
		b.WriteString(c)
	}
	return b.String()
}

func fieldComment(f arrow.Field) string {
	if i := f.Metadata.FindKey("comment"); i >= 0 {
		return f.Metadata.Values()[i]
	}
	return ""
}

// Table renders the first rows of rec as a table: text/plain shaped like an
// R tibble, and text/html with type badges under the column names. rec may
// be nil (an empty result). Table does not retain or release rec.
func Table(rec arrow.RecordBatch, opts TableOptions) Bundle {
	maxCols := opts.MaxColumns
	if maxCols == 0 {
		maxCols = DefaultMaxColumns
	}
	m := buildTable(rec, opts, maxCols)
	return newBundle(m.text(opts.Width), m.html())
}

func (m *tableModel) captionText() string {
	src := "A table"
	if m.source != "" {
		src = "Source: " + m.source
	}
	return src + " [" + m.dims + "]"
}

func (m *tableModel) rowsFooter() string {
	switch {
	case m.moreRows == -1:
		return "… with more rows"
	case m.moreRows == 1:
		return "… with 1 more row"
	case m.moreRows > 1:
		return "… with " + commas(m.moreRows) + " more rows"
	}
	return ""
}

// text renders the tibble-like plain text in width cells.
func (m *tableModel) text(width int) string {
	if width <= 0 {
		width = DefaultWidth
	}
	var b strings.Builder
	capt := m.captionText()
	if m.source != "" && textWidth(capt)+2 > width {
		src := truncateWidth(m.source, max(width-textWidth(m.dims)-16, 10))
		capt = "Source: " + src + " [" + m.dims + "]"
	}
	b.WriteString("# " + capt + "\n")

	// Widths and which columns fit.
	numW := len(strconv.Itoa(m.rows))
	if m.rows == 0 {
		numW = 0
	}
	used := numW
	shown := 0
	widths := make([]int, len(m.cols))
	for j := range m.cols {
		c := &m.cols[j]
		if c.cells == nil && m.rows > 0 {
			break
		}
		w := max(textWidth(c.name), textWidth(c.badge))
		for i := 0; i < m.rows; i++ {
			if c.nulls[i] {
				w = max(w, len(nullText(c)))
			} else {
				w = max(w, textWidth(c.cells[i]))
			}
		}
		w = min(w, maxTextColWidth)
		sep := 1
		if used == 0 {
			sep = 0
		}
		if used+sep+w > width {
			if shown > 0 {
				break
			}
			w = max(width-used-sep, 3)
		}
		widths[j] = w
		used += sep + w
		shown++
	}
	line := func(num string, cell func(j int) string) {
		var l strings.Builder
		l.WriteString(pad(num, numW, true))
		for j := 0; j < shown; j++ {
			if l.Len() > 0 || numW > 0 {
				l.WriteByte(' ')
			}
			l.WriteString(pad(truncateWidth(cell(j), widths[j]), widths[j], m.cols[j].right))
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	if shown > 0 {
		line("", func(j int) string { return m.cols[j].name })
		line("", func(j int) string { return m.cols[j].badge })
		for i := 0; i < m.rows; i++ {
			line(strconv.Itoa(i+1), func(j int) string {
				c := &m.cols[j]
				if c.nulls[i] {
					return nullText(c)
				}
				return c.cells[i]
			})
		}
	}
	if f := m.rowsFooter(); f != "" {
		b.WriteString("# " + f + "\n")
	}
	if rest := m.cols[shown:]; len(rest) > 0 {
		word := " more variables: "
		if len(rest) == 1 {
			word = " more variable: "
		}
		items := make([]string, len(rest))
		for j, c := range rest {
			items[j] = c.name + " " + c.badge
		}
		wrapList(&b, "# ℹ "+strconv.Itoa(len(rest))+word, "#   ", items, width)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func nullText(c *tcol) string {
	if c.stringy {
		return "<NULL>"
	}
	return "NULL"
}

// wrapList writes head followed by items separated by ", ", wrapped to
// width with continuation lines starting with indent. After 5 lines the
// rest is summarised.
func wrapList(b *strings.Builder, head, indent string, items []string, width int) {
	line := head
	lines := 0
	for k, it := range items {
		piece := it
		if k < len(items)-1 {
			piece += ","
		}
		if textWidth(line)+1+textWidth(piece) > width && line != head && line != indent {
			lines++
			if lines == 5 {
				b.WriteString(strings.TrimRight(line, " ") + "\n")
				b.WriteString(indent + "and " + strconv.Itoa(len(items)-k) + " more\n")
				return
			}
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = indent
		}
		if line != head && line != indent {
			line += " "
		}
		line += piece
	}
	b.WriteString(line + "\n")
}

// html renders the table as a self-contained HTML fragment.
func (m *tableModel) html() string {
	var w htmlw
	w.Grow(256 + 64*len(m.cols)*(m.rows+2))
	w.raw(`<div class="sparkgo sg-table">`)
	w.raw(css)
	w.raw(`<div class="sg-caption">`)
	if m.source != "" {
		w.raw(`Source: <b`)
		src, cut := truncateRunes(m.source, 120)
		if cut {
			w.attr("title", m.source)
		}
		w.raw(`>`)
		w.text(src)
		w.raw(`</b> `)
	} else {
		w.raw(`A table `)
	}
	w.raw(`[`)
	w.text(strings.Replace(m.dims, " x ", " × ", 1))
	w.raw(`]</div>`)
	shown := m.htmlCols
	if shown > 0 {
		w.raw(`<div class="sg-scroll"><table><thead><tr><th class="sg-i"></th>`)
		for j := 0; j < shown; j++ {
			c := &m.cols[j]
			w.raw(`<th`)
			if c.right {
				w.raw(` class="sg-r"`)
			}
			w.attr("title", c.title)
			w.raw(`>`)
			w.text(c.name)
			w.raw(`<span class="sg-t">`)
			w.text(c.badge)
			w.raw(`</span></th>`)
		}
		w.raw("</tr></thead>\n<tbody>\n")
		for i := 0; i < m.rows; i++ {
			w.raw(`<tr><td class="sg-i">`)
			w.int(int64(i + 1))
			w.raw(`</td>`)
			for j := 0; j < shown; j++ {
				c := &m.cols[j]
				if c.cls == "" {
					w.raw(`<td>`)
				} else {
					w.raw(`<td class="`)
					w.raw(c.cls)
					w.raw(`">`)
				}
				if c.nulls[i] {
					w.raw(`<span class="sg-null">NULL</span></td>`)
					continue
				}
				s := c.cells[i]
				if short, cut := truncateRunes(s, maxHTMLChars); cut {
					w.raw(`<span class="sg-trunc"`)
					full, _ := truncateRunes(s, maxTitleChars)
					w.attr("title", full)
					w.raw(`>`)
					w.text(short)
					w.raw(`</span>`)
				} else {
					w.text(s)
				}
				w.raw(`</td>`)
			}
			w.raw("</tr>\n")
		}
		w.raw(`</tbody></table></div>`)
	}
	foot := m.rowsFooter()
	rest := m.cols[shown:]
	if foot != "" || len(rest) > 0 {
		w.raw(`<div class="sg-footer">`)
		w.text(foot)
		if len(rest) > 0 {
			if foot != "" {
				w.raw(`<br>`)
			}
			w.text("ℹ " + strconv.Itoa(len(rest)) + " more column")
			if len(rest) > 1 {
				w.raw("s")
			}
			w.raw(": ")
			for j, c := range rest {
				if j > 0 {
					w.raw(", ")
				}
				if j == 100 {
					w.text("and " + strconv.Itoa(len(rest)-j) + " more")
					break
				}
				w.raw(`<span`)
				w.attr("title", c.title)
				w.raw(`>`)
				w.text(c.name + " " + c.badge)
				w.raw(`</span>`)
			}
		}
		w.raw(`</div>`)
	}
	w.raw("</div>\n")
	return w.String()
}
