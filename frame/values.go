package frame

import (
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Decimal is an exact decimal number from Spark: Unscaled × 10^-Scale.
type Decimal struct {
	Unscaled  *big.Int
	Precision int32
	Scale     int32
}

// String formats the decimal exactly, with Scale digits after the point.
func (d Decimal) String() string {
	s := new(big.Int).Abs(d.Unscaled).String()
	neg := d.Unscaled.Sign() < 0
	if d.Scale > 0 {
		for len(s) <= int(d.Scale) {
			s = "0" + s
		}
		s = s[:len(s)-int(d.Scale)] + "." + s[len(s)-int(d.Scale):]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Rat returns the decimal as an exact rational number.
func (d Decimal) Rat() *big.Rat {
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Scale)), nil)
	return new(big.Rat).SetFrac(d.Unscaled, den)
}

// Float64 returns the nearest float64 (not exact).
func (d Decimal) Float64() float64 {
	f, _ := d.Rat().Float64()
	return f
}

// Value returns element i of an Arrow array from Spark as a Go value:
// nil for NULL; int8, int16, int32, int64; float32, float64; bool; string;
// []byte; Decimal; time.Time for dates (UTC midnight), timestamps (in the
// column's time zone) and timestamp_ntz (UTC wall clock); int32 months for
// year-month intervals; time.Duration for day-time intervals; []any for
// arrays; map[any]any for maps; map[string]any for structs. Strings and
// byte slices are copies: they stay valid after arr is released.
func Value(arr arrow.Array, i int) any {
	if arr.IsNull(i) {
		return nil
	}
	switch a := arr.(type) {
	case *array.Int8:
		return a.Value(i)
	case *array.Int16:
		return a.Value(i)
	case *array.Int32:
		return a.Value(i)
	case *array.Int64:
		return a.Value(i)
	case *array.Float32:
		return a.Value(i)
	case *array.Float64:
		return a.Value(i)
	case *array.Boolean:
		return a.Value(i)
	case *array.String:
		return strings.Clone(a.Value(i))
	case *array.LargeString:
		return strings.Clone(a.Value(i))
	case *array.Binary:
		return append([]byte(nil), a.Value(i)...)
	case *array.LargeBinary:
		return append([]byte(nil), a.Value(i)...)
	case *array.Decimal128:
		t := a.DataType().(*arrow.Decimal128Type)
		return Decimal{Unscaled: a.Value(i).BigInt(), Precision: t.Precision, Scale: t.Scale}
	case *array.Decimal256:
		t := a.DataType().(*arrow.Decimal256Type)
		return Decimal{Unscaled: a.Value(i).BigInt(), Precision: t.Precision, Scale: t.Scale}
	case *array.Date32:
		return a.Value(i).ToTime()
	case *array.Date64:
		return a.Value(i).ToTime()
	case *array.Timestamp:
		t := a.DataType().(*arrow.TimestampType)
		v := a.Value(i).ToTime(t.Unit)
		if t.TimeZone == "" {
			return v.UTC()
		}
		if loc, err := time.LoadLocation(t.TimeZone); err == nil {
			return v.In(loc)
		}
		return v
	case *array.MonthInterval:
		return int32(a.Value(i))
	case *array.Duration:
		t := a.DataType().(*arrow.DurationType)
		return time.Duration(a.Value(i)) * t.Unit.Multiplier()
	case *array.List:
		start, end := a.ValueOffsets(i)
		out := make([]any, 0, end-start)
		for j := start; j < end; j++ {
			out = append(out, Value(a.ListValues(), int(j)))
		}
		return out
	case *array.Map:
		start, end := a.ValueOffsets(i)
		out := make(map[any]any, end-start)
		for j := start; j < end; j++ {
			k := Value(a.Keys(), int(j))
			if k != nil && !reflect.TypeOf(k).Comparable() {
				k = fmt.Sprint(k) // binary or nested keys cannot key a Go map
			}
			out[k] = Value(a.Items(), int(j))
		}
		return out
	case *array.Struct:
		t := a.DataType().(*arrow.StructType)
		out := make(map[string]any, a.NumField())
		for f := 0; f < a.NumField(); f++ {
			out[t.Field(f).Name] = Value(a.Field(f), i)
		}
		return out
	case *array.Null:
		return nil
	}
	return fmt.Sprintf("<%s>", arr.DataType())
}
