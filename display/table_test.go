package display

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"strings"
	"testing"
)

func TestTableAllTypes(t *testing.T) {
	mem := checkedAlloc(t)
	rec := allTypes(t, mem)
	defer rec.Release()
	b := Table(rec, TableOptions{Source: "all_types", Width: 100})
	goldenBundle(t, "table_all_types", b)
	t.Log("\n" + b.Text())
}

func TestTypeBadges(t *testing.T) {
	mem := checkedAlloc(t)
	rec := allTypes(t, mem)
	defer rec.Release()
	var got []string
	for _, f := range rec.Schema().Fields() {
		got = append(got, f.Name+" "+TypeBadge(f.Type)+" "+SparkType(f.Type))
	}
	want := []string{
		"byte <i8> tinyint", "short <i16> smallint", "int <int> int", "long <i64> bigint",
		"float <flt> float", "double <dbl> double", "dec <dec(10,2)> decimal(10,2)", "str <chr> string",
		"bin <blob> binary", "bool <lgl> boolean", "date <date> date", "ts <dttm> timestamp",
		"ts_ntz <ntz> timestamp_ntz", "ym <ym> interval year to month", "dt <drtn> interval day to second",
		"arr <arr<int>> array<int>", "m <map<chr,int>> map<string,int>", "s <struct> struct<a:int,b:string>",
		"nothing <void> void",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("badges:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTableAllTypesWide(t *testing.T) {
	mem := checkedAlloc(t)
	rec := allTypes(t, mem)
	defer rec.Release()
	b := Table(rec, TableOptions{Source: "all_types", Width: 400, TimeZone: "Asia/Tokyo"})
	golden(t, "table_all_types_wide.txt", b.Text()+"\n")
}

// stringRecord builds a record of string columns from rows.
func stringRecord(t testing.TB, mem memory.Allocator, names []string, rows [][]string) arrow.RecordBatch {
	fields := make([]arrow.Field, len(names))
	for i, n := range names {
		fields[i] = field(n, arrow.BinaryTypes.String)
	}
	b := array.NewRecordBuilder(mem, arrow.NewSchema(fields, nil))
	defer b.Release()
	for _, r := range rows {
		for j, v := range r {
			b.Field(j).(*array.StringBuilder).Append(v)
		}
	}
	return b.NewRecordBatch()
}

func TestTableUnicode(t *testing.T) {
	mem := checkedAlloc(t)
	rec := stringRecord(t, mem, []string{"城市", "name", "emoji"}, [][]string{
		{"東京", "Zoë", "🎉"},
		{"北京市", "Ångström", "ok"},
		{"x", "combining e\u0301", "👍🏽"},
	})
	defer rec.Release()
	b := Table(rec, TableOptions{})
	goldenBundle(t, "table_unicode", b)
	// Every row line of the text has the same display width up to the last
	// column, whose start must line up.
	lines := strings.Split(b.Text(), "\n")[1:]
	want := -1
	for _, l := range lines {
		i := strings.Index(l, " ")
		_ = i
		// The third column starts after the second: find the display
		// column of the last space-separated field.
		k := strings.LastIndex(strings.TrimRight(l, " "), " ")
		if k < 0 {
			continue
		}
		col := textWidth(l[:k])
		if want == -1 {
			want = col
		} else if col != want {
			t.Errorf("line %q: last column starts at cell %d, want %d", l, col, want)
		}
	}
}

func TestTextWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"abc", 3}, {"東京", 4}, {"e\u0301", 1}, {"🎉", 2}, {"Ångström", 8}, {"ｱ", 1}, {"Ａ", 2}, {"한국", 4},
	}
	for _, tt := range tests {
		if got := textWidth(tt.s); got != tt.want {
			t.Errorf("textWidth(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
	if got := truncateWidth("東京都港区", 6); got != "東京…" {
		t.Errorf("truncateWidth = %q, want %q", got, "東京…")
	}
}

func TestTableWideAndLimited(t *testing.T) {
	mem := checkedAlloc(t)
	names := make([]string, 30)
	row := make([]string, 30)
	for j := range names {
		names[j] = "column_" + itoa(j+1)
		row[j] = "value " + itoa(j+1)
	}
	rows := make([][]string, 25)
	for i := range rows {
		rows[i] = row
	}
	rec := stringRecord(t, mem, names, rows)
	defer rec.Release()
	b := Table(rec, TableOptions{Source: "SELECT *\n  FROM   wide", TotalRows: -1, MaxRows: 5, MaxColumns: 8, Width: 60})
	goldenBundle(t, "table_wide", b)
	text := b.Text()
	for _, want := range []string{
		"# Source: SELECT * FROM wide [?? x 30]\n",
		"# … with more rows\n",
		"# ℹ 24 more variables: column_7 <chr>,",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	for _, l := range strings.Split(text, "\n") {
		if textWidth(l) > 60 {
			t.Errorf("line wider than 60 cells: %q", l)
		}
	}
	if h := b.HTML(); !strings.Contains(h, "ℹ 22 more columns") || strings.Count(h, "<tr>") != 6 {
		t.Errorf("HTML: want 5 rows + header and 22 more columns in the footer")
	}

	b = Table(rec, TableOptions{TotalRows: 1234567, MaxRows: 2, Width: 30})
	if text := b.Text(); !strings.Contains(text, "# A table [1,234,567 x 30]") || !strings.Contains(text, "# … with 1,234,565 more rows") {
		t.Errorf("known total:\n%s", text)
	}
}

func TestTableLongString(t *testing.T) {
	mem := checkedAlloc(t)
	long := strings.Repeat("abcdefghij", 30) + "<end>"
	rec := stringRecord(t, mem, []string{"s"}, [][]string{{long}})
	defer rec.Release()
	b := Table(rec, TableOptions{})
	h := b.HTML()
	if !strings.Contains(h, `title="`+strings.Repeat("abcdefghij", 30)+`&lt;end&gt;"`) {
		t.Errorf("HTML lacks the full value in a title attribute")
	}
	if !strings.Contains(h, `>`+strings.Repeat("abcdefghij", 10)+`…</span>`) {
		t.Errorf("HTML lacks the cut value")
	}
	if text := b.Text(); !strings.Contains(text, "1 abcdefghijabcdefghijabcdefghija…") {
		t.Errorf("text:\n%s", text)
	}
}

func TestTableEmpty(t *testing.T) {
	b := Table(nil, TableOptions{Source: "t"})
	if b.Text() != "# Source: t [0 x 0]" {
		t.Errorf("Table(nil).Text() = %q", b.Text())
	}
	mem := checkedAlloc(t)
	rec := stringRecord(t, mem, []string{"a", "b"}, nil)
	defer rec.Release()
	b = Table(rec, TableOptions{})
	if want := "# A table [0 x 2]\na     b\n<chr> <chr>"; b.Text() != want {
		t.Errorf("Table(empty).Text() = %q, want %q", b.Text(), want)
	}
}

func TestTableNullDistinct(t *testing.T) {
	mem := checkedAlloc(t)
	rec := allTypes(t, mem)
	defer rec.Release()
	h := Table(rec, TableOptions{}).HTML()
	// Row 2 of "str" is the string "NULL"; row 3 is a null.
	if !strings.Contains(h, `<td>NULL</td>`) || !strings.Contains(h, `<td><span class="sg-null">NULL</span></td>`) {
		t.Errorf("null and the string NULL are not told apart")
	}
}
