package sparksql

import "github.com/sparkgo/sparkgo/internal/sparktime"

// CalendarInterval is a value of Spark's legacy INTERVAL type (as made by
// make_interval): months, days and a time part. It is the same type as
// frame.CalendarInterval.
type CalendarInterval = sparktime.CalendarInterval

// MapEntry is one key and value of a Spark MAP whose keys cannot be Go map
// keys (BINARY, ARRAY, STRUCT or MAP keys); such maps scan as []MapEntry in
// the server's order.
type MapEntry struct {
	Key   any
	Value any
}
