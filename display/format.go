package display

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// maxNestedItems is how many elements of an array, map or struct value are
// shown before the rest is summarised as "… +N".
const maxNestedItems = 10

// binaryPreview is how many bytes of a binary value are shown in hex.
const binaryPreview = 8

// colFormatter formats the values of one column with settings shared by its
// shown rows: the number of decimals of floats, the sub-second digits of
// timestamps, the time zone.
type colFormatter struct {
	arr      arrow.Array
	decimals int            // floats: digits after the point
	frac     int            // timestamps: 0, 3, 6 or 9 sub-second digits
	loc      *time.Location // timestamps with a zone
	unit     arrow.TimeUnit
}

// newColFormatter prepares arr for formatting rows [0, n). zone, when
// not "", overrides the zone of timestamp types that have one.
func newColFormatter(arr arrow.Array, n int, zone *time.Location) *colFormatter {
	f := &colFormatter{arr: arr}
	switch a := arr.(type) {
	case *array.Float64:
		for i := 0; i < n; i++ {
			if !isNull(a, i) {
				f.decimals = max(f.decimals, floatDecimals(a.Value(i)))
			}
		}
	case *array.Float32:
		for i := 0; i < n; i++ {
			if !isNull(a, i) {
				f.decimals = max(f.decimals, floatDecimals(float64(a.Value(i))))
			}
		}
	case *array.Timestamp:
		tt := a.DataType().(*arrow.TimestampType)
		f.unit = tt.Unit
		f.loc = time.UTC
		if tt.TimeZone != "" {
			if zone != nil {
				f.loc = zone
			} else if loc, err := tt.GetZone(); err == nil {
				f.loc = loc
			}
		}
		for i := 0; i < n; i++ {
			if !isNull(a, i) {
				f.frac = max(f.frac, fracDigits(a.Value(i).ToTime(tt.Unit).Nanosecond()))
			}
		}
	}
	return f
}

// floatDecimals returns how many decimals v needs, at most 6; 0 for values
// shown in scientific notation or not finite.
func floatDecimals(v float64) int {
	if useSci(v) || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	var buf [64]byte
	s := strconv.AppendFloat(buf[:0], v, 'f', 6, 64)
	n := 6
	for n > 0 && s[len(s)-7+n] == '0' {
		n--
	}
	return n
}

func useSci(v float64) bool {
	a := math.Abs(v)
	return a != 0 && (a >= 1e15 || a < 1e-4) && !math.IsInf(v, 0)
}

func fracDigits(ns int) int {
	switch {
	case ns == 0:
		return 0
	case ns%1e6 == 0:
		return 3
	case ns%1e3 == 0:
		return 6
	}
	return 9
}

// formatFloat formats v with dec decimals, or in scientific notation with
// up to 6 significant digits when it is very large or very small.
func formatFloat(v float64, dec int) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case useSci(v):
		s := strconv.FormatFloat(v, 'e', 5, 64)
		m, e, _ := strings.Cut(s, "e")
		if strings.Contains(m, ".") {
			m = strings.TrimRight(strings.TrimRight(m, "0"), ".")
		}
		return m + "e" + e
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// shortFloat formats v compactly (nested values, model cards): shortest
// round-trip form, capped at 6 significant decimals.
func shortFloat(v float64) string {
	return formatFloat(v, floatDecimals(v))
}

// timeLayout returns the layout of timestamps with frac sub-second digits.
func timeLayout(frac int) string {
	switch frac {
	case 3:
		return "2006-01-02 15:04:05.000"
	case 6:
		return "2006-01-02 15:04:05.000000"
	case 9:
		return "2006-01-02 15:04:05.000000000"
	}
	return "2006-01-02 15:04:05"
}

// value formats row i, which must not be null.
func (f *colFormatter) value(i int) string {
	switch a := f.arr.(type) {
	case *array.Float64:
		return formatFloat(a.Value(i), f.decimals)
	case *array.Float32:
		return formatFloat(float64(a.Value(i)), f.decimals)
	case *array.String:
		return visible(a.Value(i))
	case *array.LargeString:
		return visible(a.Value(i))
	case *array.Timestamp:
		return a.Value(i).ToTime(f.unit).In(f.loc).Format(timeLayout(f.frac))
	}
	return scalarString(f.arr, i, false)
}

