package display

import (
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// TypeBadge returns the short type label shown under a column name, in the
// style of tibble: "<dbl>", "<int>", "<i64>", "<chr>", "<dec(10,2)>",
// "<arr<int>>", "<map<chr,int>>", "<struct>" and so on.
func TypeBadge(t arrow.DataType) string { return "<" + abbrev(t) + ">" }

func abbrev(t arrow.DataType) string {
	switch t := t.(type) {
	case *arrow.Int8Type:
		return "i8"
	case *arrow.Int16Type:
		return "i16"
	case *arrow.Int32Type:
		return "int"
	case *arrow.Int64Type:
		return "i64"
	case *arrow.Uint8Type:
		return "u8"
	case *arrow.Uint16Type:
		return "u16"
	case *arrow.Uint32Type:
		return "u32"
	case *arrow.Uint64Type:
		return "u64"
	case *arrow.Float16Type:
		return "f16"
	case *arrow.Float32Type:
		return "flt"
	case *arrow.Float64Type:
		return "dbl"
	case arrow.DecimalType:
		return "dec(" + strconv.Itoa(int(t.GetPrecision())) + "," + strconv.Itoa(int(t.GetScale())) + ")"
	case *arrow.StringType, *arrow.LargeStringType, *arrow.StringViewType:
		return "chr"
	case *arrow.BinaryType, *arrow.LargeBinaryType, *arrow.BinaryViewType, *arrow.FixedSizeBinaryType:
		return "blob"
	case *arrow.BooleanType:
		return "lgl"
	case *arrow.Date32Type, *arrow.Date64Type:
		return "date"
	case *arrow.TimestampType:
		if t.TimeZone == "" {
			return "ntz"
		}
		return "dttm"
	case *arrow.Time32Type, *arrow.Time64Type:
		return "time"
	case *arrow.MonthIntervalType:
		return "ym"
	case *arrow.DurationType:
		return "drtn"
	case *arrow.DayTimeIntervalType, *arrow.MonthDayNanoIntervalType:
		return "intv"
	case *arrow.NullType:
		return "void"
	case *arrow.MapType:
		return "map<" + abbrev(t.KeyType()) + "," + abbrev(t.ItemType()) + ">"
	case arrow.ListLikeType:
		return "arr<" + abbrev(t.Elem()) + ">"
	case *arrow.StructType:
		return "struct"
	case *arrow.DictionaryType:
		return "fct"
	case arrow.ExtensionType:
		return abbrev(t.StorageType())
	}
	return t.Name()
}

// SparkType returns the Spark SQL (DDL) name of the Spark type an Arrow
// type carries in Spark Connect results: "bigint", "int", "string",
// "decimal(10,2)", "timestamp", "timestamp_ntz", "array<int>",
// "map<string,int>", "struct<a:int,b:string>" and so on. Arrow types Spark
// does not produce get their Arrow name.
func SparkType(t arrow.DataType) string {
	var b strings.Builder
	sparkType(&b, t)
	return b.String()
}

func sparkType(b *strings.Builder, t arrow.DataType) {
	switch t := t.(type) {
	case *arrow.Int8Type:
		b.WriteString("tinyint")
	case *arrow.Int16Type:
		b.WriteString("smallint")
	case *arrow.Int32Type:
		b.WriteString("int")
	case *arrow.Int64Type:
		b.WriteString("bigint")
	case *arrow.Float32Type:
		b.WriteString("float")
	case *arrow.Float64Type:
		b.WriteString("double")
	case arrow.DecimalType:
		b.WriteString("decimal(" + strconv.Itoa(int(t.GetPrecision())) + "," + strconv.Itoa(int(t.GetScale())) + ")")
	case *arrow.StringType, *arrow.LargeStringType, *arrow.StringViewType:
		b.WriteString("string")
	case *arrow.BinaryType, *arrow.LargeBinaryType, *arrow.BinaryViewType:
		b.WriteString("binary")
	case *arrow.BooleanType:
		b.WriteString("boolean")
	case *arrow.Date32Type, *arrow.Date64Type:
		b.WriteString("date")
	case *arrow.TimestampType:
		if t.TimeZone == "" {
			b.WriteString("timestamp_ntz")
		} else {
			b.WriteString("timestamp")
		}
	case *arrow.MonthIntervalType:
		b.WriteString("interval year to month")
	case *arrow.DurationType:
		b.WriteString("interval day to second")
	case *arrow.NullType:
		b.WriteString("void")
	case *arrow.MapType:
		b.WriteString("map<")
		sparkType(b, t.KeyType())
		b.WriteByte(',')
		sparkType(b, t.ItemType())
		b.WriteByte('>')
	case arrow.ListLikeType:
		b.WriteString("array<")
		sparkType(b, t.Elem())
		b.WriteByte('>')
	case *arrow.StructType:
		b.WriteString("struct<")
		for i, f := range t.Fields() {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(f.Name)
			b.WriteByte(':')
			sparkType(b, f.Type)
		}
		b.WriteByte('>')
	case arrow.ExtensionType:
		sparkType(b, t.StorageType())
	default:
		b.WriteString(t.String())
	}
}

// treeTypeName is the type name printSchema shows: Spark's typeName
// ("long", "integer", "array", "struct"...).
func treeTypeName(t arrow.DataType) string {
	switch t := t.(type) {
	case *arrow.Int8Type:
		return "byte"
	case *arrow.Int16Type:
		return "short"
	case *arrow.Int32Type:
		return "integer"
	case *arrow.Int64Type:
		return "long"
	case *arrow.MapType:
		return "map"
	case arrow.ListLikeType:
		return "array"
	case *arrow.StructType:
		return "struct"
	case arrow.ExtensionType:
		return treeTypeName(t.StorageType())
	}
	return SparkType(t)
}

// isNumeric reports whether values of t are right-aligned numbers.
func isNumeric(t arrow.DataType) bool {
	switch t.(type) {
	case *arrow.Int8Type, *arrow.Int16Type, *arrow.Int32Type, *arrow.Int64Type,
		*arrow.Uint8Type, *arrow.Uint16Type, *arrow.Uint32Type, *arrow.Uint64Type,
		*arrow.Float16Type, *arrow.Float32Type, *arrow.Float64Type,
		*arrow.Decimal32Type, *arrow.Decimal64Type, *arrow.Decimal128Type, *arrow.Decimal256Type,
		*arrow.MonthIntervalType, *arrow.DurationType:
		return true
	}
	return false
}

// isStringy reports whether t holds text, whose nulls print as <NULL> in
// plain text (as tibble prints <NA>) to tell them from the string "NULL".
func isStringy(t arrow.DataType) bool {
	switch t.(type) {
	case *arrow.StringType, *arrow.LargeStringType, *arrow.StringViewType:
		return true
	}
	return false
}
