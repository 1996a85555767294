package sparktime

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

func TestLocation(t *testing.T) {
	tests := []struct {
		tz     string
		offset int // seconds east of UTC at the epoch
	}{
		{"UTC", 0},
		{"Z", 0},
		{"America/Los_Angeles", -8 * 3600},
		{"+05:30", 5*3600 + 30*60},
		{"-0800", -8 * 3600},
		{"GMT+8", 8 * 3600},
		{"UTC-03:00", -3 * 3600},
		{"Not/A_Zone", 0},
		{"+25:00", 0},
	}
	for _, tt := range tests {
		for range 2 { // loaded, then cached
			if _, off := time.Unix(0, 0).In(Location(tt.tz)).Zone(); off != tt.offset {
				t.Errorf("Location(%q): offset %d, want %d", tt.tz, off, tt.offset)
			}
		}
	}
}

func TestTimestamp(t *testing.T) {
	zoned := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "+05:30"}
	if got := Timestamp(0, zoned).Format(time.RFC3339); got != "1970-01-01T05:30:00+05:30" {
		t.Errorf("timestamp 0 at +05:30 = %s", got)
	}
	ntz := &arrow.TimestampType{Unit: arrow.Microsecond}
	if got := Timestamp(1_500_000, ntz); got != time.Date(1970, 1, 1, 0, 0, 1, 500_000_000, time.UTC) {
		t.Errorf("timestamp_ntz 1.5 s = %v", got)
	}
}

func TestDuration(t *testing.T) {
	if d, err := Duration(90, arrow.Second); err != nil || d != 90*time.Second {
		t.Errorf("Duration(90 s) = %v, %v", d, err)
	}
	if d, err := Duration(-5, arrow.Microsecond); err != nil || d != -5*time.Microsecond {
		t.Errorf("Duration(-5 µs) = %v, %v", d, err)
	}
	// 300 years of microseconds: beyond time.Duration.
	_, err := Duration(300*365*24*3600*1_000_000, arrow.Microsecond)
	const want = "the interval 9460800000000000us does not fit a time.Duration (about ±292 years); CAST it to a number in SQL"
	if err == nil || err.Error() != want {
		t.Errorf("Duration(300 years) error = %v, want %q", err, want)
	}
}

func TestCalendar(t *testing.T) {
	got := Calendar(arrow.MonthDayNanoInterval{Months: 14, Days: -3, Nanoseconds: int64(4*time.Hour + 500*time.Millisecond)})
	if want := (CalendarInterval{Months: 14, Days: -3, Duration: 4*time.Hour + 500*time.Millisecond}); got != want {
		t.Errorf("Calendar = %#v, want %#v", got, want)
	}
	if s := got.String(); s != "14 months -3 days 4h0m0.5s" {
		t.Errorf("String() = %q", s)
	}
}
