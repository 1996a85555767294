package sparksql

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sparkgo/sparkgo/internal/sparktime"
)

// getter returns the Go value of row i of one Arrow array (nil for NULL).
// Getters are built once per record batch, so the per-row work is a type
// assertion-free closure call.
type getter func(i int) (any, error)

// Go types of the values the driver produces; see the package comment.
var (
	typeAny        = reflect.TypeFor[any]()
	typeBool       = reflect.TypeFor[bool]()
	typeInt8       = reflect.TypeFor[int8]()
	typeInt16      = reflect.TypeFor[int16]()
	typeInt32      = reflect.TypeFor[int32]()
	typeInt64      = reflect.TypeFor[int64]()
	typeUint8      = reflect.TypeFor[uint8]()
	typeUint16     = reflect.TypeFor[uint16]()
	typeUint32     = reflect.TypeFor[uint32]()
	typeUint64     = reflect.TypeFor[uint64]()
	typeFloat32    = reflect.TypeFor[float32]()
	typeFloat64    = reflect.TypeFor[float64]()
	typeString     = reflect.TypeFor[string]()
	typeBytes      = reflect.TypeFor[[]byte]()
	typeTime       = reflect.TypeFor[time.Time]()
	typeDuration   = reflect.TypeFor[time.Duration]()
	typeDecimal    = reflect.TypeFor[Decimal]()
	typeCalendar   = reflect.TypeFor[CalendarInterval]()
	typeSlice      = reflect.TypeFor[[]any]()
	typeStringMap  = reflect.TypeFor[map[string]any]()
	typeAnyMap     = reflect.TypeFor[map[any]any]()
	typeMapEntries = reflect.TypeFor[[]MapEntry]()
)

// mapShape is how a Spark MAP is represented in Go, chosen by its key type.
type mapShape int

const (
	stringKeys mapShape = iota // map[string]any
	anyKeys                    // map[any]any, keys of comparable Go types
	entries                    // []MapEntry, keys that cannot be Go map keys
)

func mapShapeOf(key arrow.DataType) mapShape {
	switch key.ID() {
	case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
		return stringKeys
	case arrow.BINARY, arrow.LARGE_BINARY, arrow.BINARY_VIEW, arrow.FIXED_SIZE_BINARY,
		arrow.LIST, arrow.LARGE_LIST, arrow.LIST_VIEW, arrow.LARGE_LIST_VIEW, arrow.FIXED_SIZE_LIST,
		arrow.STRUCT, arrow.MAP:
		return entries
	}
	return anyKeys
}

// scanTypeOf returns the Go type of the non-NULL values makeGetter produces
// for arrays of type dt.
func scanTypeOf(dt arrow.DataType) reflect.Type {
	switch dt := dt.(type) {
	case *arrow.NullType:
		return typeAny
	case *arrow.BooleanType:
		return typeBool
	case *arrow.Int8Type:
		return typeInt8
	case *arrow.Int16Type:
		return typeInt16
	case *arrow.Int32Type:
		return typeInt32
	case *arrow.Int64Type:
		return typeInt64
	case *arrow.Uint8Type:
		return typeUint8
	case *arrow.Uint16Type:
		return typeUint16
	case *arrow.Uint32Type:
		return typeUint32
	case *arrow.Uint64Type:
		return typeUint64
	case *arrow.Float32Type:
		return typeFloat32
	case *arrow.Float64Type:
		return typeFloat64
	case *arrow.Decimal128Type:
		return typeDecimal
	case *arrow.StringType, *arrow.LargeStringType:
		return typeString
	case *arrow.BinaryType, *arrow.LargeBinaryType:
		return typeBytes
	case *arrow.Date32Type, *arrow.Date64Type, *arrow.TimestampType:
		return typeTime
	case *arrow.MonthIntervalType:
		return typeInt32
	case *arrow.DurationType:
		return typeDuration
	case *arrow.MonthDayNanoIntervalType:
		return typeCalendar
	case *arrow.ListType, *arrow.LargeListType:
		return typeSlice
	case *arrow.MapType:
		switch mapShapeOf(dt.KeyType()) {
		case stringKeys:
			return typeStringMap
		case anyKeys:
			return typeAnyMap
		}
		return typeMapEntries
	case *arrow.StructType:
		return typeStringMap
	}
	return typeString // rendered by Arrow's ValueStr
}

// makeGetter returns the getter of arr. Values never alias Arrow memory:
// strings and byte slices are copied, so they stay valid after the batch
// is released.
func makeGetter(arr arrow.Array) getter {
	g := valueGetter(arr)
	if arr.NullN() == 0 {
		return g
	}
	return func(i int) (any, error) {
		if arr.IsNull(i) {
			return nil, nil
		}
		return g(i)
	}
}

