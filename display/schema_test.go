package display

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

func TestSchema(t *testing.T) {
	mem := checkedAlloc(t)
	rec := allTypes(t, mem)
	defer rec.Release()
	fields := rec.Schema().Fields()
	fields[0].Metadata = arrow.NewMetadata([]string{"comment"}, []string{"a <small> number"})
	fields = append(fields, field("deep", arrow.ListOf(arrow.StructOf(
		arrow.Field{Name: "k", Type: arrow.BinaryTypes.String, Metadata: arrow.NewMetadata([]string{"comment"}, []string{"key"})},
		field("vals", arrow.MapOf(arrow.PrimitiveTypes.Int64, arrow.ListOf(arrow.PrimitiveTypes.Float64))),
	))))
	b := Schema(arrow.NewSchema(fields, nil))
	goldenBundle(t, "schema", b)
	text := b.Text()
	for _, want := range []string{
		"root\n |-- byte: byte (nullable = true)  # a <small> number\n",
		" |-- long: long (nullable = false)\n",
		" |-- arr: array (nullable = true)\n |    |-- element: integer (containsNull = true)\n",
		" |-- m: map (nullable = true)\n |    |-- key: string\n |    |-- value: integer (valueContainsNull = true)\n",
		" |-- deep: array (nullable = true)\n |    |-- element: struct (containsNull = true)\n |    |    |-- k: string (nullable = false)  # key\n |    |    |-- vals: map (nullable = true)\n |    |    |    |-- key: long\n",
		" |-- dec: decimal(10,2) (nullable = true)\n",
		" |-- ts_ntz: timestamp_ntz (nullable = true)\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("Schema text lacks %q", want)
		}
	}
	if h := b.HTML(); !strings.Contains(h, "a &lt;small&gt; number") {
		t.Errorf("HTML does not escape the comment")
	}
	if Schema(nil).Text() != "root" {
		t.Errorf("Schema(nil).Text() = %q", Schema(nil).Text())
	}
}
