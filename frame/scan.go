package frame

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sparkgo/sparkgo/internal/sparktime"
)

// CollectInto runs the DataFrame and stores its rows in dest, a pointer to
// a slice of structs or of pointers to structs, replacing its contents.
//
// Each field takes the column named by its `spark:"name"` tag, or else by
// the field name, matched exactly or else case-insensitively; `spark:"-"`
// skips a field, and embedded structs without a tag contribute their
// fields. Every field must find a column; columns without a field are
// ignored.
//
// Values convert exactly, or not at all: integers into any integer field
// they fit (an error names the row otherwise), or into a float field when
// exactly representable; floats into float32 or float64 fields; decimals
// into Decimal, *big.Rat, string, float64 (the nearest value) or integer
// fields (when whole); strings into string or []byte; dates into Date or
// time.Time (midnight UTC); timestamps into time.Time (in the column's time
// zone, the session's); day-time intervals into time.Duration; arrays into
// slices, maps into maps and structs into structs or map[string]any; any
// value into an `any` field (as Value returns it). NULL goes into pointer,
// slice, map and `any` fields as nil, and into sql.Null* types (any
// sql.Scanner) as not valid; NULL into another field is an error naming the
// column, the field and the row. A column whose type cannot fill its field
// (a string column into an int field) is an error naming both, before any
// row is stored.
func (df *DataFrame) CollectInto(ctx context.Context, dest any) error {
	dv := reflect.ValueOf(dest)
	if dv.Kind() != reflect.Pointer || dv.IsNil() || dv.Elem().Kind() != reflect.Slice {
		return fmt.Errorf("frame: CollectInto: dest is a %T; want a pointer to a slice of structs, such as *[]Car", dest)
	}
	sv := dv.Elem()
	et := sv.Type().Elem()
	rt, ptrElems := et, false
	if rt.Kind() == reflect.Pointer {
		rt, ptrElems = rt.Elem(), true
	}
	if rt.Kind() != reflect.Struct || isSpecial(rt) {
		return fmt.Errorf("frame: CollectInto: dest is a %T; want a pointer to a slice of structs, such as *[]Car", dest)
	}
	gfs, err := structFields(rt)
	if err != nil {
		return fmt.Errorf("frame: CollectInto: %s: %w", rt, err)
	}
	rows, err := df.Stream(ctx)
	if err != nil {
		return err
	}
	defer rows.Close()
	out := reflect.MakeSlice(sv.Type(), 0, 0)
	var sc *rowScanner
	offset := 0
	for rows.Next() {
		rec := rows.RecordBatch()
		if sc == nil {
			if sc, err = newRowScanner(rt, gfs, rec.Schema()); err != nil {
				return fmt.Errorf("frame: CollectInto: %w", err)
			}
		}
		n := int(rec.NumRows())
		if out.Cap()-out.Len() < n {
			grown := reflect.MakeSlice(sv.Type(), out.Len(), out.Len()+max(n, out.Len()))
			reflect.Copy(grown, out)
			out = grown
		}
		for i := 0; i < n; i++ {
			out = reflect.Append(out, reflect.Zero(et))
			dst := out.Index(out.Len() - 1)
			if ptrElems {
				p := reflect.New(rt)
				dst.Set(p)
				dst = p.Elem()
			}
			if err := sc.scan(rec, i, dst); err != nil {
				return fmt.Errorf("frame: CollectInto: row %d: %w", offset+i, err)
			}
		}
		offset += n
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if sc == nil {
		if s := rows.Schema(); s != nil {
			if _, err := newRowScanner(rt, gfs, s); err != nil {
				return fmt.Errorf("frame: CollectInto: %w", err)
			}
		}
	}
	sv.Set(out)
	return nil
}

// rowScanner stores the columns of record batches into struct fields.
type rowScanner struct {
	cols   []int // column of each field
	fields []goField
	scans  []scanFn
}

func newRowScanner(t reflect.Type, gfs []goField, schema *arrow.Schema) (*rowScanner, error) {
	sc := &rowScanner{}
	names := make([]string, schema.NumFields())
	for i, f := range schema.Fields() {
		names[i] = f.Name
	}
	for _, gf := range gfs {
		col, err := findColumn(names, gf.name)
		if err != nil {
			return nil, fmt.Errorf("field %s of %s: %w", gf.path, t, err)
		}
		f := schema.Field(col)
		fn, err := compileScan(f.Type, gf.typ, fmt.Sprintf("column %q (%s) into field %s (%s)", f.Name, sparkTypeName(f.Type), gf.path, gf.typ))
		if err != nil {
			return nil, err
		}
		sc.cols = append(sc.cols, col)
		sc.fields = append(sc.fields, gf)
		sc.scans = append(sc.scans, fn)
	}
	return sc, nil
}

// findColumn finds the column of a name: exact, else the only
// case-insensitive match.
func findColumn(names []string, name string) (int, error) {
	for i, n := range names {
		if n == name {
			return i, nil
		}
	}
	found := -1
	for i, n := range names {
		if strings.EqualFold(n, name) {
			if found >= 0 {
				return 0, fmt.Errorf("columns %q and %q both match %q; tag the field with the exact name", names[found], n, name)
			}
			found = i
		}
	}
	if found < 0 {
		return 0, fmt.Errorf("no column %q among %s; tag the field `spark:\"column\"` or `spark:\"-\"`", name, quoteAll(names))
	}
	return found, nil
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return "[" + strings.Join(q, " ") + "]"
}

func (sc *rowScanner) scan(rec arrow.RecordBatch, i int, dst reflect.Value) error {
	for k, fn := range sc.scans {
		fv := dst
		if idx := sc.fields[k].index; len(idx) == 1 {
			fv = dst.Field(idx[0])
		} else {
			for _, x := range idx {
				if fv.Kind() == reflect.Pointer {
					if fv.IsNil() {
						fv.Set(reflect.New(fv.Type().Elem()))
					}
					fv = fv.Elem()
				}
				fv = fv.Field(x)
			}
		}
		if err := fn(rec.Column(sc.cols[k]), i, fv); err != nil {
			return err
		}
	}
	return nil
}

// scanFn stores element i of an Arrow array into dst (settable).
type scanFn func(arr arrow.Array, i int, dst reflect.Value) error

var scannerType = reflect.TypeFor[sql.Scanner]()

// compileScan returns the function storing values of Arrow type dt into Go
// values of type t; what names the column and the field for messages.
func compileScan(dt arrow.DataType, t reflect.Type, what string) (scanFn, error) {
	mismatch := func() (scanFn, error) {
		return nil, fmt.Errorf("%s: a %s column cannot fill a Go %s", what, sparkTypeName(dt), t)
	}
	switch {
	case t.Kind() == reflect.Pointer && !reflect.PointerTo(t).Implements(scannerType) && t != reflect.TypeFor[*big.Rat]():
		inner, err := compileScan(dt, t.Elem(), what)
		if err != nil {
			return nil, err
		}
		return func(arr arrow.Array, i int, dst reflect.Value) error {
			if arr.IsNull(i) {
				dst.SetZero()
				return nil
			}
			p := reflect.New(t.Elem())
			if err := inner(arr, i, p.Elem()); err != nil {
				return err
			}
			dst.Set(p)
			return nil
		}, nil
	case t.Kind() == reflect.Interface && t.NumMethod() == 0:
		return func(arr arrow.Array, i int, dst reflect.Value) error {
			if v := Value(arr, i); v != nil {
				dst.Set(reflect.ValueOf(v))
			} else {
				dst.SetZero()
			}
			return nil
		}, nil
	case reflect.PointerTo(t).Implements(scannerType) && !isSpecial(t):
		if _, ok := dt.(*arrow.NullType); !ok {
			if _, err := driverValueOf(dt); err != nil {
				return nil, fmt.Errorf("%s: %w", what, err)
			}
		}
		return func(arr arrow.Array, i int, dst reflect.Value) error {
			var v any
			if !arr.IsNull(i) {
				v = driverValue(arr, i)
			}
			p := reflect.New(t)
			if err := p.Interface().(sql.Scanner).Scan(v); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			dst.Set(p.Elem())
			return nil
		}, nil
	}
	nilable := t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Pointer
	guard := func(fn scanFn) (scanFn, error) {
		return func(arr arrow.Array, i int, dst reflect.Value) error {
			if arr.IsNull(i) {
				if nilable {
					dst.SetZero()
					return nil
				}
				return fmt.Errorf("%s: NULL cannot be stored in a Go %s; use a pointer or a sql.Null type", what, t)
			}
			return fn(arr, i, dst)
		}, nil
	}
	switch dt.(type) {
	case *arrow.NullType:
		if nilable {
			return func(_ arrow.Array, _ int, dst reflect.Value) error { dst.SetZero(); return nil }, nil
		}
		return guard(nil)
	case *arrow.Int8Type, *arrow.Int16Type, *arrow.Int32Type, *arrow.Int64Type:
		get := intGetter(dt)
		if t == durationType {
			return mismatch()
		}
		switch t.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			bits := t.Bits()
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				x := get(arr, i)
				if dst.OverflowInt(x) {
					return fmt.Errorf("%s: value %d does not fit an int%d", what, x, bits)
				}
				dst.SetInt(x)
				return nil
			})
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				x := get(arr, i)
				if x < 0 || dst.OverflowUint(uint64(x)) {
					return fmt.Errorf("%s: value %d does not fit a %s", what, x, t)
				}
				dst.SetUint(uint64(x))
				return nil
			})
		case reflect.Float32, reflect.Float64:
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				x := get(arr, i)
				f := float64(x)
				if t.Kind() == reflect.Float32 {
					f = float64(float32(x))
				}
				if f >= math.MaxInt64 || int64(f) != x {
					return fmt.Errorf("%s: value %d is not exact as a %s", what, x, t)
				}
				dst.SetFloat(f)
				return nil
			})
		}
	case *arrow.Float32Type, *arrow.Float64Type:
		if t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64 {
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				switch a := arr.(type) {
				case *array.Float32:
					dst.SetFloat(float64(a.Value(i)))
				case *array.Float64:
					dst.SetFloat(a.Value(i))
				}
				return nil
			})
		}
	case *arrow.BooleanType:
		if t.Kind() == reflect.Bool {
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				dst.SetBool(arr.(*array.Boolean).Value(i))
				return nil
			})
		}
	case *arrow.StringType, *arrow.LargeStringType, *arrow.BinaryType, *arrow.LargeBinaryType:
		get := func(arr arrow.Array, i int) string {
			switch a := arr.(type) {
			case *array.String:
				return strings.Clone(a.Value(i))
			case *array.LargeString:
				return strings.Clone(a.Value(i))
			case *array.Binary:
				return string(a.Value(i))
			case *array.LargeBinary:
				return string(a.Value(i))
			}
			return ""
		}
		switch {
		case t.Kind() == reflect.String:
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error { dst.SetString(get(arr, i)); return nil })
		case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				dst.SetBytes([]byte(get(arr, i)))
				return nil
			})
		}
	case *arrow.Decimal128Type, *arrow.Decimal256Type:
		return scanDecimal(dt, t, what, guard, mismatch)
	case *arrow.Date32Type, *arrow.Date64Type:
		switch t {
		case dateType:
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				dst.Set(reflect.ValueOf(DateOf(Value(arr, i).(time.Time))))
				return nil
			})
		case timeType:
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				dst.Set(reflect.ValueOf(Value(arr, i)))
				return nil
			})
		}
		if t.Kind() == reflect.String {
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				dst.SetString(DateOf(Value(arr, i).(time.Time)).String())
				return nil
			})
		}
	case *arrow.TimestampType:
		if t == timeType {
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				dst.Set(reflect.ValueOf(Value(arr, i)))
				return nil
			})
		}
	case *arrow.DurationType:
		if t == durationType {
			unit := dt.(*arrow.DurationType).Unit
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				d, err := sparktime.Duration(int64(arr.(*array.Duration).Value(i)), unit)
				if err != nil {
					return fmt.Errorf("%s: %w", what, err)
				}
				dst.SetInt(int64(d))
				return nil
			})
		}
	case *arrow.MonthIntervalType:
		switch t.Kind() {
		case reflect.Int, reflect.Int32, reflect.Int64:
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				dst.SetInt(int64(arr.(*array.MonthInterval).Value(i)))
				return nil
			})
		}
	case *arrow.ListType, *arrow.LargeListType, *arrow.FixedSizeListType:
		if t.Kind() != reflect.Slice {
			break
		}
		elem, err := compileScan(dt.(arrow.ListLikeType).Elem(), t.Elem(), what+" element")
		if err != nil {
			return nil, err
		}
		return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
			a := arr.(array.ListLike)
			start, end := a.ValueOffsets(i)
			vals := listValues(a)
			out := reflect.MakeSlice(t, int(end-start), int(end-start))
			for j := start; j < end; j++ {
				if err := elem(vals, int(j), out.Index(int(j-start))); err != nil {
					return err
				}
			}
			dst.Set(out)
			return nil
		})
	case *arrow.MapType:
		if t.Kind() != reflect.Map {
			break
		}
		mt := dt.(*arrow.MapType)
		kfn, err := compileScan(mt.KeyType(), t.Key(), what+" key")
		if err != nil {
			return nil, err
		}
		vfn, err := compileScan(mt.ItemType(), t.Elem(), what+" value")
		if err != nil {
			return nil, err
		}
		return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
			a := arr.(*array.Map)
			start, end := a.ValueOffsets(i)
			out := reflect.MakeMapWithSize(t, int(end-start))
			k, v := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
			for j := start; j < end; j++ {
				k.SetZero()
				v.SetZero()
				if err := kfn(a.Keys(), int(j), k); err != nil {
					return err
				}
				if err := vfn(a.Items(), int(j), v); err != nil {
					return err
				}
				out.SetMapIndex(k, v)
			}
			dst.Set(out)
			return nil
		})
	case *arrow.StructType:
		st := dt.(*arrow.StructType)
		switch {
		case t.Kind() == reflect.Struct && !isSpecial(t):
			gfs, err := structFields(t)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", what, err)
			}
			names := make([]string, st.NumFields())
			for i, f := range st.Fields() {
				names[i] = f.Name
			}
			cols := make([]int, len(gfs))
			fns := make([]scanFn, len(gfs))
			for k, gf := range gfs {
				if cols[k], err = findColumn(names, gf.name); err != nil {
					return nil, fmt.Errorf("%s: field %s: %w", what, gf.path, err)
				}
				if fns[k], err = compileScan(st.Field(cols[k]).Type, gf.typ, what+"."+gf.path); err != nil {
					return nil, err
				}
			}
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				a := arr.(*array.Struct)
				for k, gf := range gfs {
					fv := dst
					for _, x := range gf.index {
						if fv.Kind() == reflect.Pointer {
							if fv.IsNil() {
								fv.Set(reflect.New(fv.Type().Elem()))
							}
							fv = fv.Elem()
						}
						fv = fv.Field(x)
					}
					if err := fns[k](a.Field(cols[k]), i, fv); err != nil {
						return err
					}
				}
				return nil
			})
		case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
			fns := make([]scanFn, st.NumFields())
			for k, f := range st.Fields() {
				var err error
				if fns[k], err = compileScan(f.Type, t.Elem(), what+"."+f.Name); err != nil {
					return nil, err
				}
			}
			return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
				a := arr.(*array.Struct)
				out := reflect.MakeMapWithSize(t, st.NumFields())
				v := reflect.New(t.Elem()).Elem()
				for k, f := range st.Fields() {
					v.SetZero()
					if err := fns[k](a.Field(k), i, v); err != nil {
						return err
					}
					out.SetMapIndex(reflect.ValueOf(f.Name).Convert(t.Key()), v)
				}
				dst.Set(out)
				return nil
			})
		}
	}
	return mismatch()
}

