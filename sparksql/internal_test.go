package sparksql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in, want string
		scale    int
		err      bool
	}{
		{"0", "0", 0, false},
		{"-12.340", "-12.340", 3, false},
		{"+7", "7", 0, false},
		{"007.50", "7.50", 2, false},
		{".5", "0.5", 1, false},
		{"5.", "5", 0, false},
		{"-0.00", "0.00", 2, false},
		{"12345678901234567890.123456789012345678", "12345678901234567890.123456789012345678", 18, false},
		{"0.00000000000000000000000000000000000001", "0.00000000000000000000000000000000000001", 38, false},
		{"123456789012345678901234567890123456789", "", 0, true}, // 39 digits
		{"", "", 0, true},
		{".", "", 0, true},
		{"-", "", 0, true},
		{"1e5", "", 0, true},
		{"1.2.3", "", 0, true},
		{" 1", "", 0, true},
	}
	for _, tt := range tests {
		d, err := ParseDecimal(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseDecimal(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if err != nil {
			continue
		}
		if string(d) != tt.want || d.Scale() != tt.scale {
			t.Errorf("ParseDecimal(%q) = %q (scale %d), want %q (scale %d)", tt.in, d, d.Scale(), tt.want, tt.scale)
		}
		r, ok := d.Rat()
		want, _ := new(big.Rat).SetString(tt.in)
		if !ok || r.Cmp(want) != 0 {
			t.Errorf("ParseDecimal(%q).Rat() = %v, %v, want %v", tt.in, r, ok, want)
		}
	}
}

func TestDecimalMethods(t *testing.T) {
	d := MustParseDecimal("-1234.5678")
	if u, ok := d.Unscaled(); !ok || u.String() != "-12345678" {
		t.Errorf("Unscaled = %v, %v", u, ok)
	}
	var zero Decimal
	if zero.String() != "0" || zero.Scale() != 0 {
		t.Errorf("zero Decimal: %q, scale %d", zero.String(), zero.Scale())
	}
	if r, ok := zero.Rat(); !ok || r.Sign() != 0 {
		t.Errorf("zero Decimal Rat = %v, %v", r, ok)
	}
	if _, ok := Decimal("junk").Rat(); ok {
		t.Error(`Decimal("junk").Rat() succeeded`)
	}

	var s Decimal
	for _, src := range []any{Decimal("1.5"), "1.5", []byte("1.5")} {
		s = ""
		if err := s.Scan(src); err != nil || s != "1.5" {
			t.Errorf("Scan(%#v) = %q, %v", src, s, err)
		}
	}
	for _, src := range []any{int64(-42), int32(-42), int16(-42), int8(-42)} {
		if err := s.Scan(src); err != nil || s != "-42" {
			t.Errorf("Scan(%#v) = %q, %v", src, s, err)
		}
	}
	for _, src := range []any{nil, 1.5, float32(1.5), "x", true} {
		if err := s.Scan(src); err == nil {
			t.Errorf("Scan(%#v) succeeded", src)
		}
	}
	// database/sql's own conversions take a Decimal as text.
	var ns sql.NullString
	if err := ns.Scan(Decimal("3.10")); err != nil || ns.String != "3.10" {
		t.Errorf("NullString.Scan(Decimal) = %q, %v", ns.String, err)
	}
	var nf sql.NullFloat64
	if err := nf.Scan(Decimal("3.10")); err != nil || nf.Float64 != 3.1 {
		t.Errorf("NullFloat64.Scan(Decimal) = %v, %v", nf.Float64, err)
	}
}

func TestFormatDecimal(t *testing.T) {
	big38, _ := new(big.Int).SetString("-12345678901234567890123456789012345678", 10)
	tests := []struct {
		n     decimal128.Num
		scale int32
		want  Decimal
	}{
		{decimal128.FromI64(0), 0, "0"},
		{decimal128.FromI64(0), 3, "0.000"},
		{decimal128.FromI64(5), 2, "0.05"},
		{decimal128.FromI64(-5), 2, "-0.05"},
		{decimal128.FromI64(12345), 2, "123.45"},
		{decimal128.FromI64(-12345), 5, "-0.12345"},
		{decimal128.FromI64(7), -2, "700"},
		{decimal128.FromI64(math.MinInt64), 0, "-9223372036854775808"},
		{decimal128.FromI64(math.MaxInt64), 1, "922337203685477580.7"},
		{decimal128.FromBigInt(new(big.Int).Lsh(big.NewInt(1), 63)), 0, "9223372036854775808"},
		{decimal128.FromBigInt(big38), 18, "-12345678901234567890.123456789012345678"},
	}
	for _, tt := range tests {
		if got := formatDecimal(tt.n, tt.scale); got != tt.want {
			t.Errorf("formatDecimal(%v, %d) = %q, want %q", tt.n.BigInt(), tt.scale, got, tt.want)
		}
	}
}

func TestCheckArg(t *testing.T) {
	type myInt int16
	type myUint uint64
	type myBytes []byte
	type myFloat float32
	s := "x"
	var nilValuer *sql.NullString
	tests := []struct {
		in   any
		want any
		err  string // substring of the error, "" for none
	}{
		{nil, nil, ""},
		{true, true, ""},
		{int8(1), int8(1), ""},
		{uint64(math.MaxInt64), uint64(math.MaxInt64), ""},
		{uint64(math.MaxUint64), nil, "BIGINT"},
		{uint(math.MaxUint64), nil, "BIGINT"},
		{"s", "s", ""},
		{[]byte("b"), []byte("b"), ""},
		{time.Unix(0, 0), time.Unix(0, 0), ""},
		{&s, "x", ""},
		{(*string)(nil), nil, ""},
		{myInt(-3), int64(-3), ""},
		{myUint(3), uint64(3), ""},
		{myUint(math.MaxUint64), nil, "BIGINT"},
		{myBytes("z"), []byte("z"), ""},
		{myFloat(1.5), float32(1.5), ""},
		{sql.NullString{String: "v", Valid: true}, "v", ""},
		{sql.NullString{}, nil, ""},
		{nilValuer, nil, ""},
		{sql.Null[time.Time]{V: time.Unix(1, 0), Valid: true}, time.Unix(1, 0), ""},
		{time.Second, nil, "time.Duration"},
		{Decimal("1.5"), nil, "CAST"},
		{struct{}{}, nil, "struct {}"},
		{[]int{1}, nil, "[]int"},
		{complex(1, 2), nil, "complex128"},
		{make(chan int), nil, "chan int"},
	}
	for _, tt := range tests {
		got, err := checkArg(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("checkArg(%#v) error = %v, want one mentioning %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("checkArg(%#v) = %#v, %v, want %#v", tt.in, got, err, tt.want)
		}
	}

	c := &Conn{}
	nv := driver.NamedValue{Name: "when", Ordinal: 3, Value: struct{}{}}
	if err := c.CheckNamedValue(&nv); err == nil || !strings.Contains(err.Error(), "parameter :when") {
		t.Errorf("CheckNamedValue named: %v", err)
	}
	nv = driver.NamedValue{Ordinal: 3, Value: []string{}}
	if err := c.CheckNamedValue(&nv); err == nil || !strings.HasPrefix(err.Error(), "sparksql: parameter 3: ") {
		t.Errorf("CheckNamedValue positional: %v", err)
	}
}

func TestGetters(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	// MAP<BIGINT, ARRAY<STRING>> with a NULL map and a NULL element.
	mb := array.NewMapBuilder(mem, arrow.PrimitiveTypes.Int64, arrow.ListOf(arrow.BinaryTypes.String), false)
	defer mb.Release()
	kb := mb.KeyBuilder().(*array.Int64Builder)
	lb := mb.ItemBuilder().(*array.ListBuilder)
	sb := lb.ValueBuilder().(*array.StringBuilder)
	mb.Append(true)
	kb.Append(1)
	lb.Append(true)
	sb.Append("a")
	sb.AppendNull()
	kb.Append(2)
	lb.AppendNull()
	mb.AppendNull()
	mb.Append(true) // empty map
	m := mb.NewArray()
	defer m.Release()
	g := makeGetter(m)
	want := []any{map[any]any{int64(1): []any{"a", nil}, int64(2): nil}, nil, map[any]any{}}
	for i, w := range want {
		got, err := g(i)
		if err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("map row %d = %#v, %v, want %#v", i, got, err, w)
		}
	}
	if st := scanTypeOf(m.DataType()); st != typeAnyMap {
		t.Errorf("scan type of MAP<BIGINT,…> = %v", st)
	}
	if n := arrowTypeName(m.DataType(), true); n != "MAP<BIGINT,ARRAY<STRING>>" {
		t.Errorf("arrowTypeName = %q", n)
	}

	// A sliced struct array: field arrays must line up with the slice.
	stb := array.NewStructBuilder(mem, arrow.StructOf(
		arrow.Field{Name: "n", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		arrow.Field{Name: "b", Type: arrow.BinaryTypes.Binary, Nullable: true}))
	defer stb.Release()
	for i := range 4 {
		stb.Append(true)
		stb.FieldBuilder(0).(*array.Int32Builder).Append(int32(i))
		if i == 2 {
			stb.FieldBuilder(1).(*array.BinaryBuilder).AppendNull()
		} else {
			stb.FieldBuilder(1).(*array.BinaryBuilder).Append([]byte{})
		}
	}
	st := stb.NewArray()
	defer st.Release()
	sl := array.NewSlice(st, 1, 4)
	defer sl.Release()
	g = makeGetter(sl)
	for i, w := range []any{
		map[string]any{"n": int32(1), "b": []byte{}},
		map[string]any{"n": int32(2), "b": nil},
		map[string]any{"n": int32(3), "b": []byte{}},
	} {
		got, err := g(i)
		if err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("struct row %d = %#v, %v, want %#v", i, got, err, w)
		}
	}

	// Durations beyond time.Duration's range are an error, not a wrap.
	db := array.NewDurationBuilder(mem, &arrow.DurationType{Unit: arrow.Microsecond})
	defer db.Release()
	db.Append(arrow.Duration(math.MaxInt64 / 10))
	db.Append(-1)
	d := db.NewArray()
	defer d.Release()
	g = makeGetter(d)
	if _, err := g(0); err == nil {
		t.Error("an interval of 29,000 years converted to a time.Duration")
	}
	if v, err := g(1); err != nil || v != -time.Microsecond {
		t.Errorf("duration -1µs = %v, %v", v, err)
	}

	// Dates before 1970 and timestamps in fixed-offset zones.
	dt := array.NewDate32Builder(mem)
	defer dt.Release()
	dt.Append(-1)
	da := dt.NewArray()
	defer da.Release()
	if v, _ := makeGetter(da)(0); v != time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC) {
		t.Errorf("date -1 = %v", v)
	}
	tb := array.NewTimestampBuilder(mem, &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "+05:30"})
	defer tb.Release()
	tb.Append(0)
	ta := tb.NewArray()
	defer ta.Release()
	v, _ := makeGetter(ta)(0)
	if tm := v.(time.Time); tm.Format(time.RFC3339) != "1970-01-01T05:30:00+05:30" {
		t.Errorf("timestamp 0 at +05:30 = %v", tm)
	}
}

