// Package sparktime converts Spark's time values as they arrive in Arrow:
// the time zones of timestamp columns and day-time intervals. It is shared
// by frame and the database/sql driver so that both read them alike.
package sparktime

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// locations caches time zones by Arrow name: loading one from the zone
// database costs about 13 µs and 6 kB, too much to do per value.
var locations sync.Map // string → *time.Location

// Location returns the time zone named by an Arrow timestamp type: an IANA
// name such as "America/Los_Angeles" (Spark sends its session time zone) or
// an offset such as "+05:30", "-0800", "GMT+8" or "UTC-03:00". An unknown
// name gives UTC; the instant is right either way.
func Location(tz string) *time.Location {
	if l, ok := locations.Load(tz); ok {
		return l.(*time.Location)
	}
	loc := parseLocation(tz)
	locations.Store(tz, loc)
	return loc
}

func parseLocation(tz string) *time.Location {
	if loc, err := time.LoadLocation(tz); err == nil {
		return loc
	}
	s := tz
	for _, p := range []string{"UTC", "GMT", "UT"} {
		if strings.HasPrefix(s, p) {
			s = s[len(p):]
			break
		}
	}
	if s == "" || s == "Z" {
		return time.UTC
	}
	if s[0] != '+' && s[0] != '-' {
		return time.UTC
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	hh, mm, ok := strings.Cut(s[1:], ":")
	if !ok && len(hh) == 4 {
		hh, mm = hh[:2], hh[2:]
	}
	h, err := strconv.Atoi(hh)
	if err != nil || h > 18 {
		return time.UTC
	}
	m := 0
	if mm != "" {
		if m, err = strconv.Atoi(mm); err != nil || m > 59 {
			return time.UTC
		}
	}
	return time.FixedZone(tz, sign*(h*3600+m*60))
}

// Timestamp returns v of Arrow type t as a time.Time: in the type's time
// zone, or in UTC for a timestamp without one (Spark's TIMESTAMP_NTZ, a
// wall-clock reading).
func Timestamp(v arrow.Timestamp, t *arrow.TimestampType) time.Time {
	tm := v.ToTime(t.Unit)
	if t.TimeZone == "" {
		return tm.UTC()
	}
	return tm.In(Location(t.TimeZone))
}

// Duration converts an Arrow duration to a time.Duration, which spans
// about ±292 years; Spark's day-time intervals can be longer, and those
// give an error.
func Duration(v int64, unit arrow.TimeUnit) (time.Duration, error) {
	mult := int64(unit.Multiplier())
	if v > math.MaxInt64/mult || v < math.MinInt64/mult {
		return 0, fmt.Errorf("the interval %d%s does not fit a time.Duration (about ±292 years); CAST it to a number in SQL", v, unit)
	}
	return time.Duration(v * mult), nil
}

// CalendarInterval is a value of Spark's legacy INTERVAL type (as made by
// make_interval), whose months, days and time are kept apart because their
// lengths vary. Year-month and day-time intervals are int32 months and
// time.Duration instead.
type CalendarInterval struct {
	Months   int32
	Days     int32
	Duration time.Duration // the time part, microsecond precision
}

// Calendar converts an Arrow month-day-nano interval, as Spark sends a
// CalendarInterval.
func Calendar(v arrow.MonthDayNanoInterval) CalendarInterval {
	return CalendarInterval{Months: v.Months, Days: v.Days, Duration: time.Duration(v.Nanoseconds)}
}

// String returns the interval as "<months> months <days> days <duration>",
// such as "14 months 3 days 4h5m6s".
func (c CalendarInterval) String() string {
	return fmt.Sprintf("%d months %d days %s", c.Months, c.Days, c.Duration)
}
