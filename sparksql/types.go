package sparksql

import (
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// column describes one result column for database/sql's ColumnTypes.
type column struct {
	name      string
	typeName  string       // DatabaseTypeName, e.g. "BIGINT" or "ARRAY<INT>"
	scanType  reflect.Type // Go type of the column's non-NULL values
	nullable  bool
	length    int64 // for variable-length types; 0 if not one
	hasLength bool
	precision int64 // for DECIMAL
	scale     int64
	isDecimal bool
}

// describeColumns describes the columns of a result from its Arrow schema
// and, when the server sent it, its Spark schema, which names types Arrow
// cannot tell apart (interval ranges, CHAR and VARCHAR, VARIANT…).
func describeColumns(schema *arrow.Schema, spark *pb.DataType) []column {
	if schema == nil {
		return nil
	}
	var sfields []*pb.DataType_StructField
	if st := spark.GetStruct(); st != nil && len(st.GetFields()) == schema.NumFields() {
		sfields = st.GetFields()
	}
	cols := make([]column, schema.NumFields())
	for i, f := range schema.Fields() {
		c := column{
			name:     f.Name,
			scanType: scanTypeOf(f.Type),
			nullable: f.Nullable,
		}
		var sdt *pb.DataType
		if sfields != nil {
			sdt = sfields[i].GetDataType()
			c.typeName = sparkTypeName(sdt, true)
		}
		if c.typeName == "" {
			c.typeName = arrowTypeName(f.Type, true)
		}
		switch t := f.Type.(type) {
		case *arrow.StringType, *arrow.LargeStringType, *arrow.BinaryType, *arrow.LargeBinaryType:
			c.length, c.hasLength = math.MaxInt64, true
			if n := charLength(sdt); n > 0 {
				c.length = n
			}
		case *arrow.Decimal128Type:
			c.precision, c.scale, c.isDecimal = int64(t.Precision), int64(t.Scale), true
		}
		cols[i] = c
	}
	return cols
}

// charLength returns n for CHAR(n) and VARCHAR(n), else 0.
func charLength(dt *pb.DataType) int64 {
	switch k := dt.GetKind().(type) {
	case *pb.DataType_Char_:
		return int64(k.Char.GetLength())
	case *pb.DataType_VarChar_:
		return int64(k.VarChar.GetLength())
	}
	return 0
}

// sparkTypeName renders a Spark type the way Spark's SQL does, upper case:
// "BIGINT", "ARRAY<INT>", "MAP<STRING,INT>", "STRUCT<a:INT,b:STRING>",
// "INTERVAL DAY TO SECOND". A top-level DECIMAL, CHAR or VARCHAR is named
// without its parameters, which ColumnTypes reports separately. It returns
// "" for types it does not know.
func sparkTypeName(dt *pb.DataType, top bool) string {
	switch k := dt.GetKind().(type) {
	case *pb.DataType_Null:
		return "VOID"
	case *pb.DataType_Binary_:
		return "BINARY"
	case *pb.DataType_Boolean_:
		return "BOOLEAN"
	case *pb.DataType_Byte_:
		return "TINYINT"
	case *pb.DataType_Short_:
		return "SMALLINT"
	case *pb.DataType_Integer_:
		return "INT"
	case *pb.DataType_Long_:
		return "BIGINT"
	case *pb.DataType_Float_:
		return "FLOAT"
	case *pb.DataType_Double_:
		return "DOUBLE"
	case *pb.DataType_Decimal_:
		if top {
			return "DECIMAL"
		}
		p, s := int32(10), int32(0) // Spark's defaults
		if k.Decimal.Precision != nil {
			p = k.Decimal.GetPrecision()
		}
		if k.Decimal.Scale != nil {
			s = k.Decimal.GetScale()
		}
		return fmt.Sprintf("DECIMAL(%d,%d)", p, s)
	case *pb.DataType_String_:
		if c := k.String_.GetCollation(); c != "" && c != "UTF8_BINARY" {
			return "STRING COLLATE " + c
		}
		return "STRING"
	case *pb.DataType_Char_:
		if top {
			return "CHAR"
		}
		return fmt.Sprintf("CHAR(%d)", k.Char.GetLength())
	case *pb.DataType_VarChar_:
		if top {
			return "VARCHAR"
		}
		return fmt.Sprintf("VARCHAR(%d)", k.VarChar.GetLength())
	case *pb.DataType_Date_:
		return "DATE"
	case *pb.DataType_Timestamp_:
		return "TIMESTAMP"
	case *pb.DataType_TimestampNtz:
		return "TIMESTAMP_NTZ"
	case *pb.DataType_Time_:
		if top || k.Time.Precision == nil {
			return "TIME"
		}
		return fmt.Sprintf("TIME(%d)", k.Time.GetPrecision())
	case *pb.DataType_CalendarInterval_:
		return "INTERVAL"
	case *pb.DataType_YearMonthInterval_:
		return intervalName([]string{"YEAR", "MONTH"}, k.YearMonthInterval.StartField, k.YearMonthInterval.EndField)
	case *pb.DataType_DayTimeInterval_:
		return intervalName([]string{"DAY", "HOUR", "MINUTE", "SECOND"}, k.DayTimeInterval.StartField, k.DayTimeInterval.EndField)
	case *pb.DataType_Array_:
		elem := sparkTypeName(k.Array.GetElementType(), false)
		if elem == "" {
			return ""
		}
		return "ARRAY<" + elem + ">"
	case *pb.DataType_Map_:
		key, val := sparkTypeName(k.Map.GetKeyType(), false), sparkTypeName(k.Map.GetValueType(), false)
		if key == "" || val == "" {
			return ""
		}
		return "MAP<" + key + "," + val + ">"
	case *pb.DataType_Struct_:
		var b strings.Builder
		b.WriteString("STRUCT<")
		for i, f := range k.Struct.GetFields() {
			if i > 0 {
				b.WriteByte(',')
			}
			t := sparkTypeName(f.GetDataType(), false)
			if t == "" {
				return ""
			}
			b.WriteString(f.GetName() + ":" + t)
		}
		b.WriteByte('>')
		return b.String()
	case *pb.DataType_Variant_:
		return "VARIANT"
	case *pb.DataType_Udt:
		if st := k.Udt.GetSqlType(); st != nil {
			return sparkTypeName(st, top)
		}
	case *pb.DataType_Geometry_:
		return "GEOMETRY"
	case *pb.DataType_Geography_:
		return "GEOGRAPHY"
	case *pb.DataType_Unparsed_:
		return strings.ToUpper(k.Unparsed.GetDataTypeString())
	}
	return ""
}

// intervalName names an ANSI interval type from its field range, e.g.
// "INTERVAL YEAR TO MONTH" or "INTERVAL DAY".
func intervalName(fields []string, start, end *int32) string {
	s, e := 0, len(fields)-1
	if start != nil {
		s = int(*start)
	}
	if end != nil {
		e = int(*end)
	}
	if s < 0 || s >= len(fields) || e < s || e >= len(fields) {
		return "INTERVAL"
	}
	if s == e {
		return "INTERVAL " + fields[s]
	}
	return "INTERVAL " + fields[s] + " TO " + fields[e]
}

// arrowTypeName names the Spark type an Arrow type stands for, for results
// that come without a Spark schema (command output). Arrow cannot tell
// interval ranges apart, so intervals get their widest names.
func arrowTypeName(dt arrow.DataType, top bool) string {
	switch t := dt.(type) {
	case *arrow.NullType:
		return "VOID"
	case *arrow.BooleanType:
		return "BOOLEAN"
	case *arrow.Int8Type:
		return "TINYINT"
	case *arrow.Int16Type:
		return "SMALLINT"
	case *arrow.Int32Type:
		return "INT"
	case *arrow.Int64Type:
		return "BIGINT"
	case *arrow.Float32Type:
		return "FLOAT"
	case *arrow.Float64Type:
		return "DOUBLE"
	case *arrow.Decimal128Type:
		if top {
			return "DECIMAL"
		}
		return fmt.Sprintf("DECIMAL(%d,%d)", t.Precision, t.Scale)
	case *arrow.StringType, *arrow.LargeStringType:
		return "STRING"
	case *arrow.BinaryType, *arrow.LargeBinaryType:
		return "BINARY"
	case *arrow.Date32Type, *arrow.Date64Type:
		return "DATE"
	case *arrow.TimestampType:
		if t.TimeZone == "" {
			return "TIMESTAMP_NTZ"
		}
		return "TIMESTAMP"
	case *arrow.MonthIntervalType:
		return "INTERVAL YEAR TO MONTH"
	case *arrow.DurationType:
		return "INTERVAL DAY TO SECOND"
	case *arrow.MonthDayNanoIntervalType:
		return "INTERVAL"
	case *arrow.MapType:
		return "MAP<" + arrowTypeName(t.KeyType(), false) + "," + arrowTypeName(t.ItemType(), false) + ">"
	case *arrow.ListType:
		return "ARRAY<" + arrowTypeName(t.Elem(), false) + ">"
	case *arrow.LargeListType:
		return "ARRAY<" + arrowTypeName(t.Elem(), false) + ">"
	case *arrow.StructType:
		var b strings.Builder
		b.WriteString("STRUCT<")
		for i, f := range t.Fields() {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(f.Name + ":" + arrowTypeName(f.Type, false))
		}
		b.WriteByte('>')
		return b.String()
	}
	return strings.ToUpper(dt.Name())
}