// scalarString formats row i of arr (not null). nested is true inside an
// array, map or struct, where strings are quoted.
func scalarString(arr arrow.Array, i int, nested bool) string {
	switch a := arr.(type) {
	case *array.Int8:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int16:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int32:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int64:
		return strconv.FormatInt(a.Value(i), 10)
	case *array.Uint8:
		return strconv.FormatUint(uint64(a.Value(i)), 10)
	case *array.Uint16:
		return strconv.FormatUint(uint64(a.Value(i)), 10)
	case *array.Uint32:
		return strconv.FormatUint(uint64(a.Value(i)), 10)
	case *array.Uint64:
		return strconv.FormatUint(a.Value(i), 10)
	case *array.Float64:
		return shortFloat(a.Value(i))
	case *array.Float32:
		return shortFloat(float64(a.Value(i)))
	case *array.Decimal128:
		return a.Value(i).ToString(a.DataType().(arrow.DecimalType).GetScale())
	case *array.Decimal256:
		return a.Value(i).ToString(a.DataType().(arrow.DecimalType).GetScale())
	case *array.Decimal32:
		return scaled(int64(a.Value(i)), a.DataType().(arrow.DecimalType).GetScale())
	case *array.Decimal64:
		return scaled(int64(a.Value(i)), a.DataType().(arrow.DecimalType).GetScale())
	case *array.Boolean:
		if a.Value(i) {
			return "true"
		}
		return "false"
	case *array.String:
		if nested {
			return strconv.Quote(a.Value(i))
		}
		return visible(a.Value(i))
	case *array.LargeString:
		if nested {
			return strconv.Quote(a.Value(i))
		}
		return visible(a.Value(i))
	case *array.StringView:
		if nested {
			return strconv.Quote(a.Value(i))
		}
		return visible(a.Value(i))
	case *array.Binary:
		return hexPreview(a.Value(i))
	case *array.LargeBinary:
		return hexPreview(a.Value(i))
	case *array.BinaryView:
		return hexPreview(a.Value(i))
	case *array.FixedSizeBinary:
		return hexPreview(a.Value(i))
	case *array.Date32:
		return a.Value(i).ToTime().Format("2006-01-02")
	case *array.Date64:
		return a.Value(i).ToTime().Format("2006-01-02")
	case *array.Timestamp:
		tt := a.DataType().(*arrow.TimestampType)
		t := a.Value(i).ToTime(tt.Unit)
		if tt.TimeZone != "" {
			if loc, err := tt.GetZone(); err == nil {
				t = t.In(loc)
			}
		}
		return t.Format(timeLayout(fracDigits(t.Nanosecond())))
	case *array.MonthInterval:
		return formatMonths(int64(a.Value(i)))
	case *array.Duration:
		return formatDuration(int64(a.Value(i)), a.DataType().(*arrow.DurationType).Unit)
	case *array.Map:
		return mapString(a, i)
	case array.ListLike:
		return listString(a, i)
	case *array.Struct:
		return structString(a, i)
	case *array.Dictionary:
		return valueOrNull(a.Dictionary(), a.GetValueIndex(i), nested)
	case array.ExtensionArray:
		return valueOrNull(a.Storage(), i, nested)
	}
	return arr.ValueStr(i)
}

// isNull reports whether row i of arr is null; every row of a null-typed
// array is, whatever its validity bitmap says.
func isNull(arr arrow.Array, i int) bool {
	return arr.IsNull(i) || arr.DataType().ID() == arrow.NULL
}

func valueOrNull(arr arrow.Array, i int, nested bool) string {
	if isNull(arr, i) {
		return "NULL"
	}
	return scalarString(arr, i, nested)
}

func scaled(v int64, scale int32) string {
	neg := v < 0
	s := strconv.FormatUint(uint64(v), 10)
	if neg {
		s = strconv.FormatUint(uint64(-v), 10)
	}
	if scale > 0 {
		for len(s) <= int(scale) {
			s = "0" + s
		}
		s = s[:len(s)-int(scale)] + "." + s[len(s)-int(scale):]
	}
	if neg {
		s = "-" + s
	}
	return s
}

