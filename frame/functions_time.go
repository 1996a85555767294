package frame

// Date and time functions. Date and timestamp arguments are columns (a
// string column in ISO form is cast implicitly); formats use Spark's
// datetime patterns ("yyyy-MM-dd HH:mm:ss").

// CurrentDate is today's date in the session time zone, fixed for the query.
func CurrentDate() Column { return call("current_date", false) }

// CurrentTimestamp is the current time, fixed for the query.
func CurrentTimestamp() Column { return call("current_timestamp", false) }

// DateAdd is the date days after col (before it when days is negative).
func DateAdd(col any, days int) Column { return fnArgs("date_add", col, int32(days)) }

// DateSub is the date days before col.
func DateSub(col any, days int) Column { return fnArgs("date_sub", col, int32(days)) }

// DateDiff is the number of days from start to end (end - start).
func DateDiff(end, start any) Column { return twoCols("datediff", end, start) }

// MonthsBetween is the number of months from start to end, fractional
// (rounded to 8 digits) unless both fall on the same day of the month or
// on last days of months.
func MonthsBetween(end, start any) Column { return twoCols("months_between", end, start) }

// AddMonths is the date months after col (clamped to the month's last day).
func AddMonths(col any, months int) Column { return fnArgs("add_months", col, int32(months)) }

// Year is the year of a date or timestamp.
func Year(col any) Column { return fn("year", col) }

// Quarter is the quarter (1..4) of a date or timestamp.
func Quarter(col any) Column { return fn("quarter", col) }

// Month is the month (1..12) of a date or timestamp.
func Month(col any) Column { return fn("month", col) }

// DayOfMonth is the day of the month (1..31).
func DayOfMonth(col any) Column { return fn("dayofmonth", col) }

// DayOfWeek is the day of the week, 1 for Sunday to 7 for Saturday.
func DayOfWeek(col any) Column { return fn("dayofweek", col) }

// DayOfYear is the day of the year (1..366).
func DayOfYear(col any) Column { return fn("dayofyear", col) }

// WeekOfYear is the ISO 8601 week number (weeks start on Monday).
func WeekOfYear(col any) Column { return fn("weekofyear", col) }

// Hour is the hour (0..23) of a timestamp.
func Hour(col any) Column { return fn("hour", col) }

// Minute is the minute (0..59) of a timestamp.
func Minute(col any) Column { return fn("minute", col) }

// Second is the second (0..59) of a timestamp.
func Second(col any) Column { return fn("second", col) }

// DateFormat formats a date or timestamp as a string: DateFormat("d", "dd/MM/yyyy").
func DateFormat(col any, format string) Column { return fnArgs("date_format", col, format) }

// ToDate parses a string into a date with format ("" means the ISO form,
// like a cast); it is NULL where the string does not parse.
func ToDate(col any, format string) Column {
	if format == "" {
		return fn("to_date", col)
	}
	return fnArgs("to_date", col, format)
}

// ToTimestamp parses a string into a timestamp with format ("" means the
// ISO form, like a cast).
func ToTimestamp(col any, format string) Column {
	if format == "" {
		return fn("to_timestamp", col)
	}
	return fnArgs("to_timestamp", col, format)
}

// UnixTimestamp is the number of seconds since 1970-01-01 00:00:00 UTC of
// a timestamp, a date, or a string parsed with format ("" means
// "yyyy-MM-dd HH:mm:ss").
func UnixTimestamp(col any, format string) Column {
	if format == "" {
		return fn("unix_timestamp", col)
	}
	return fnArgs("unix_timestamp", col, format)
}

// FromUnixtime formats seconds since the epoch as a string in the session
// time zone, with format ("" means "yyyy-MM-dd HH:mm:ss").
func FromUnixtime(col any, format string) Column {
	if format == "" {
		return fn("from_unixtime", col)
	}
	return fnArgs("from_unixtime", col, format)
}

// TimestampSeconds converts seconds since the epoch to a timestamp.
func TimestampSeconds(col any) Column { return fn("timestamp_seconds", col) }

// DateTrunc truncates a timestamp to a unit: "year", "quarter", "month",
// "week", "day", "hour", "minute", "second"…
func DateTrunc(unit string, col any) Column { return fnValueFirst("date_trunc", unit, col) }

// Trunc truncates a date to a unit: "year", "quarter", "month" or "week".
func Trunc(col any, unit string) Column { return fnArgs("trunc", col, unit) }

// LastDay is the last day of the month of a date.
func LastDay(col any) Column { return fn("last_day", col) }

// NextDay is the first date after col that falls on dayOfWeek ("Mon",
// "Tuesday"…).
func NextDay(col any, dayOfWeek string) Column { return fnArgs("next_day", col, dayOfWeek) }

// MakeDate builds a date from year, month and day columns.
func MakeDate(year, month, day any) Column { return fnCols("make_date", []any{year, month, day}) }

// FromUTCTimestamp reads a timestamp as UTC and renders it in the time
// zone tz ("Europe/Paris").
func FromUTCTimestamp(col any, tz string) Column { return fnArgs("from_utc_timestamp", col, tz) }

// ToUTCTimestamp reads a timestamp as time in the zone tz and renders it in UTC.
func ToUTCTimestamp(col any, tz string) Column { return fnArgs("to_utc_timestamp", col, tz) }
