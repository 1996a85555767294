package frame_test

import (
	"testing"
	"time"

	F "github.com/sparkgo/sparkgo/frame"
)

func TestValuesOfTimes(t *testing.T) {
	s := session(t)
	// An offset rather than a zone name: loaded once, then cached.
	if err := s.Conn().SetConf(ctx, map[string]string{"spark.sql.session.timeZone": "+05:30"}); err != nil {
		t.Fatal(err)
	}
	rows, err := s.Sql(ctx, "SELECT TIMESTAMP_SECONDS(id * 3600) AS ts, "+
		"CAST(TIMESTAMP_SECONDS(id * 3600) AS TIMESTAMP_NTZ) AS ntz, "+
		"MAKE_DT_INTERVAL(id, 1, 2, 3.5) AS d, "+
		"MAKE_INTERVAL(1, 2, 0, id, 4, 5, 6.25) AS ci FROM range(0, 3)").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	for i, r := range rows {
		ts := r["ts"].(time.Time)
		if want := time.Unix(int64(i)*3600, 0); !ts.Equal(want) {
			t.Errorf("row %d: ts = %v, want the instant %v", i, ts, want)
		}
		if name, off := ts.Zone(); off != 5*3600+30*60 || name != "+05:30" {
			t.Errorf("row %d: ts in zone %s (%+d s), want +05:30", i, name, off)
		}
		// TIMESTAMP_NTZ is the wall clock of the session zone, given in UTC.
		if ntz, want := r["ntz"].(time.Time), time.Date(1970, 1, 1, 5+i, 30, 0, 0, time.UTC); ntz != want {
			t.Errorf("row %d: ntz = %v, want %v", i, ntz, want)
		}
		if d, want := r["d"].(time.Duration), time.Duration(i)*24*time.Hour+time.Hour+2*time.Minute+3500*time.Millisecond; d != want {
			t.Errorf("row %d: d = %v, want %v", i, d, want)
		}
		want := F.CalendarInterval{Months: 14, Days: int32(i), Duration: 4*time.Hour + 5*time.Minute + 6250*time.Millisecond}
		if ci, ok := r["ci"].(F.CalendarInterval); !ok || ci != want {
			t.Errorf("row %d: ci = %#v, want %v", i, r["ci"], want)
		} else if got, wantS := ci.String(), "14 months "+[]string{"0", "1", "2"}[i]+" days 4h5m6.25s"; got != wantS {
			t.Errorf("row %d: ci.String() = %q, want %q", i, got, wantS)
		}
	}
}

func TestIntervalBeyondDuration(t *testing.T) {
	s := session(t)
	df := s.Sql(ctx, "SELECT INTERVAL '200000' DAY AS d")
	_, err := df.CollectMaps(ctx)
	const want = `frame: CollectMaps: row 0: column "d": the interval 17280000000000000us does not fit a time.Duration (about ±292 years); CAST it to a number in SQL`
	if err == nil || err.Error() != want {
		t.Fatalf("CollectMaps error = %v, want %q", err, want)
	}
	var into []struct {
		D time.Duration `spark:"d"`
	}
	const wantInto = `frame: CollectInto: row 0: column "d" (interval day to second) into field D (time.Duration): ` +
		"the interval 17280000000000000us does not fit a time.Duration (about ±292 years); CAST it to a number in SQL"
	if err := df.CollectInto(ctx, &into); err == nil || err.Error() != wantInto {
		t.Errorf("CollectInto error = %v, want %q", err, wantInto)
	}
	tbl, err := df.Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	v := F.Value(tbl.Column(0).Data().Chunk(0), 0)
	if err, ok := v.(error); !ok || err.Error() != "frame: "+want[len(`frame: CollectMaps: row 0: column "d": `):] {
		t.Errorf("Value = %v, want the error", v)
	}
}