func hexPreview(b []byte) string {
	if len(b) <= binaryPreview {
		return "0x" + hex.EncodeToString(b)
	}
	return "0x" + hex.EncodeToString(b[:binaryPreview]) + "… (" + commas(int64(len(b))) + " B)"
}

// formatMonths formats a year-month interval as "1y 2mo".
func formatMonths(m int64) string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	y, mo := m/12, m%12
	switch {
	case y == 0:
		return sign + strconv.FormatInt(mo, 10) + "mo"
	case mo == 0:
		return sign + strconv.FormatInt(y, 10) + "y"
	}
	return sign + strconv.FormatInt(y, 10) + "y " + strconv.FormatInt(mo, 10) + "mo"
}

// formatDuration formats a day-time interval as "1d 02:03:04.5".
func formatDuration(v int64, unit arrow.TimeUnit) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	per := int64(unit.Multiplier()) // nanoseconds per unit
	perSec := int64(time.Second) / per
	secs, sub := v/perSec, v%perSec
	days := secs / 86400
	secs %= 86400
	var b strings.Builder
	b.WriteString(sign)
	if days > 0 {
		b.WriteString(strconv.FormatInt(days, 10))
		b.WriteString("d ")
	}
	two := func(n int64) {
		b.WriteByte(byte('0' + n/10))
		b.WriteByte(byte('0' + n%10))
	}
	two(secs / 3600)
	b.WriteByte(':')
	two(secs % 3600 / 60)
	b.WriteByte(':')
	two(secs % 60)
	if sub != 0 {
		ns := strconv.FormatInt(sub*per+1e9, 10)[1:] // 9 digits
		b.WriteByte('.')
		b.WriteString(strings.TrimRight(ns, "0"))
	}
	return b.String()
}

func listString(a array.ListLike, i int) string {
	start, end := a.ValueOffsets(i)
	vals := a.ListValues()
	var b strings.Builder
	b.WriteByte('[')
	for j := start; j < end; j++ {
		if j > start {
			b.WriteString(", ")
		}
		if j-start == maxNestedItems {
			b.WriteString("… +" + strconv.FormatInt(end-j, 10))
			break
		}
		b.WriteString(valueOrNull(vals, int(j), true))
	}
	b.WriteByte(']')
	return b.String()
}

func mapString(a *array.Map, i int) string {
	start, end := a.ValueOffsets(i)
	keys, items := a.Keys(), a.Items()
	var b strings.Builder
	b.WriteByte('{')
	for j := start; j < end; j++ {
		if j > start {
			b.WriteString(", ")
		}
		if j-start == maxNestedItems {
			b.WriteString("… +" + strconv.FormatInt(end-j, 10))
			break
		}
		b.WriteString(valueOrNull(keys, int(j), true))
		b.WriteString(" -> ")
		b.WriteString(valueOrNull(items, int(j), true))
	}
	b.WriteByte('}')
	return b.String()
}

func structString(a *array.Struct, i int) string {
	st := a.DataType().(*arrow.StructType)
	var b strings.Builder
	b.WriteByte('{')
	for j := 0; j < a.NumField(); j++ {
		if j > 0 {
			b.WriteString(", ")
		}
		if j == maxNestedItems {
			b.WriteString("… +" + strconv.Itoa(a.NumField()-j))
			break
		}
		b.WriteString(visible(st.Field(j).Name))
		b.WriteString(": ")
		b.WriteString(valueOrNull(a.Field(j), i, true))
	}
	b.WriteByte('}')
	return b.String()
}

// commas formats n with thousands separators: 1,234,567.
func commas(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := false
	if n < 0 {
		neg, s = true, s[1:]
	}
	if len(s) <= 3 {
		if neg {
			return "-" + s
		}
		return s
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	first := len(s) % 3
	if first > 0 {
		b.WriteString(s[:first])
	}
	for j := first; j < len(s); j += 3 {
		if j > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[j : j+3])
	}
	return b.String()
}
