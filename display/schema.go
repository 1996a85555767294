package display

import (
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// Schema renders s as a tree of fields with their Spark types, nullability
// and comments (the field metadata key "comment"); nested types are
// expanded. The text form is Spark's printSchema:
//
//	root
//	 |-- id: long (nullable = false)
//	 |-- tags: array (nullable = true)
//	 |    |-- element: string (containsNull = true)
//
// with a field's comment appended as "  # comment". A nil schema renders as
// an empty root.
func Schema(s *arrow.Schema) Bundle {
	var fields []arrow.Field
	if s != nil {
		fields = s.Fields()
	}
	var t strings.Builder
	t.WriteString("root\n")
	for _, f := range fields {
		schemaText(&t, " |-- ", f.Name, f.Type, "(nullable = "+strconv.FormatBool(f.Nullable)+")", fieldComment(f))
	}

	var w htmlw
	w.raw(`<div class="sparkgo sg-schema">`)
	w.raw(css)
	w.raw(`<div class="sg-caption">root · `)
	w.text(strconv.Itoa(len(fields)))
	if len(fields) == 1 {
		w.raw(` column</div>`)
	} else {
		w.raw(` columns</div>`)
	}
	w.raw(`<ul class="sg-tree">`)
	for _, f := range fields {
		schemaHTML(&w, f.Name, f.Type, f.Nullable, fieldComment(f))
	}
	w.raw("</ul></div>\n")
	return newBundle(strings.TrimSuffix(t.String(), "\n"), w.String())
}

func schemaText(b *strings.Builder, prefix, name string, t arrow.DataType, null, comment string) {
	b.WriteString(prefix)
	b.WriteString(visible(name))
	b.WriteString(": ")
	b.WriteString(treeTypeName(t))
	if null != "" {
		b.WriteString(" " + null)
	}
	if comment != "" {
		b.WriteString("  # " + visible(comment))
	}
	b.WriteByte('\n')
	child := strings.TrimSuffix(prefix, "|-- ") + "|    |-- "
	switch t := t.(type) {
	case *arrow.MapType:
		schemaText(b, child, "key", t.KeyType(), "", "")
		schemaText(b, child, "value", t.ItemType(), "(valueContainsNull = "+strconv.FormatBool(t.ItemField().Nullable)+")", "")
	case arrow.ListLikeType:
		schemaText(b, child, "element", t.Elem(), "(containsNull = "+strconv.FormatBool(t.ElemField().Nullable)+")", "")
	case *arrow.StructType:
		for _, f := range t.Fields() {
			schemaText(b, child, f.Name, f.Type, "(nullable = "+strconv.FormatBool(f.Nullable)+")", fieldComment(f))
		}
	}
}

func schemaHTML(w *htmlw, name string, t arrow.DataType, nullable bool, comment string) {
	w.raw(`<li><b>`)
	w.text(name)
	w.raw(`</b>: <span class="sg-k"`)
	w.attr("title", SparkType(t))
	w.raw(`>`)
	switch t.(type) {
	case *arrow.MapType, arrow.ListLikeType, *arrow.StructType:
		w.text(treeTypeName(t))
	default:
		w.text(SparkType(t))
	}
	w.raw(`</span>`)
	if !nullable {
		w.raw(`<span class="sg-badge">not null</span>`)
	}
	if comment != "" {
		w.raw(` <span class="sg-t" style="display:inline">— `)
		w.text(comment)
		w.raw(`</span>`)
	}
	switch t := t.(type) {
	case *arrow.MapType:
		w.raw(`<ul>`)
		schemaHTML(w, "key", t.KeyType(), false, "")
		schemaHTML(w, "value", t.ItemType(), t.ItemField().Nullable, "")
		w.raw(`</ul>`)
	case arrow.ListLikeType:
		w.raw(`<ul>`)
		schemaHTML(w, "element", t.Elem(), t.ElemField().Nullable, "")
		w.raw(`</ul>`)
	case *arrow.StructType:
		w.raw(`<ul>`)
		for _, f := range t.Fields() {
			schemaHTML(w, f.Name, f.Type, f.Nullable, fieldComment(f))
		}
		w.raw(`</ul>`)
	}
	w.raw("</li>")
}
