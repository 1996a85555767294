package frame

// Aggregate, window and general functions. Arguments named col accept a
// column name or a Column; other arguments are values. Any Spark SQL
// function not listed here is available through Call.

func fn(name string, col any) Column {
	c, err := column(name, col)
	if err != nil {
		return Column{err: err}
	}
	return call(name, false, c)
}

func fnArgs(name string, col any, values ...any) Column {
	c, err := column(name, col)
	if err != nil {
		return Column{err: err}
	}
	args := []Column{c}
	for _, v := range values {
		args = append(args, value(v))
	}
	return call(name, false, args...)
}

// Mean is the average of col (avg).
func Mean(col any) Column { return fn("avg", col) }

// Avg is Mean.
func Avg(col any) Column { return fn("avg", col) }

// Sum adds up col.
func Sum(col any) Column { return fn("sum", col) }

// Min is the smallest value of col.
func Min(col any) Column { return fn("min", col) }

// Max is the largest value of col.
func Max(col any) Column { return fn("max", col) }

// CountDistinct counts the distinct non-NULL values of the columns.
func CountDistinct(cols ...any) Column {
	cs, err := columns("CountDistinct", cols)
	if err != nil {
		return Column{err: err}
	}
	return call("count", true, cs...)
}

// StdDev is the sample standard deviation of col.
func StdDev(col any) Column { return fn("stddev_samp", col) }

// StdDevPop is the population standard deviation of col.
func StdDevPop(col any) Column { return fn("stddev_pop", col) }

// Variance is the sample variance of col.
func Variance(col any) Column { return fn("var_samp", col) }

// VarPop is the population variance of col.
func VarPop(col any) Column { return fn("var_pop", col) }

// Corr is the Pearson correlation of two columns.
func Corr(col1, col2 any) Column { return twoCols("corr", col1, col2) }

// CovarSamp is the sample covariance of two columns.
func CovarSamp(col1, col2 any) Column { return twoCols("covar_samp", col1, col2) }

// CovarPop is the population covariance of two columns.
func CovarPop(col1, col2 any) Column { return twoCols("covar_pop", col1, col2) }

func twoCols(name string, a, b any) Column {
	cs, err := columns(name, []any{a, b})
	if err != nil {
		return Column{err: err}
	}
	return call(name, false, cs...)
}

// PercentileApprox is the approximate percentile p (0..1) of col.
func PercentileApprox(col any, p float64, accuracy int) Column {
	return fnArgs("percentile_approx", col, p, int32(accuracy))
}

// CollectList gathers the values of col into an array.
func CollectList(col any) Column { return fn("collect_list", col) }

// CollectSet gathers the distinct values of col into an array.
func CollectSet(col any) Column { return fn("collect_set", col) }

// First is the first value of col in each group (ignoring NULLs if ignoreNulls).
func First(col any, ignoreNulls bool) Column { return fnArgs("first", col, ignoreNulls) }

// Last is the last value of col in each group (ignoring NULLs if ignoreNulls).
func Last(col any, ignoreNulls bool) Column { return fnArgs("last", col, ignoreNulls) }

// RowNumber numbers the rows of a window partition from 1.
func RowNumber() Column { return call("row_number", false) }

// Rank ranks rows with gaps after ties.
func Rank() Column { return call("rank", false) }

// DenseRank ranks rows without gaps after ties.
func DenseRank() Column { return call("dense_rank", false) }

// PercentRank is the relative rank (0..1) of rows.
func PercentRank() Column { return call("percent_rank", false) }

// CumeDist is the cumulative distribution of rows.
func CumeDist() Column { return call("cume_dist", false) }

// Ntile splits a partition into n buckets numbered from 1.
func Ntile(n int) Column { return call("ntile", false, Lit(int32(n))) }

// Lag is col offset rows before the current one (def where there is none).
func Lag(col any, offset int, def any) Column { return fnArgs("lag", col, int32(offset), def) }

// Lead is col offset rows after the current one (def where there is none).
func Lead(col any, offset int, def any) Column { return fnArgs("lead", col, int32(offset), def) }

// Coalesce is the first non-NULL of the columns.
func Coalesce(cols ...any) Column {
	cs, err := columns("Coalesce", cols)
	if err != nil {
		return Column{err: err}
	}
	return call("coalesce", false, cs...)
}

// Explode turns each element of an array (or entry of a map) into a row.
func Explode(col any) Column { return fn("explode", col) }

// ExplodeOuter is Explode keeping rows whose array is empty or NULL.
func ExplodeOuter(col any) Column { return fn("explode_outer", col) }

// Abs is the absolute value.
func Abs(col any) Column { return fn("abs", col) }

// Round rounds col to scale decimal places (half up).
func Round(col any, scale int) Column { return fnArgs("round", col, int32(scale)) }

// Sqrt is the square root.
func Sqrt(col any) Column { return fn("sqrt", col) }

// Upper converts to upper case.
func Upper(col any) Column { return fn("upper", col) }

// Lower converts to lower case.
func Lower(col any) Column { return fn("lower", col) }

// Length is the number of characters of a string (bytes of a binary).
func Length(col any) Column { return fn("length", col) }

// Concat joins strings, arrays or binaries.
func Concat(cols ...any) Column {
	cs, err := columns("Concat", cols)
	if err != nil {
		return Column{err: err}
	}
	return call("concat", false, cs...)
}
