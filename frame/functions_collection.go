package frame

import "fmt"

// Array, map and struct functions, generators, and the aggregate and
// window functions not in functions.go.

// ---- Arrays, maps and structs ----

// Array builds an array from columns of the same type.
func Array(cols ...any) Column { return fnCols("array", cols) }

// ArrayContains is true where the array col contains v (a value or a Column).
func ArrayContains(col any, v any) Column { return fnArgs("array_contains", col, v) }

// Size is the number of elements of an array or entries of a map (-1 for
// NULL, as Spark's default legacy setting has it).
func Size(col any) Column { return fn("size", col) }

// ElementAt is the element at a 1-based index of an array (negative counts
// from the end), or the value of a key of a map.
func ElementAt(col any, indexOrKey any) Column {
	c, err := column("element_at", col)
	if err != nil {
		return Column{err: err}
	}
	return call("element_at", false, c, intValue(indexOrKey))
}

// SortArray sorts an array ascending (NULLs first) or descending (NULLs last).
func SortArray(col any, asc bool) Column { return fnArgs("sort_array", col, asc) }

// ArrayDistinct removes duplicate elements.
func ArrayDistinct(col any) Column { return fn("array_distinct", col) }

// ArrayPosition is the 1-based position of the first v in the array (0 if absent).
func ArrayPosition(col any, v any) Column { return fnArgs("array_position", col, v) }

// ArrayRemove removes every element equal to v.
func ArrayRemove(col any, v any) Column { return fnArgs("array_remove", col, v) }

// ArrayJoin joins the elements of a string array with delimiter, skipping NULLs.
func ArrayJoin(col any, delimiter string) Column { return fnArgs("array_join", col, delimiter) }

// ArrayMax is the largest element of an array.
func ArrayMax(col any) Column { return fn("array_max", col) }

// ArrayMin is the smallest element of an array.
func ArrayMin(col any) Column { return fn("array_min", col) }

// ArrayUnion is the distinct elements of either array.
func ArrayUnion(a, b any) Column { return twoCols("array_union", a, b) }

// ArrayIntersect is the distinct elements of both arrays.
func ArrayIntersect(a, b any) Column { return twoCols("array_intersect", a, b) }

// ArrayExcept is the distinct elements of a not in b.
func ArrayExcept(a, b any) Column { return twoCols("array_except", a, b) }

// ArraysZip merges arrays into an array of structs, element by element.
func ArraysZip(cols ...any) Column { return fnCols("arrays_zip", cols) }

// Slice is length elements of an array from a 1-based start (negative
// counts from the end).
func Slice(col any, start, length int) Column {
	return fnArgs("slice", col, int32(start), int32(length))
}

// Flatten turns an array of arrays into one array.
func Flatten(col any) Column { return fn("flatten", col) }

// Sequence is the array of integers (or dates, timestamps) from start to
// stop inclusive; step is a value or Column (nil means 1 or -1).
func Sequence(start, stop any, step any) Column {
	cs, err := columns("sequence", []any{start, stop})
	if err != nil {
		return Column{err: err}
	}
	if step != nil {
		cs = append(cs, intValue(step))
	}
	return call("sequence", false, cs...)
}

// MapKeys is the array of a map's keys.
func MapKeys(col any) Column { return fn("map_keys", col) }

// MapValues is the array of a map's values.
func MapValues(col any) Column { return fn("map_values", col) }

// MapEntries is the array of a map's entries as structs of key and value.
func MapEntries(col any) Column { return fn("map_entries", col) }

// MapFromArrays builds a map from an array of keys and an array of values.
func MapFromArrays(keys, values any) Column { return twoCols("map_from_arrays", keys, values) }

// CreateMap builds a map from key, value, key, value… columns; use Lit for
// constant keys: CreateMap(Lit("mpg"), "mpg", Lit("hp"), "hp").
func CreateMap(keysAndValues ...any) Column {
	if len(keysAndValues)%2 != 0 {
		return Column{err: fmt.Errorf("frame: CreateMap needs key, value pairs; got %d arguments", len(keysAndValues))}
	}
	return fnCols("map", keysAndValues)
}

