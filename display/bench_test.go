package display

import (
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// benchRecord is the benchmark data set: n rows × 12 columns of mixed
// types, every 17th row null in the nullable columns. bench/display/bench.py
// builds the same data for pandas.
func benchRecord(mem memory.Allocator, n int) arrow.RecordBatch {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		field("qty", arrow.PrimitiveTypes.Int32),
		field("price", arrow.PrimitiveTypes.Float64),
		field("ratio", arrow.PrimitiveTypes.Float64),
		field("name", arrow.BinaryTypes.String),
		field("city", arrow.BinaryTypes.String),
		field("active", arrow.FixedWidthTypes.Boolean),
		field("day", arrow.FixedWidthTypes.Date32),
		field("ts", &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}),
		field("amount", &arrow.Decimal128Type{Precision: 10, Scale: 2}),
		field("note", arrow.BinaryTypes.String),
		field("score", arrow.PrimitiveTypes.Float64),
	}, nil)
	cities := []string{"Berlin", "Paris", "Tokyo", "São Paulo", "Lagos", "Toronto", "Mumbai", "Sydney"}
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		null := i%17 == 16
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		b.Field(1).(*array.Int32Builder).Append(int32(i % 97))
		b.Field(2).(*array.Float64Builder).Append(float64(i*7919%10000) / 100)
		if null {
			b.Field(3).(*array.Float64Builder).AppendNull()
			b.Field(4).(*array.StringBuilder).AppendNull()
		} else {
			b.Field(3).(*array.Float64Builder).Append(math.Round(math.Sin(float64(i))*1e6) / 1e6)
			b.Field(4).(*array.StringBuilder).Append("customer_" + strconv.Itoa(i))
		}
		b.Field(5).(*array.StringBuilder).Append(cities[i%8])
		b.Field(6).(*array.BooleanBuilder).Append(i%3 == 0)
		b.Field(7).(*array.Date32Builder).Append(arrow.Date32FromTime(start.AddDate(0, 0, i%365)))
		b.Field(8).(*array.TimestampBuilder).Append(arrow.Timestamp(start.Add(time.Duration(i) * 3671 * time.Second).UnixMicro()))
		b.Field(9).(*array.Decimal128Builder).Append(decimal128.FromI64(int64(i * 12345 % 1000000)))
		b.Field(10).(*array.StringBuilder).Append("note <" + strconv.Itoa(i%5) + "> & more")
		b.Field(11).(*array.Float64Builder).Append(float64(i) * 0.001)
	}
	return b.NewRecordBatch()
}

// BenchmarkTableHTML renders 1,000 rows × 12 columns to HTML (all rows),
// the work pandas' DataFrame.to_html does.
func BenchmarkTableHTML(b *testing.B) {
	rec := benchRecord(memory.DefaultAllocator, 1000)
	defer rec.Release()
	opts := TableOptions{MaxRows: -1}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = len(buildTable(rec, opts, DefaultMaxColumns).html())
	}
	b.ReportMetric(float64(n), "bytes/html")
}

// BenchmarkTable renders the whole bundle (text and HTML) of the same data.
func BenchmarkTable(b *testing.B) {
	rec := benchRecord(memory.DefaultAllocator, 1000)
	defer rec.Release()
	b.ReportAllocs()
	for b.Loop() {
		Table(rec, TableOptions{MaxRows: -1})
	}
}

func TestBenchRecord(t *testing.T) {
	mem := checkedAlloc(t)
	rec := benchRecord(mem, 20)
	defer rec.Release()
	goldenBundle(t, "table_bench", Table(rec, TableOptions{Source: "bench", Width: 120, MaxRows: 20}))
}
