package sparksql

import (
	"database/sql"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// maxDecimalDigits is the largest precision of Spark's DECIMAL type.
const maxDecimalDigits = 38

// Decimal is an exact value of Spark's DECIMAL type, held as its text in
// plain notation with exactly scale digits after the point, such as
// "-12.340" for a DECIMAL(5,3). DECIMAL columns scan as Decimal, and,
// being text, database/sql also scans them without loss into a *string or
// sql.NullString; scanning into a *float64 rounds, as any conversion to
// float does. Rat gives the exact number.
//
// Two Decimals are == when their texts are, so "1.0" (scale 1) and "1"
// (scale 0) differ; compare Rat values to compare numbers. The zero value
// "" stands for 0.
type Decimal string

var (
	_ sql.Scanner  = (*Decimal)(nil)
	_ fmt.Stringer = Decimal("")
)

// ParseDecimal checks plain decimal notation, such as "-12.340", and
// returns it normalized (no "+" sign, no leading zeros, "0.5" for ".5"),
// keeping every digit: the scale is the number of digits after the point.
// At most 38 significant digits are allowed; exponents are not.
func ParseDecimal(s string) (Decimal, error) {
	bad := func(why string) (Decimal, error) {
		return "", fmt.Errorf("sparksql: cannot parse %q as a decimal: %s", s, why)
	}
	t := s
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg = t[0] == '-'
		t = t[1:]
	}
	intPart, frac, point := strings.Cut(t, ".")
	if intPart == "" && frac == "" {
		return bad("no digits")
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return bad(fmt.Sprintf("unexpected %q", part[i]))
			}
		}
	}
	if digits := strings.TrimLeft(intPart+frac, "0"); len(digits) > maxDecimalDigits {
		return bad(fmt.Sprintf("more than %d significant digits", maxDecimalDigits))
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	out := intPart
	if point && frac != "" {
		out += "." + frac
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return Decimal(out), nil
}

// MustParseDecimal is ParseDecimal for constants: it panics on error.
func MustParseDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// String returns the text of d ("0" for the zero value).
func (d Decimal) String() string {
	if d == "" {
		return "0"
	}
	return string(d)
}

// Scale returns the number of digits after the decimal point.
func (d Decimal) Scale() int {
	_, frac, _ := strings.Cut(string(d), ".")
	return len(frac)
}

// Rat returns the exact value of d as a new big.Rat, and false if d is not
// decimal text (possible only for a Decimal not made by this package).
func (d Decimal) Rat() (*big.Rat, bool) {
	return new(big.Rat).SetString(d.String())
}

// Unscaled returns the integer that d is 10^Scale times, and false if d is
// not decimal text.
func (d Decimal) Unscaled() (*big.Int, bool) {
	return new(big.Int).SetString(strings.Replace(d.String(), ".", "", 1), 10)
}

// Scan implements sql.Scanner: it accepts a Decimal (a DECIMAL column),
// integers, and decimal text (string or []byte), which it checks with
// ParseDecimal. Floats are refused, as they would not convert exactly, and
// so is NULL (scan nullable columns into sql.Null[Decimal]).
func (d *Decimal) Scan(src any) error {
	switch x := src.(type) {
	case Decimal:
		*d = x
		return nil
	case string:
		v, err := ParseDecimal(x)
		if err == nil {
			*d = v
		}
		return err
	case []byte:
		return d.Scan(string(x))
	case int64:
		*d = Decimal(strconv.FormatInt(x, 10))
		return nil
	case int32:
		return d.Scan(int64(x))
	case int16:
		return d.Scan(int64(x))
	case int8:
		return d.Scan(int64(x))
	case nil:
		return fmt.Errorf("sparksql: cannot scan NULL into a Decimal (use sql.Null[sparksql.Decimal])")
	case float32, float64:
		return fmt.Errorf("sparksql: cannot scan a %T into a Decimal exactly; CAST the column to DECIMAL in SQL", src)
	}
	return fmt.Errorf("sparksql: cannot scan a %T into a Decimal", src)
}

// formatDecimal renders an Arrow decimal128 value with the given scale.
func formatDecimal(n decimal128.Num, scale int32) Decimal {
	var s string
	hi, lo := n.HighBits(), n.LowBits()
	if (hi == 0 && lo>>63 == 0) || (hi == -1 && lo>>63 == 1) {
		s = strconv.FormatInt(int64(lo), 10) // fits an int64: the fast path
	} else {
		s = n.BigInt().String()
	}
	if scale <= 0 {
		if scale < 0 && s != "0" {
			s += strings.Repeat("0", int(-scale))
		}
		return Decimal(s)
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	if k := int(scale); len(s) <= k {
		s = strings.Repeat("0", k-len(s)+1) + s
	}
	k := len(s) - int(scale)
	s = s[:k] + "." + s[k:]
	if neg {
		s = "-" + s
	}
	return Decimal(s)
}
