package frame

// Math, string, regular expression, null handling, hash and miscellaneous
// functions. Arguments named col or cols accept column names or Columns;
// the other arguments are Go values (a Column is accepted wherever a value
// is, and used as is).

// fnCols applies a Spark function to columns given by name or as Columns.
func fnCols(name string, cols []any) Column {
	cs, err := columns(name, cols)
	if err != nil {
		return Column{err: err}
	}
	return call(name, false, cs...)
}

// fnValueFirst applies a Spark function whose first argument is a value
// and whose second is a column, followed by more values.
func fnValueFirst(name string, first any, col any, values ...any) Column {
	c, err := column(name, col)
	if err != nil {
		return Column{err: err}
	}
	args := []Column{value(first), c}
	for _, v := range values {
		args = append(args, value(v))
	}
	return call(name, false, args...)
}

// intValue is value, with Go ints sent as Spark INT rather than BIGINT,
// which is what positions, lengths and counts of Spark functions expect.
func intValue(v any) Column {
	if n, ok := v.(int); ok {
		return Lit(int32(n))
	}
	return value(v)
}

// ---- Math ----

// Exp is e raised to the power col.
func Exp(col any) Column { return fn("exp", col) }

// Expm1 is exp(col) - 1, precise for small col.
func Expm1(col any) Column { return fn("expm1", col) }

// Log is the natural logarithm of col (NULL for col <= 0).
func Log(col any) Column { return fn("ln", col) }

// LogBase is the logarithm of col in the given base.
func LogBase(base float64, col any) Column { return fnValueFirst("log", base, col) }

// Log10 is the base-10 logarithm of col.
func Log10(col any) Column { return fn("log10", col) }

// Log2 is the base-2 logarithm of col.
func Log2(col any) Column { return fn("log2", col) }

// Log1p is ln(1 + col), precise for small col.
func Log1p(col any) Column { return fn("log1p", col) }

// Pow is col raised to the power exponent (a value or a Column).
func Pow(col any, exponent any) Column { return fnArgs("power", col, exponent) }

// Cbrt is the cube root of col.
func Cbrt(col any) Column { return fn("cbrt", col) }

// Floor is the largest integer not greater than col.
func Floor(col any) Column { return fn("floor", col) }

// Ceil is the smallest integer not less than col.
func Ceil(col any) Column { return fn("ceil", col) }

// BRound rounds col to scale decimal places, half to even (banker's
// rounding): BRound(2.5, 0) is 2, where Round gives 3.
func BRound(col any, scale int) Column { return fnArgs("bround", col, int32(scale)) }

// Rint is the integer closest to col as a double, half to even.
func Rint(col any) Column { return fn("rint", col) }

// Sign is -1, 0 or 1 as col is negative, zero or positive (signum).
func Sign(col any) Column { return fn("signum", col) }

// Greatest is the largest value of the columns in each row, skipping NULLs.
func Greatest(cols ...any) Column { return fnCols("greatest", cols) }

// Least is the smallest value of the columns in each row, skipping NULLs.
func Least(cols ...any) Column { return fnCols("least", cols) }

// Rand is a uniformly distributed random double in [0, 1), reproducible
// for a seed (and a given partitioning of the data).
func Rand(seed int64) Column { return call("rand", false, Lit(seed)) }

// Randn is a standard normally distributed random double, reproducible for
// a seed (and a given partitioning of the data).
func Randn(seed int64) Column { return call("randn", false, Lit(seed)) }

// Pi is the constant π.
func Pi() Column { return call("pi", false) }

// E is Euler's number e.
func E() Column { return call("e", false) }

// Sin is the sine of col, in radians.
func Sin(col any) Column { return fn("sin", col) }

// Cos is the cosine of col, in radians.
func Cos(col any) Column { return fn("cos", col) }

// Tan is the tangent of col, in radians.
func Tan(col any) Column { return fn("tan", col) }

// Asin is the arc sine of col, in radians.
func Asin(col any) Column { return fn("asin", col) }

// Acos is the arc cosine of col, in radians.
func Acos(col any) Column { return fn("acos", col) }

// Atan is the arc tangent of col, in radians.
func Atan(col any) Column { return fn("atan", col) }

// Atan2 is the angle in radians of the point (x, y), both columns.
func Atan2(y, x any) Column { return twoCols("atan2", y, x) }

// Hypot is sqrt(a² + b²) of two columns.
func Hypot(a, b any) Column { return twoCols("hypot", a, b) }

