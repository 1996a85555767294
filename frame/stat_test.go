package frame_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/sparkgo/sparkgo/connect"
	F "github.com/sparkgo/sparkgo/frame"
)

const naSQL = `SELECT * FROM VALUES
 (1, 'a', 1.5D, true), (2, NULL, NULL, NULL), (NULL, 'c', CAST('NaN' AS DOUBLE), false), (NULL, NULL, NULL, NULL)
 AS na(i, s, d, b)`

func naSession(t *testing.T) *F.Session {
	t.Helper()
	s := session(t)
	if err := s.Sql(ctx, naSQL).CreateTempView(ctx, "na", true); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFillNA(t *testing.T) {
	s := naSession(t)
	na := s.Table("na")
	tests := []struct {
		name string
		df   *F.DataFrame
		sql  string
	}{
		{"number fills numeric columns", na.FillNA(0),
			"SELECT coalesce(i, 0) AS i, s, CASE WHEN d IS NULL OR isnan(d) THEN 0D ELSE d END AS d, b FROM na"},
		{"float fills numeric columns", na.FillNA(9.9),
			"SELECT coalesce(i, 9) AS i, s, CASE WHEN d IS NULL OR isnan(d) THEN 9.9D ELSE d END AS d, b FROM na"},
		{"string fills string columns", na.FillNA("?"), "SELECT i, coalesce(s, '?') AS s, d, b FROM na"},
		{"bool fills boolean columns", na.FillNA(true), "SELECT i, s, d, coalesce(b, true) AS b FROM na"},
		{"subset", na.FillNA(-1, "i"), "SELECT coalesce(i, -1) AS i, s, d, b FROM na"},
		{"per column", na.FillNA(map[string]any{"i": int32(7), "s": "none", "b": false}),
			"SELECT coalesce(i, 7) AS i, coalesce(s, 'none') AS s, d, coalesce(b, false) AS b FROM na"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { sameAsSQL(t, s, tt.df, tt.sql) })
	}
	for _, bad := range []struct {
		df   *F.DataFrame
		want string
	}{
		{na.FillNA([]int{1}), "frame: FillNA value [1] is a []int; want a bool, an integer, a float or a string"},
		{na.FillNA(map[string]any{"i": 1}, "i"), "frame: FillNA with a map of values takes no subset of columns"},
		{na.FillNA(map[string]any{"i": nil}), "frame: FillNA value <nil> is a <nil>; want a bool, an integer, a float or a string (column \"i\")"},
	} {
		if err := bad.df.Err(); err == nil || err.Error() != bad.want {
			t.Errorf("Err = %v, want %s", err, bad.want)
		}
	}
}

func TestDropNA(t *testing.T) {
	s := naSession(t)
	na := s.Table("na")
	tests := []struct {
		name string
		df   *F.DataFrame
		sql  string
	}{
		{"any", na.DropNA("any", 0), "SELECT * FROM na WHERE i IS NOT NULL AND s IS NOT NULL AND d IS NOT NULL AND NOT isnan(d) AND b IS NOT NULL"},
		{"default is any", na.DropNA("", 0, "i", "s"), "SELECT * FROM na WHERE i IS NOT NULL AND s IS NOT NULL"},
		{"all", na.DropNA("all", 0), "SELECT * FROM na WHERE NOT (i IS NULL AND s IS NULL AND (d IS NULL OR isnan(d)) AND b IS NULL)"},
		{"all of subset", na.DropNA("all", 0, "i", "s"), "SELECT * FROM na WHERE i IS NOT NULL OR s IS NOT NULL"},
		{"thresh", na.DropNA("", 2), "SELECT * FROM na WHERE (CAST(i IS NOT NULL AS INT) + CAST(s IS NOT NULL AS INT) + CAST(d IS NOT NULL AND NOT isnan(d) AS INT) + CAST(b IS NOT NULL AS INT)) >= 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { sameAsSQL(t, s, tt.df, tt.sql) })
	}
	n, err := na.DropNA("any", 0).Count(ctx)
	if err != nil || n != 1 {
		t.Errorf("DropNA(any) kept %d rows, %v; want 1", n, err)
	}
	if err := na.DropNA("some", 0).Err(); err == nil || err.Error() != `frame: DropNA how "some" is unknown; use "any" or "all"` {
		t.Errorf("DropNA(some) error = %v", err)
	}
}

func TestDescribeAndSummary(t *testing.T) {
	s := session(t)
	cars := s.Table("mtcars").Mutate("mpg", F.Col("mpg").Cast("double"))
	rows, err := cars.Describe("mpg").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, r := range rows {
		got[r["summary"].(string)] = r["mpg"]
	}
	want := map[string]any{"count": "32", "mean": "20.090625", "stddev": "6.026948052089104", "min": "10.4", "max": "33.9"}
	if len(got) != len(want) {
		t.Errorf("Describe rows = %v", rows)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("Describe %s = %v, want %v", k, got[k], w)
		}
	}

	cols, err := cars.Describe().Columns(ctx)
	if err != nil || strings.Join(cols, ",") != "summary,car,mpg,cyl,hp,wt,am" {
		t.Errorf("Describe() columns = %v, %v", cols, err)
	}

	rows, err = cars.Select("mpg", "hp").Summary("count", "min", "50%", "max", "count_distinct").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range rows {
		lines = append(lines, r["summary"].(string)+":"+r["mpg"].(string)+":"+r["hp"].(string))
	}
	if w := "count:32:32 min:10.4:52 50%:19.2:123 max:33.9:335 count_distinct:25:22"; strings.Join(lines, " ") != w {
		t.Errorf("Summary = %v, want %s", lines, w)
	}
	cols, err = cars.Summary().Select("summary").Columns(ctx)
	if err != nil || cols[0] != "summary" {
		t.Errorf("Summary() columns = %v, %v", cols, err)
	}
	n, _ := cars.Summary().Count(ctx)
	if n != 8 {
		t.Errorf("Summary() has %d rows, want 8 (count, mean, stddev, min, 25%%, 50%%, 75%%, max)", n)
	}
}

func TestUnpivot(t *testing.T) {
	s := session(t)
	wide := s.Sql(ctx, "SELECT * FROM VALUES (1, 10, 11, 12), (2, 20, 21, 22) AS wide(id, q1, q2, q3)")
	if err := wide.CreateTempView(ctx, "wide", true); err != nil {
		t.Fatal(err)
	}
	sameAsSQL(t, s, wide.Unpivot([]any{"id"}, []any{"q1", F.Col("q3")}, "quarter", "sales"),
		"SELECT id, quarter, sales FROM wide UNPIVOT (sales FOR quarter IN (q1, q3))")
	sameAsSQL(t, s, wide.Melt([]any{"id"}, nil, "quarter", "sales"),
		"SELECT * FROM wide UNPIVOT (sales FOR quarter IN (q1, q2, q3))")
	// Pivot back with GroupBy().Pivot(): the round trip gives the input.
	long := wide.Unpivot([]any{"id"}, nil, "quarter", "sales")
	sameAsSQL(t, s, long.GroupBy("id").Pivot("quarter", "q1", "q2", "q3").Agg(F.First("sales", false)), "SELECT * FROM wide")
	// Columns named by pivot values need backquotes.
	sameAsSQL(t, s, s.Table("mtcars").GroupBy("cyl").Pivot("am", 0, 1).Agg(F.Count("*")).
		Unpivot([]any{"cyl"}, []any{"`0`", "`1`"}, "am", "n"),
		"SELECT cyl, CAST(am AS STRING) AS am, count(*) AS n FROM mtcars GROUP BY cyl, am")
	if err := wide.Unpivot([]any{"id"}, nil, "", "sales").Err(); err == nil {
		t.Error("Unpivot without a variable column name: no error")
	}
	if err := wide.Unpivot([]any{1}, nil, "k", "v").Err(); err == nil {
		t.Error("Unpivot with a number for an id column: no error")
	}
}

func TestStatFunctions(t *testing.T) {
	s := session(t)
	cars := s.Table("mtcars").Mutate("mpg", F.Col("mpg").Cast("double"), "wt", F.Col("wt").Cast("double"))
	r, err := cars.Corr(ctx, "mpg", "wt")
	if err != nil || math.Abs(r-(-0.8676593765172278)) > 1e-12 {
		t.Errorf("Corr(mpg, wt) = %v, %v", r, err)
	}
	c, err := cars.Cov(ctx, "mpg", "wt")
	if err != nil || math.Abs(c-(-5.116684677419355)) > 1e-9 {
		t.Errorf("Cov(mpg, wt) = %v, %v", c, err)
	}
	q, err := cars.ApproxQuantile(ctx, "mpg", []float64{0, 0.5, 1}, 0)
	if err != nil || len(q) != 3 || q[0] != 10.4 || q[1] != 19.2 || q[2] != 33.9 {
		t.Errorf("ApproxQuantile(mpg) = %v, %v", q, err)
	}
	sameAsSQL(t, s, cars.Crosstab("cyl", "am"),
		"SELECT CAST(cyl AS STRING) AS cyl_am, CAST(count_if(am = 0) AS BIGINT) AS `0`, CAST(count_if(am = 1) AS BIGINT) AS `1` FROM mtcars GROUP BY cyl")
	if _, err := cars.Corr(ctx, "mpg", "car"); err == nil {
		t.Error("Corr with a string column: no error")
	}
}

func TestPersist(t *testing.T) {
	s := session(t)
	df := s.Table("mtcars").Filter("cyl = 4")
	level, err := df.StorageLevel(ctx)
	if err != nil || level.String() != "NONE" {
		t.Errorf("StorageLevel before caching = %v, %v", level, err)
	}
	if err := df.Persist(ctx, "memory_only").Err(); err != nil {
		t.Fatal(err)
	}
	level, err = df.StorageLevel(ctx)
	if err != nil || level.String() != "MEMORY_ONLY" || !level.UseMemory || level.UseDisk || level.Replication != 1 {
		t.Errorf("StorageLevel after Persist(MEMORY_ONLY) = %v %+v, %v", level, level, err)
	}
	if n, err := df.Count(ctx); err != nil || n != 11 {
		t.Errorf("Count of the cached DataFrame = %d, %v", n, err)
	}
	plan, err := df.Explain(ctx, "simple")
	if err != nil || !strings.Contains(plan, "InMemoryRelation") && !strings.Contains(plan, "InMemoryTableScan") {
		t.Errorf("plan of a cached DataFrame does not read the cache: %s %v", plan, err)
	}
	if err := df.Unpersist(ctx, true).Err(); err != nil {
		t.Fatal(err)
	}
	if level, err := df.StorageLevel(ctx); err != nil || level.String() != "NONE" {
		t.Errorf("StorageLevel after Unpersist = %v, %v", level, err)
	}

	cached := s.Table("mtcars").Filter("cyl = 6").Cache(ctx)
	if level, err := cached.StorageLevel(ctx); err != nil || level.String() != "MEMORY_AND_DISK" {
		t.Errorf("StorageLevel after Cache = %v, %v", level, err)
	}
	cached.Unpersist(ctx, false)

	if err := df.Persist(ctx, "IN_THE_CLOUD").Err(); err == nil || !strings.Contains(err.Error(), `storage level "IN_THE_CLOUD" is unknown`) {
		t.Errorf("Persist with an unknown level: %v", err)
	}
	var se *connect.SparkError
	if err := s.Table("no_such_table").Persist(ctx, "MEMORY_ONLY").Err(); !errors.As(err, &se) || se.ErrorClass != "TABLE_OR_VIEW_NOT_FOUND" {
		t.Errorf("Persist of a missing table: %v", err)
	}
	for _, name := range []string{"DISK_ONLY_2", "MEMORY_AND_DISK_SER", "OFF_HEAP", "MEMORY_ONLY_2"} {
		l, err := F.ParseStorageLevel(name)
		if err != nil || l.String() != name {
			t.Errorf("ParseStorageLevel(%s) = %v, %v", name, l, err)
		}
	}
	if l := (F.StorageLevel{UseMemory: true, Replication: 5}); l.String() != "StorageLevel(memory, 5 replicas)" {
		t.Errorf("String of an unnamed level = %s", l)
	}
}
