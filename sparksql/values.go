package sparksql

import (
	"fmt"
	"time"
)

// CalendarInterval is a value of Spark's legacy INTERVAL type (as made by
// make_interval), whose months, days and time are kept apart because their
// lengths vary. Year-month and day-time intervals scan as int32 months and
// time.Duration instead.
type CalendarInterval struct {
	Months   int32
	Days     int32
	Duration time.Duration // the time part, microsecond precision
}

// String returns the interval as "<months> months <days> days <duration>",
// such as "14 months 3 days 4h5m6s".
func (c CalendarInterval) String() string {
	return fmt.Sprintf("%d months %d days %s", c.Months, c.Days, c.Duration)
}

// MapEntry is one key and value of a Spark MAP whose keys cannot be Go map
// keys (BINARY, ARRAY, STRUCT or MAP keys); such maps scan as []MapEntry in
// the server's order.
type MapEntry struct {
	Key   any
	Value any
}