func TestAffectedRows(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "num_affected_rows", Type: arrow.PrimitiveTypes.Int64},
		{Name: "num_inserted_rows", Type: arrow.PrimitiveTypes.Int64},
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).Append(12)
	b.Field(1).(*array.Int64Builder).Append(12)
	rec := b.NewRecordBatch()
	defer rec.Release()
	if n := affectedRows(rec); n != 12 {
		t.Errorf("affectedRows = %d, want 12", n)
	}
	if n, err := (result{affected: 12}).RowsAffected(); n != 12 || err != nil {
		t.Errorf("RowsAffected = %d, %v", n, err)
	}

	other := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64}}, nil)
	b2 := array.NewRecordBuilder(mem, other)
	defer b2.Release()
	b2.Field(0).(*array.Int64Builder).Append(1)
	rec2 := b2.NewRecordBatch()
	defer rec2.Release()
	if n := affectedRows(rec2); n != -1 {
		t.Errorf("affectedRows without the column = %d, want -1", n)
	}
}

// TestRowsStream checks that rows are read batch by batch: after the first
// row, only a small part of a large result has been received.
func TestRowsStream(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := NewConnector(Config{})
	if err != nil {
		t.Fatal(err)
	}
	dc, err := c.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer dc.Close()
	const n = 2_000_000
	dr, err := dc.(*Conn).QueryContext(ctx, "SELECT id FROM range(0, 2000000, 1, 4)", nil)
	if err != nil {
		t.Fatal(err)
	}
	rs := dr.(*rows)
	defer rs.Close()
	dest := make([]driver.Value, 1)
	if err := rs.Next(dest); err != nil || dest[0] != int64(0) {
		t.Fatalf("first row = %v, %v", dest[0], err)
	}
	if got := rs.r.RowsRead(); got >= n/4 {
		t.Errorf("after the first row, %d of %d rows were read", got, n)
	}
}
