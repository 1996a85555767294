package display

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// checkedAlloc returns an allocator whose leaks fail t.
func checkedAlloc(t testing.TB) memory.Allocator {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	return mem
}

func field(name string, typ arrow.DataType) arrow.Field {
	return arrow.Field{Name: name, Type: typ, Nullable: true}
}

// allTypes is a record with every type Spark Connect sends, 4 rows, with
// nulls in row 3.
func allTypes(t testing.TB, mem memory.Allocator) arrow.RecordBatch {
	schema := arrow.NewSchema([]arrow.Field{
		field("byte", arrow.PrimitiveTypes.Int8),
		field("short", arrow.PrimitiveTypes.Int16),
		field("int", arrow.PrimitiveTypes.Int32),
		{Name: "long", Type: arrow.PrimitiveTypes.Int64, Nullable: false},
		field("float", arrow.PrimitiveTypes.Float32),
		field("double", arrow.PrimitiveTypes.Float64),
		field("dec", &arrow.Decimal128Type{Precision: 10, Scale: 2}),
		field("str", arrow.BinaryTypes.String),
		field("bin", arrow.BinaryTypes.Binary),
		field("bool", arrow.FixedWidthTypes.Boolean),
		field("date", arrow.FixedWidthTypes.Date32),
		field("ts", &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "America/Los_Angeles"}),
		field("ts_ntz", &arrow.TimestampType{Unit: arrow.Microsecond}),
		field("ym", arrow.FixedWidthTypes.MonthInterval),
		field("dt", &arrow.DurationType{Unit: arrow.Microsecond}),
		field("arr", arrow.ListOf(arrow.PrimitiveTypes.Int32)),
		field("m", arrow.MapOf(arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int32)),
		field("s", arrow.StructOf(field("a", arrow.PrimitiveTypes.Int32), field("b", arrow.BinaryTypes.String))),
		field("nothing", arrow.Null),
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	ts := func(s string) arrow.Timestamp {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return arrow.Timestamp(tm.UnixMicro())
	}
	b.Field(0).(*array.Int8Builder).AppendValues([]int8{1, -128, 0, 127}, []bool{true, true, false, true})
	b.Field(1).(*array.Int16Builder).AppendValues([]int16{1, -32768, 0, 32767}, []bool{true, true, false, true})
	b.Field(2).(*array.Int32Builder).AppendValues([]int32{42, -7, 0, 2147483647}, []bool{true, true, false, true})
	b.Field(3).(*array.Int64Builder).AppendValues([]int64{1, 9007199254740993, 3, -9223372036854775808}, nil)
	b.Field(4).(*array.Float32Builder).AppendValues([]float32{0.1, 2.5, 0, -3}, []bool{true, true, false, true})
	b.Field(5).(*array.Float64Builder).AppendValues([]float64{3.14159265, -0.5, 0, 1e20}, []bool{true, true, false, true})
	b.Field(6).(*array.Decimal128Builder).AppendValues([]decimal128.Num{decimal128.FromI64(123456), decimal128.FromI64(-5), {}, decimal128.FromI64(99999999)}, []bool{true, true, false, true})
	b.Field(7).(*array.StringBuilder).AppendValues([]string{"alice", "NULL", "", "multi\nline"}, []bool{true, true, false, true})
	b.Field(8).(*array.BinaryBuilder).AppendValues([][]byte{[]byte("hi"), {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, nil, {}}, []bool{true, true, false, true})
	b.Field(9).(*array.BooleanBuilder).AppendValues([]bool{true, false, false, true}, []bool{true, true, false, true})
	b.Field(10).(*array.Date32Builder).AppendValues([]arrow.Date32{arrow.Date32FromTime(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)), 0, 0, -1}, []bool{true, true, false, true})
	b.Field(11).(*array.TimestampBuilder).AppendValues([]arrow.Timestamp{ts("2024-07-01T12:00:00Z"), ts("2024-01-01T00:00:00.5Z"), 0, ts("1970-01-01T00:00:00Z")}, []bool{true, true, false, true})
	b.Field(12).(*array.TimestampBuilder).AppendValues([]arrow.Timestamp{ts("2024-07-01T12:00:00Z"), ts("2024-01-01T00:00:00Z"), 0, ts("1999-12-31T23:59:59Z")}, []bool{true, true, false, true})
	b.Field(13).(*array.MonthIntervalBuilder).AppendValues([]arrow.MonthInterval{14, -3, 0, 24}, []bool{true, true, false, true})
	b.Field(14).(*array.DurationBuilder).AppendValues([]arrow.Duration{93784_500000, -1_000000, 0, 0}, []bool{true, true, false, true})
	lb := b.Field(15).(*array.ListBuilder)
	lv := lb.ValueBuilder().(*array.Int32Builder)
	lb.Append(true)
	lv.AppendValues([]int32{1, 2, 3}, nil)
	lb.Append(true)
	lv.AppendNull()
	lb.AppendNull()
	lb.Append(true)
	mb := b.Field(16).(*array.MapBuilder)
	mk, mi := mb.KeyBuilder().(*array.StringBuilder), mb.ItemBuilder().(*array.Int32Builder)
	mb.Append(true)
	mk.Append("a")
	mi.Append(1)
	mk.Append("b")
	mi.AppendNull()
	mb.Append(true)
	mb.AppendNull()
	mb.Append(true)
	mk.Append("ключ")
	mi.Append(7)
	sb := b.Field(17).(*array.StructBuilder)
	sa, sbb := sb.FieldBuilder(0).(*array.Int32Builder), sb.FieldBuilder(1).(*array.StringBuilder)
	sb.Append(true)
	sa.Append(1)
	sbb.Append("x")
	sb.Append(true)
	sa.AppendNull()
	sbb.Append(`q"uote`)
	sb.AppendNull()
	sa.AppendNull()
	sbb.AppendNull()
	sb.Append(true)
	sa.Append(2)
	sbb.AppendNull()
	b.Field(18).(*array.NullBuilder).AppendNulls(4)
	return b.NewRecordBatch()
}

type memoryAllocator = memory.Allocator

func arrayNewRecord(s *arrow.Schema, cols []arrow.Array, n int64) arrow.RecordBatch {
	return array.NewRecordBatch(s, cols, n)
}