// Struct builds a struct from columns; fields take the columns' names.
func Struct(cols ...any) Column { return fnCols("struct", cols) }

// NamedStruct builds a struct from name, column pairs:
// NamedStruct("x", "mpg", "y", Col("hp").Times(2)).
func NamedStruct(namesAndCols ...any) Column {
	if len(namesAndCols)%2 != 0 {
		return Column{err: fmt.Errorf("frame: NamedStruct needs name, column pairs; got %d arguments", len(namesAndCols))}
	}
	args := make([]Column, 0, len(namesAndCols))
	for i := 0; i < len(namesAndCols); i += 2 {
		name, ok := namesAndCols[i].(string)
		if !ok {
			return Column{err: fmt.Errorf("frame: NamedStruct argument %d: got a %T, want a field name", i+1, namesAndCols[i])}
		}
		c, err := column(fmt.Sprintf("NamedStruct field %q", name), namesAndCols[i+1])
		if err != nil {
			return Column{err: err}
		}
		args = append(args, Lit(name), c)
	}
	return call("named_struct", false, args...)
}

// ---- Generators ----

// PosExplode turns each element of an array into a row with its 0-based
// position (columns pos and col), or each map entry into pos, key and value.
func PosExplode(col any) Column { return fn("posexplode", col) }

// PosExplodeOuter is PosExplode keeping rows whose array is empty or NULL.
func PosExplodeOuter(col any) Column { return fn("posexplode_outer", col) }

// Inline turns each struct of an array of structs into a row, one column
// per field.
func Inline(col any) Column { return fn("inline", col) }

// InlineOuter is Inline keeping rows whose array is empty or NULL.
func InlineOuter(col any) Column { return fn("inline_outer", col) }

// ---- Aggregates ----

// ApproxCountDistinct estimates the number of distinct values of col with
// HyperLogLog++, to a relative standard deviation rsd (0 means Spark's 0.05).
func ApproxCountDistinct(col any, rsd float64) Column {
	if rsd == 0 {
		return fn("approx_count_distinct", col)
	}
	return fnArgs("approx_count_distinct", col, rsd)
}

// CountIf counts the rows where a boolean column or SQL condition holds.
func CountIf(condition any) Column {
	if s, ok := condition.(string); ok {
		return call("count_if", false, Expr(s))
	}
	return fn("count_if", condition)
}

// BoolAnd is true when the boolean col is true in every row (every).
func BoolAnd(col any) Column { return fn("bool_and", col) }

// BoolOr is true when the boolean col is true in some row (any).
func BoolOr(col any) Column { return fn("bool_or", col) }

// Skewness is the sample skewness of col.
func Skewness(col any) Column { return fn("skewness", col) }

// Kurtosis is the excess kurtosis of col.
func Kurtosis(col any) Column { return fn("kurtosis", col) }

// Median is the exact median of a numeric col (interpolated).
func Median(col any) Column { return fn("median", col) }

// Percentile is the exact percentile p (0..1) of a numeric col, interpolated.
func Percentile(col any, p float64) Column { return fnArgs("percentile", col, p) }

// Mode is the most frequent value of col (any of the most frequent on ties).
func Mode(col any) Column { return fn("mode", col) }

// AnyValue is some value of col in each group.
func AnyValue(col any) Column { return fn("any_value", col) }

// MaxBy is the value of col in the row where ord is largest.
func MaxBy(col, ord any) Column { return twoCols("max_by", col, ord) }

// MinBy is the value of col in the row where ord is smallest.
func MinBy(col, ord any) Column { return twoCols("min_by", col, ord) }

// SumDistinct adds up the distinct values of col.
func SumDistinct(col any) Column {
	c, err := column("sum", col)
	if err != nil {
		return Column{err: err}
	}
	return call("sum", true, c)
}

// ---- Window functions ----

// NthValue is the value of col at the n-th (1-based) row of the window
// frame, skipping NULLs if ignoreNulls. First and Last, with Over, are
// first_value and last_value.
func NthValue(col any, n int, ignoreNulls bool) Column {
	return fnArgs("nth_value", col, int32(n), ignoreNulls)
}