func listValues(a array.ListLike) arrow.Array {
	switch l := a.(type) {
	case *array.List:
		return l.ListValues()
	case *array.LargeList:
		return l.ListValues()
	case *array.FixedSizeList:
		return l.ListValues()
	}
	return nil
}

// intGetter reads integers of any width as int64.
func intGetter(dt arrow.DataType) func(arr arrow.Array, i int) int64 {
	switch dt.(type) {
	case *arrow.Int8Type:
		return func(arr arrow.Array, i int) int64 { return int64(arr.(*array.Int8).Value(i)) }
	case *arrow.Int16Type:
		return func(arr arrow.Array, i int) int64 { return int64(arr.(*array.Int16).Value(i)) }
	case *arrow.Int32Type:
		return func(arr arrow.Array, i int) int64 { return int64(arr.(*array.Int32).Value(i)) }
	}
	return func(arr arrow.Array, i int) int64 { return arr.(*array.Int64).Value(i) }
}

func scanDecimal(dt arrow.DataType, t reflect.Type, what string, guard func(scanFn) (scanFn, error), mismatch func() (scanFn, error)) (scanFn, error) {
	get := func(arr arrow.Array, i int) Decimal { return Value(arr, i).(Decimal) }
	switch {
	case t == decimalType:
		return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
			dst.Set(reflect.ValueOf(get(arr, i)))
			return nil
		})
	case t == reflect.TypeFor[*big.Rat]():
		return func(arr arrow.Array, i int, dst reflect.Value) error {
			if arr.IsNull(i) {
				dst.SetZero()
				return nil
			}
			dst.Set(reflect.ValueOf(get(arr, i).Rat()))
			return nil
		}, nil
	case t == bigRatType:
		return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
			dst.Addr().Interface().(*big.Rat).Set(get(arr, i).Rat())
			return nil
		})
	case t.Kind() == reflect.String:
		return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
			dst.SetString(get(arr, i).String())
			return nil
		})
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
			f, _ := get(arr, i).Rat().Float64()
			dst.SetFloat(f)
			return nil
		})
	case t == durationType:
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
			d := get(arr, i)
			u, err := rescale(d, 0)
			if err != nil || !u.IsInt64() || dst.OverflowInt(u.Int64()) {
				return fmt.Errorf("%s: value %s is not a whole number that fits a %s", what, d, t)
			}
			dst.SetInt(u.Int64())
			return nil
		})
	case t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64:
		return guard(func(arr arrow.Array, i int, dst reflect.Value) error {
			d := get(arr, i)
			u, err := rescale(d, 0)
			if err != nil || u.Sign() < 0 || !u.IsUint64() || dst.OverflowUint(u.Uint64()) {
				return fmt.Errorf("%s: value %s is not a whole number that fits a %s", what, d, t)
			}
			dst.SetUint(u.Uint64())
			return nil
		})
	}
	return mismatch()
}

// driverValueOf checks that a column can feed a sql.Scanner.
func driverValueOf(dt arrow.DataType) (string, error) {
	switch dt.(type) {
	case *arrow.ListType, *arrow.MapType, *arrow.StructType, *arrow.LargeListType:
		return "", fmt.Errorf("a %s column cannot feed a sql.Scanner", sparkTypeName(dt))
	}
	return "", nil
}

// driverValue converts element i of a scalar column to a database/sql
// driver value: int64, float64, bool, []byte, string or time.Time;
// decimals become their exact text, intervals their Go value.
func driverValue(arr arrow.Array, i int) any {
	switch v := Value(arr, i).(type) {
	case int8:
		return int64(v)
	case int16:
		return int64(v)
	case int32:
		return int64(v)
	case float32:
		return float64(v)
	case Decimal:
		return v.String()
	case time.Duration:
		return int64(v)
	default:
		return v
	}
}