// Degrees converts radians to degrees.
func Degrees(col any) Column { return fn("degrees", col) }

// Radians converts degrees to radians.
func Radians(col any) Column { return fn("radians", col) }

// Pmod is the positive remainder of col divided by divisor.
func Pmod(col any, divisor any) Column { return fnArgs("pmod", col, divisor) }

// Factorial is col! for col in 0..20 (NULL otherwise).
func Factorial(col any) Column { return fn("factorial", col) }

// Hex is the hexadecimal form of a number, string or binary column.
func Hex(col any) Column { return fn("hex", col) }

// Unhex decodes a hexadecimal string into binary.
func Unhex(col any) Column { return fn("unhex", col) }

// Bin is the binary form ("101") of an integer column.
func Bin(col any) Column { return fn("bin", col) }

// Conv converts a number written in base fromBase to base toBase, as strings.
func Conv(col any, fromBase, toBase int) Column {
	return fnArgs("conv", col, int32(fromBase), int32(toBase))
}

// ---- Strings ----

// Trim removes leading and trailing spaces.
func Trim(col any) Column { return fn("trim", col) }

// LTrim removes leading spaces.
func LTrim(col any) Column { return fn("ltrim", col) }

// RTrim removes trailing spaces.
func RTrim(col any) Column { return fn("rtrim", col) }

// BTrim removes the characters of chars from both ends of col.
func BTrim(col any, chars string) Column { return fnArgs("btrim", col, chars) }

// Substring is the part of col starting at pos (1-based; negative counts
// from the end) and length characters long.
func Substring(col any, pos, length int) Column {
	return fnArgs("substring", col, int32(pos), int32(length))
}

// SubstringIndex is the part of col before the count-th occurrence of delim
// (after the count-th from the end when count is negative).
func SubstringIndex(col any, delim string, count int) Column {
	return fnArgs("substring_index", col, delim, int32(count))
}

// Left is the leftmost n characters of col.
func Left(col any, n int) Column { return fnArgs("left", col, int32(n)) }

// Right is the rightmost n characters of col.
func Right(col any, n int) Column { return fnArgs("right", col, int32(n)) }

// ConcatWS joins strings (or arrays of strings) with a separator, skipping NULLs.
func ConcatWS(sep string, cols ...any) Column {
	cs, err := columns("concat_ws", cols)
	if err != nil {
		return Column{err: err}
	}
	return call("concat_ws", false, append([]Column{Lit(sep)}, cs...)...)
}

// Split splits col around matches of a Java regular expression into an
// array of at most limit elements (limit <= 0: no limit).
func Split(col any, pattern string, limit int) Column {
	return fnArgs("split", col, pattern, int32(limit))
}

// Replace replaces every occurrence of search in col with replacement
// (plain text; see RegexpReplace for patterns).
func Replace(col any, search, replacement string) Column {
	return fnArgs("replace", col, search, replacement)
}

// Translate replaces each character of col found in matching by the
// character at the same position in replace (dropping it when replace is shorter).
func Translate(col any, matching, replace string) Column {
	return fnArgs("translate", col, matching, replace)
}

// LPad pads col on the left with pad up to length characters (truncating
// longer strings).
func LPad(col any, length int, pad string) Column { return fnArgs("lpad", col, int32(length), pad) }

// RPad pads col on the right with pad up to length characters (truncating
// longer strings).
func RPad(col any, length int, pad string) Column { return fnArgs("rpad", col, int32(length), pad) }

// Repeat is col repeated n times.
func Repeat(col any, n int) Column { return fnArgs("repeat", col, int32(n)) }

// InitCap capitalizes the first letter of each word.
func InitCap(col any) Column { return fn("initcap", col) }

// Reverse reverses a string or an array.
func Reverse(col any) Column { return fn("reverse", col) }

// Instr is the 1-based position of the first occurrence of substr in col
// (0 if absent).
func Instr(col any, substr string) Column { return fnArgs("instr", col, substr) }

// Locate is the 1-based position of the first occurrence of substr in col
// at or after position pos (1-based), 0 if absent.
func Locate(substr string, col any, pos int) Column {
	return fnValueFirst("locate", substr, col, int32(pos))
}

// FormatNumber formats a number like "#,###,###.##" with decimals places.
func FormatNumber(col any, decimals int) Column { return fnArgs("format_number", col, int32(decimals)) }