// valueGetter is makeGetter without the NULL check.
func valueGetter(arr arrow.Array) getter {
	switch a := arr.(type) {
	case *array.Null:
		return func(int) (any, error) { return nil, nil }
	case *array.Boolean:
		return func(i int) (any, error) { return a.Value(i), nil }
	case *array.Int8:
		return func(i int) (any, error) { return a.Value(i), nil }
	case *array.Int16:
		return func(i int) (any, error) { return a.Value(i), nil }
	case *array.Int32:
		return func(i int) (any, error) { return a.Value(i), nil }
	case *array.Int64:
		return func(i int) (any, error) { return a.Value(i), nil }
	case *array.Uint8:
		return func(i int) (any, error) { return a.Value(i), nil }
	case *array.Uint16:
		return func(i int) (any, error) { return a.Value(i), nil }
	case *array.Uint32:
		return func(i int) (any, error) { return a.Value(i), nil }
	case *array.Uint64:
		return func(i int) (any, error) { return a.Value(i), nil }
	case *array.Float32:
		return func(i int) (any, error) { return a.Value(i), nil }
	case *array.Float64:
		return func(i int) (any, error) { return a.Value(i), nil }
	case *array.Decimal128:
		scale := a.DataType().(*arrow.Decimal128Type).Scale
		return func(i int) (any, error) { return formatDecimal(a.Value(i), scale), nil }
	case *array.String:
		return func(i int) (any, error) { return strings.Clone(a.Value(i)), nil }
	case *array.LargeString:
		return func(i int) (any, error) { return strings.Clone(a.Value(i)), nil }
	case *array.Binary:
		return func(i int) (any, error) { return cloneBytes(a.Value(i)), nil }
	case *array.LargeBinary:
		return func(i int) (any, error) { return cloneBytes(a.Value(i)), nil }
	case *array.Date32:
		return func(i int) (any, error) { return time.Unix(int64(a.Value(i))*secondsPerDay, 0).UTC(), nil }
	case *array.Date64:
		return func(i int) (any, error) { return time.UnixMilli(int64(a.Value(i))).UTC(), nil }
	case *array.Timestamp:
		dt := a.DataType().(*arrow.TimestampType)
		return func(i int) (any, error) { return sparktime.Timestamp(a.Value(i), dt), nil }
	case *array.MonthInterval:
		return func(i int) (any, error) { return int32(a.Value(i)), nil }
	case *array.Duration:
		unit := a.DataType().(*arrow.DurationType).Unit
		return func(i int) (any, error) {
			d, err := sparktime.Duration(int64(a.Value(i)), unit)
			if err != nil {
				return nil, fmt.Errorf("sparksql: %w", err)
			}
			return d, nil
		}
	case *array.MonthDayNanoInterval:
		return func(i int) (any, error) { return sparktime.Calendar(a.Value(i)), nil }
	case *array.Map: // before *array.List, which it embeds
		return mapGetter(a)
	case *array.List:
		return listGetter(a, a.ListValues())
	case *array.LargeList:
		return listGetter(a, a.ListValues())
	case *array.Struct:
		dt := a.DataType().(*arrow.StructType)
		fields := make([]getter, a.NumField())
		names := make([]string, a.NumField())
		for j := range fields {
			fields[j] = makeGetter(a.Field(j))
			names[j] = dt.Field(j).Name
		}
		return func(i int) (any, error) {
			m := make(map[string]any, len(fields))
			for j, f := range fields {
				v, err := f(i)
				if err != nil {
					return nil, err
				}
				m[names[j]] = v
			}
			return m, nil
		}
	}
	return func(i int) (any, error) { return arr.ValueStr(i), nil }
}

const secondsPerDay = 24 * 60 * 60

func cloneBytes(b []byte) []byte {
	if b == nil {
		return []byte{} // a non-NULL empty value
	}
	return bytes.Clone(b)
}

// offsetter is a list-like array: *array.List, *array.LargeList, *array.Map.
type offsetter interface {
	ValueOffsets(i int) (start, end int64)
}

func listGetter(a offsetter, values arrow.Array) getter {
	elem := makeGetter(values)
	return func(i int) (any, error) {
		start, end := a.ValueOffsets(i)
		out := make([]any, 0, end-start)
		for k := start; k < end; k++ {
			v, err := elem(int(k))
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
}

func mapGetter(a *array.Map) getter {
	keys, items := makeGetter(a.Keys()), makeGetter(a.Items())
	shape := mapShapeOf(a.DataType().(*arrow.MapType).KeyType())
	return func(i int) (any, error) {
		start, end := a.ValueOffsets(i)
		n := int(end - start)
		var (
			sm map[string]any
			am map[any]any
			es []MapEntry
		)
		switch shape {
		case stringKeys:
			sm = make(map[string]any, n)
		case anyKeys:
			am = make(map[any]any, n)
		default:
			es = make([]MapEntry, 0, n)
		}
		for k := start; k < end; k++ {
			key, err := keys(int(k))
			if err != nil {
				return nil, err
			}
			val, err := items(int(k))
			if err != nil {
				return nil, err
			}
			switch shape {
			case stringKeys:
				s, _ := key.(string) // Spark map keys are never NULL
				sm[s] = val
			case anyKeys:
				am[key] = val
			default:
				es = append(es, MapEntry{Key: key, Value: val})
			}
		}
		switch shape {
		case stringKeys:
			return sm, nil
		case anyKeys:
			return am, nil
		}
		return es, nil
	}
}
