package sparksql

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"reflect"
	"time"

	"github.com/sparkgo/sparkgo/connect"
)

// checkArg converts a query argument to a value connect.Literal accepts,
// or says why it cannot be sent. Accepted are the types of connect.Literal
// (nil, bool, every integer type, float32, float64, string, []byte,
// time.Time), driver.Valuer implementations (sql.NullString, sql.Null[T]…),
// pointers to accepted values (nil pointers are NULL), and named types whose
// underlying type is one of bool, an integer, a float, string or []byte.
func checkArg(v any) (any, error) {
	return checkArgDepth(v, 0)
}

func checkArgDepth(v any, depth int) (any, error) {
	if depth > 8 {
		return nil, fmt.Errorf("a %T nests too many driver.Valuer or pointer levels", v)
	}
	switch x := v.(type) {
	case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64,
		float32, float64, string, []byte, time.Time:
		if _, err := connect.Literal(x); err != nil {
			return nil, err
		}
		return x, nil
	case time.Duration:
		return nil, fmt.Errorf("a time.Duration cannot be bound (it would arrive as a number without a unit); " +
			"bind its seconds (d.Seconds()) and write make_dt_interval(0, 0, 0, ?)")
	case Decimal:
		return nil, fmt.Errorf("a sparksql.Decimal cannot be bound exactly yet; bind d.String() and write CAST(? AS DECIMAL(p,s))")
	case driver.Valuer:
		rv := reflect.ValueOf(x)
		if rv.Kind() == reflect.Pointer && rv.IsNil() && rv.Type().Elem().Implements(valuerType) {
			return nil, nil // a nil *T whose T has a value-receiver Value method, as database/sql treats it
		}
		val, err := x.Value()
		if err != nil {
			return nil, fmt.Errorf("%T.Value: %w", x, err)
		}
		return checkArgDepth(val, depth+1)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, nil
		}
		return checkArgDepth(rv.Elem().Interface(), depth+1)
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return checkArgDepth(rv.Uint(), depth+1)
	case reflect.Float32:
		return float32(rv.Float()), nil
	case reflect.Float64:
		return rv.Float(), nil
	case reflect.String:
		return rv.String(), nil
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return rv.Bytes(), nil
		}
	}
	return nil, fmt.Errorf("a Go %T cannot be bound as a Spark SQL parameter "+
		"(use nil, bool, an integer, float32, float64, string, []byte, time.Time, a pointer to one, or a driver.Valuer)", v)
}

var valuerType = reflect.TypeFor[driver.Valuer]()

// describeArg names a query argument in error messages: "parameter 2" or
// "parameter :name".
func describeArg(nv *driver.NamedValue) string {
	if nv.Name != "" {
		return "parameter :" + nv.Name
	}
	return fmt.Sprintf("parameter %d", nv.Ordinal)
}

// connectArgs turns database/sql's arguments into connect's: plain values
// for positional markers (?), sql.Named values for named markers (:name).
func connectArgs(args []driver.NamedValue) []any {
	if len(args) == 0 {
		return nil
	}
	out := make([]any, len(args))
	for i, a := range args {
		if a.Name != "" {
			out[i] = sql.Named(a.Name, a.Value)
		} else {
			out[i] = a.Value
		}
	}
	return out
}