// FormatString formats columns printf-style: FormatString("%s has %d hp", "car", "hp").
func FormatString(format string, cols ...any) Column {
	cs, err := columns("format_string", cols)
	if err != nil {
		return Column{err: err}
	}
	return call("format_string", false, append([]Column{Lit(format)}, cs...)...)
}

// Ascii is the code point of the first character of col.
func Ascii(col any) Column { return fn("ascii", col) }

// Base64 encodes a binary (or string) column as base64.
func Base64(col any) Column { return fn("base64", col) }

// Unbase64 decodes a base64 string into binary.
func Unbase64(col any) Column { return fn("unbase64", col) }

// Levenshtein is the edit distance between two string columns.
func Levenshtein(a, b any) Column { return twoCols("levenshtein", a, b) }

// Soundex is the Soundex code of col.
func Soundex(col any) Column { return fn("soundex", col) }

// ---- Regular expressions (Java syntax) ----

// RegexpExtract is the group-th group of the first match of pattern in col
// (group 0 is the whole match), "" when there is no match.
func RegexpExtract(col any, pattern string, group int) Column {
	return fnArgs("regexp_extract", col, pattern, int32(group))
}

// RegexpExtractAll is the array of the group-th groups of every match of
// pattern in col.
func RegexpExtractAll(col any, pattern string, group int) Column {
	return fnArgs("regexp_extract_all", col, pattern, int32(group))
}

// RegexpReplace replaces every match of pattern in col with replacement,
// where $1… refer to groups.
func RegexpReplace(col any, pattern, replacement string) Column {
	return fnArgs("regexp_replace", col, pattern, replacement)
}

// RegexpLike is true where col contains a match of pattern (as RLike).
func RegexpLike(col any, pattern string) Column { return fnArgs("regexp_like", col, pattern) }

// RegexpCount is the number of matches of pattern in col.
func RegexpCount(col any, pattern string) Column { return fnArgs("regexp_count", col, pattern) }

// ---- Null handling ----

// IsNull is true where col is NULL.
func IsNull(col any) Column { return fn("isnull", col) }

// IsNotNull is true where col is not NULL.
func IsNotNull(col any) Column { return fn("isnotnull", col) }

// IsNaN is true where col is NaN.
func IsNaN(col any) Column { return fn("isnan", col) }

// Nvl is col, or replacement (a value or a Column) where col is NULL.
func Nvl(col any, replacement any) Column { return fnArgs("nvl", col, replacement) }

// IfNull is Nvl.
func IfNull(col any, replacement any) Column { return fnArgs("ifnull", col, replacement) }

// Nvl2 is ifNotNull where col is not NULL and ifNull where it is (values or Columns).
func Nvl2(col any, ifNotNull, ifNull any) Column { return fnArgs("nvl2", col, ifNotNull, ifNull) }

// NullIf is NULL where col equals v, col otherwise.
func NullIf(col any, v any) Column { return fnArgs("nullif", col, v) }

// NaNvl is col, or replacement (a value or a Column) where col is NaN.
func NaNvl(col any, replacement any) Column { return fnArgs("nanvl", col, replacement) }

// ---- Hashes ----

// Md5 is the MD5 digest of col as 32 hex digits.
func Md5(col any) Column { return fn("md5", col) }

// Sha1 is the SHA-1 digest of col as 40 hex digits.
func Sha1(col any) Column { return fn("sha1", col) }

// Sha2 is the SHA-2 digest of col in hex; bits is 224, 256, 384, 512 (or 0
// for 256).
func Sha2(col any, bits int) Column { return fnArgs("sha2", col, int32(bits)) }

// Crc32 is the CRC-32 checksum of col.
func Crc32(col any) Column { return fn("crc32", col) }

// Hash is Spark's 32-bit Murmur3 hash of the columns.
func Hash(cols ...any) Column { return fnCols("hash", cols) }

// XxHash64 is Spark's 64-bit xxHash of the columns.
func XxHash64(cols ...any) Column { return fnCols("xxhash64", cols) }

// ---- Miscellaneous ----

// MonotonicallyIncreasingID numbers rows with unique, increasing but not
// consecutive 64-bit ids.
func MonotonicallyIncreasingID() Column { return call("monotonically_increasing_id", false) }

// SparkPartitionID is the id of the partition holding each row.
func SparkPartitionID() Column { return call("spark_partition_id", false) }

// InputFileName is the file each row was read from ("" when not read from a file).
func InputFileName() Column { return call("input_file_name", false) }

// Typeof is the Spark type name of col ("int", "array<string>"…).
func Typeof(col any) Column { return fn("typeof", col) }
