package frame

import (
	"fmt"
	"math/big"
	"reflect"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sparkgo/sparkgo/internal/sparktime"
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

// CalendarInterval is a value of Spark's legacy INTERVAL type (as made by
// make_interval): months, days and a time part, kept apart because their
// lengths vary. It is the same type as sparksql.CalendarInterval.
type CalendarInterval = sparktime.CalendarInterval

// Value returns element i of an Arrow array from Spark as a Go value:
// nil for NULL; int8, int16, int32, int64; float32, float64; bool; string;
// []byte; Decimal; time.Time for dates (UTC midnight), timestamps (in the
// column's time zone) and timestamp_ntz (UTC wall clock); int32 months for
// year-month intervals; time.Duration for day-time intervals;
// CalendarInterval for calendar intervals; []any for
// arrays; map[any]any for maps; map[string]any for structs. Strings and
// byte slices are copies: they stay valid after arr is released. A
// day-time interval beyond about ±292 years, which a time.Duration cannot
// hold, is returned as an error.
func Value(arr arrow.Array, i int) any {
	v, err := goValue(arr, i)
	if err != nil {
		return fmt.Errorf("frame: %w", err)
	}
	return v
}

// goValue is Value with the error of a value Go cannot hold.
func goValue(arr arrow.Array, i int) (any, error) {
	if arr.IsNull(i) {
		return nil, nil
	}
	switch a := arr.(type) {
	case *array.Int8:
		return a.Value(i), nil
	case *array.Int16:
		return a.Value(i), nil
	case *array.Int32:
		return a.Value(i), nil
	case *array.Int64:
		return a.Value(i), nil
	case *array.Float32:
		return a.Value(i), nil
	case *array.Float64:
		return a.Value(i), nil
	case *array.Boolean:
		return a.Value(i), nil
	case *array.String:
		return strings.Clone(a.Value(i)), nil
	case *array.LargeString:
		return strings.Clone(a.Value(i)), nil
	case *array.Binary:
		return append([]byte(nil), a.Value(i)...), nil
	case *array.LargeBinary:
		return append([]byte(nil), a.Value(i)...), nil
	case *array.Decimal128:
		t := a.DataType().(*arrow.Decimal128Type)
		return Decimal{Unscaled: a.Value(i).BigInt(), Precision: t.Precision, Scale: t.Scale}, nil
	case *array.Decimal256:
		t := a.DataType().(*arrow.Decimal256Type)
		return Decimal{Unscaled: a.Value(i).BigInt(), Precision: t.Precision, Scale: t.Scale}, nil
	case *array.Date32:
		return a.Value(i).ToTime(), nil
	case *array.Date64:
		return a.Value(i).ToTime(), nil
	case *array.Timestamp:
		return sparktime.Timestamp(a.Value(i), a.DataType().(*arrow.TimestampType)), nil
	case *array.MonthInterval:
		return int32(a.Value(i)), nil
	case *array.MonthDayNanoInterval:
		return sparktime.Calendar(a.Value(i)), nil
	case *array.Duration:
		d, err := sparktime.Duration(int64(a.Value(i)), a.DataType().(*arrow.DurationType).Unit)
		if err != nil {
			return nil, err
		}
		return d, nil
	case *array.List:
		start, end := a.ValueOffsets(i)
		out := make([]any, 0, end-start)
		for j := start; j < end; j++ {
			v, err := goValue(a.ListValues(), int(j))
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case *array.Map:
		start, end := a.ValueOffsets(i)
		out := make(map[any]any, end-start)
		for j := start; j < end; j++ {
			k, err := goValue(a.Keys(), int(j))
			if err != nil {
				return nil, err
			}
			if k != nil && !reflect.TypeOf(k).Comparable() {
				k = fmt.Sprint(k) // binary or nested keys cannot key a Go map
			}
			if out[k], err = goValue(a.Items(), int(j)); err != nil {
				return nil, err
			}
		}
		return out, nil
	case *array.Struct:
		t := a.DataType().(*arrow.StructType)
		out := make(map[string]any, a.NumField())
		for f := 0; f < a.NumField(); f++ {
			v, err := goValue(a.Field(f), i)
			if err != nil {
				return nil, err
			}
			out[t.Field(f).Name] = v
		}
		return out, nil
	case *array.Null:
		return nil, nil
	}
	return fmt.Sprintf("<%s>", arr.DataType()), nil
}
