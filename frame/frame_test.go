package frame_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/sparkgo/sparkgo/connect"
	F "github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/internal/sparktest"
)

var ctx = context.Background()

// mtcarsSQL holds (car, mpg, cyl, hp, wt, am) of R's datasets::mtcars.
const mtcarsSQL = `SELECT * FROM VALUES
 ('Mazda RX4', 21.0, 6, 110, 2.620, 1), ('Mazda RX4 Wag', 21.0, 6, 110, 2.875, 1), ('Datsun 710', 22.8, 4, 93, 2.320, 1),
 ('Hornet 4 Drive', 21.4, 6, 110, 3.215, 0), ('Hornet Sportabout', 18.7, 8, 175, 3.440, 0), ('Valiant', 18.1, 6, 105, 3.460, 0),
 ('Duster 360', 14.3, 8, 245, 3.570, 0), ('Merc 240D', 24.4, 4, 62, 3.190, 0), ('Merc 230', 22.8, 4, 95, 3.150, 0),
 ('Merc 280', 19.2, 6, 123, 3.440, 0), ('Merc 280C', 17.8, 6, 123, 3.440, 0), ('Merc 450SE', 16.4, 8, 180, 4.070, 0),
 ('Merc 450SL', 17.3, 8, 180, 3.730, 0), ('Merc 450SLC', 15.2, 8, 180, 3.780, 0), ('Cadillac Fleetwood', 10.4, 8, 205, 5.250, 0),
 ('Lincoln Continental', 10.4, 8, 215, 5.424, 0), ('Chrysler Imperial', 14.7, 8, 230, 5.345, 0), ('Fiat 128', 32.4, 4, 66, 2.200, 1),
 ('Honda Civic', 30.4, 4, 52, 1.615, 1), ('Toyota Corolla', 33.9, 4, 65, 1.835, 1), ('Toyota Corona', 21.5, 4, 97, 2.465, 0),
 ('Dodge Challenger', 15.5, 8, 150, 3.520, 0), ('AMC Javelin', 15.2, 8, 150, 3.435, 0), ('Camaro Z28', 13.3, 8, 245, 3.840, 0),
 ('Pontiac Firebird', 19.2, 8, 175, 3.845, 0), ('Fiat X1-9', 27.3, 4, 66, 1.935, 1), ('Porsche 914-2', 26.0, 4, 91, 2.140, 1),
 ('Lotus Europa', 30.4, 4, 113, 1.513, 1), ('Ford Pantera L', 15.8, 8, 264, 3.170, 1), ('Ferrari Dino', 19.7, 6, 175, 2.770, 1),
 ('Maserati Bora', 15.0, 8, 335, 3.570, 1), ('Volvo 142E', 21.4, 4, 109, 2.780, 1)
 AS mtcars(car, mpg, cyl, hp, wt, am)`

// session returns a frame session with the temp view mtcars.
func session(t *testing.T) *F.Session {
	t.Helper()
	s := F.NewSession(sparktest.Session(t))
	if err := s.Sql(ctx, mtcarsSQL).CreateTempView(ctx, "mtcars", true); err != nil {
		t.Fatal(err)
	}
	return s
}

// render collects a DataFrame into sorted lines of "col=value" pairs.
func render(t *testing.T, df *F.DataFrame) []string {
	t.Helper()
	rows, err := df.CollectMaps(ctx)
	if err != nil {
		t.Fatalf("collect: %v", err)
	}
	var out []string
	for _, r := range rows {
		keys := make([]string, 0, len(r))
		for k := range r {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s=%v", k, r[k]))
		}
		out = append(out, strings.Join(parts, " "))
	}
	sort.Strings(out)
	return out
}

// sameAsSQL checks that a DataFrame returns the same rows as a SQL query.
func sameAsSQL(t *testing.T, s *F.Session, df *F.DataFrame, query string) {
	t.Helper()
	got, want := render(t, df), render(t, s.Sql(ctx, query))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("DataFrame rows:\n%s\nSQL rows (%s):\n%s", strings.Join(got, "\n"), query, strings.Join(want, "\n"))
	}
	if len(got) == 0 {
		t.Errorf("no rows to compare for %s", query)
	}
}

func TestGroupBySummarise(t *testing.T) {
	s := session(t)
	rows, err := s.Table("mtcars").GroupBy("am").Agg(F.Mean("mpg").Alias("mpg"), F.Count("*").Alias("n")).
		OrderBy("am").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("got %d groups, want 2", len(rows))
	}
	for i, want := range []struct {
		mpg float64
		n   int64
	}{{17.147368, 19}, {24.392308, 13}} {
		mpg := rows[i]["mpg"].(F.Decimal).Float64()
		if math.Abs(mpg-want.mpg) > 1e-5 || rows[i]["n"] != want.n {
			t.Errorf("am=%d: mpg %v n %v, want %v %v", i, mpg, rows[i]["n"], want.mpg, want.n)
		}
	}
}

func TestVerbsMatchSQL(t *testing.T) {
	s := session(t)
	cars := s.Table("mtcars")
	tests := []struct {
		name string
		df   *F.DataFrame
		sql  string
	}{
		{"filter+select", cars.Filter(F.Col("mpg").Gt(25).And(F.Col("am").Eq(1))).Select("car", "mpg"),
			"SELECT car, mpg FROM mtcars WHERE mpg > 25 AND am = 1"},
		{"filter string", cars.Where("cyl = 6 OR hp > 250").Select("car"), "SELECT car FROM mtcars WHERE cyl = 6 OR hp > 250"},
		{"mutate", cars.Mutate("kpl", F.Col("mpg").Times(0.425144), "heavy", F.Col("wt").Gt(3.5)).Select("car", "kpl", "heavy"),
			"SELECT car, mpg * 0.425144D AS kpl, wt > 3.5 AS heavy FROM mtcars"},
		{"mutate replaces", cars.WithColumn("mpg", F.Round("mpg", 0)).Select("car", "mpg"), "SELECT car, ROUND(mpg, 0) AS mpg FROM mtcars"},
		{"rename+drop", cars.Rename("mpg", "miles", "hp", "power").Drop("car", "wt", "cyl"), "SELECT mpg AS miles, power, am FROM (SELECT mpg, hp AS power, am FROM mtcars)"},
		{"select pattern", cars.SelectMatching("^(m|h).*"), "SELECT mpg, hp FROM mtcars"},
		{"select expr", cars.SelectExpr("car", "hp / wt AS ratio"), "SELECT car, hp / wt AS ratio FROM mtcars"},
		{"distinct", cars.Select("cyl", "am").Distinct(), "SELECT DISTINCT cyl, am FROM mtcars"},
		{"drop duplicates", cars.DropDuplicates("cyl").Select("cyl"), "SELECT DISTINCT cyl FROM mtcars"},
		{"grouped count", cars.GroupBy("cyl", "am").Count(), "SELECT cyl, am, COUNT(*) AS count FROM mtcars GROUP BY cyl, am"},
		{"aggregates", cars.GroupBy("cyl").Agg(F.Sum("hp"), F.Min("mpg"), F.Max("mpg"), F.CountDistinct("am"),
			F.Round(F.StdDev("wt"), 6).Alias("sd"), F.Round(F.Variance("wt"), 6).Alias("v"), F.Round(F.Corr("mpg", "wt"), 6).Alias("r")),
			"SELECT cyl, SUM(hp) AS `sum(hp)`, MIN(mpg) AS `min(mpg)`, MAX(mpg) AS `max(mpg)`, COUNT(DISTINCT am) AS `count(DISTINCT am)`, ROUND(STDDEV_SAMP(wt), 6) AS sd, ROUND(VAR_SAMP(wt), 6) AS v, ROUND(CORR(mpg, wt), 6) AS r FROM mtcars GROUP BY cyl"},
		{"when", cars.Select("car", F.When(F.Col("am").Eq(1), "manual").Otherwise("automatic").Alias("tx")),
			"SELECT car, CASE WHEN am = 1 THEN 'manual' ELSE 'automatic' END AS tx FROM mtcars"},
		{"in+between+like", cars.Filter(F.Col("cyl").In(4, 6).And(F.Col("hp").Between(90, 110)).And(F.Col("car").Like("M%"))).Select("car"),
			"SELECT car FROM mtcars WHERE cyl IN (4, 6) AND hp BETWEEN 90 AND 110 AND car LIKE 'M%'"},
		{"cast", cars.Select(F.Col("mpg").Cast("int").Alias("m")), "SELECT CAST(mpg AS INT) AS m FROM mtcars"},
		{"window", cars.Select("car", "cyl", F.RowNumber().Over(F.Window().PartitionBy("cyl").OrderBy(F.Col("mpg").Desc(), "car")).Alias("rn"),
			F.Rank().Over(F.Window().PartitionBy("cyl").OrderBy(F.Col("hp").Desc())).Alias("rk"),
			F.Lag("mpg", 1, nil).Over(F.Window().PartitionBy("cyl").OrderBy("car")).Alias("prev"),
			F.Sum("hp").Over(F.Window().PartitionBy("cyl").OrderBy("car").RowsBetween(F.UnboundedPreceding, F.CurrentRow)).Alias("cum")),
			"SELECT car, cyl, ROW_NUMBER() OVER (PARTITION BY cyl ORDER BY mpg DESC, car) AS rn, RANK() OVER (PARTITION BY cyl ORDER BY hp DESC) AS rk, LAG(mpg, 1) OVER (PARTITION BY cyl ORDER BY car) AS prev, SUM(hp) OVER (PARTITION BY cyl ORDER BY car ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum FROM mtcars"},
		{"pivot", cars.GroupBy("cyl").Pivot("am", 0, 1).Agg(F.Count("*")),
			"SELECT * FROM (SELECT cyl, am FROM mtcars) PIVOT (COUNT(*) FOR am IN (0 AS `0`, 1 AS `1`))"},
		{"limit after order", cars.OrderBy(F.Col("mpg").Desc(), "car").Limit(3).Select("car"), "SELECT car FROM mtcars ORDER BY mpg DESC, car LIMIT 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { sameAsSQL(t, s, tt.df, tt.sql) })
	}
}

func TestOrderKeepsOrder(t *testing.T) {
	s := session(t)
	rows, err := s.Table("mtcars").Arrange(F.Col("mpg").Desc(), "car").Select("car").Limit(3).CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r["car"].(string))
	}
	if want := "Toyota Corolla,Fiat 128,Honda Civic"; strings.Join(got, ",") != want {
		t.Errorf("top 3 by mpg = %v, want %s", got, want)
	}
}

func TestJoinsAndSetOperations(t *testing.T) {
	s := session(t)
	a := s.Sql(ctx, "SELECT * FROM VALUES (1, 'a'), (2, 'b'), (3, 'c') AS a(id, x)")
	b := s.Sql(ctx, "SELECT * FROM VALUES (2, 'B'), (3, 'C'), (4, 'D') AS b(id, y)")
	if err := a.CreateTempView(ctx, "ja", true); err != nil {
		t.Fatal(err)
	}
	if err := b.CreateTempView(ctx, "jb", true); err != nil {
		t.Fatal(err)
	}
	for _, how := range []string{"inner", "left", "right", "full"} {
		t.Run(how, func(t *testing.T) {
			sameAsSQL(t, s, a.Join(b, "id", how), fmt.Sprintf("SELECT * FROM ja %s JOIN jb USING (id)", strings.ToUpper(how)))
		})
	}
	t.Run("semi", func(t *testing.T) {
		sameAsSQL(t, s, a.Join(b, []string{"id"}, "semi"), "SELECT * FROM ja LEFT SEMI JOIN jb USING (id)")
	})
	t.Run("anti", func(t *testing.T) {
		sameAsSQL(t, s, a.Join(b, "id", "anti"), "SELECT * FROM ja LEFT ANTI JOIN jb USING (id)")
	})
	t.Run("expression", func(t *testing.T) {
		sameAsSQL(t, s, a.Join(b, a.Col("id").Lt(b.Col("id")), "inner").Select(a.Col("id").Alias("aid"), b.Col("id").Alias("bid")),
			"SELECT ja.id AS aid, jb.id AS bid FROM ja JOIN jb ON ja.id < jb.id")
	})
	t.Run("cross", func(t *testing.T) { sameAsSQL(t, s, a.CrossJoin(b), "SELECT * FROM ja CROSS JOIN jb") })
	ids := func(df *F.DataFrame) *F.DataFrame { return df.Select("id") }
	t.Run("union", func(t *testing.T) {
		sameAsSQL(t, s, ids(a).Union(ids(b)), "SELECT id FROM ja UNION ALL SELECT id FROM jb")
	})
	t.Run("union by name", func(t *testing.T) {
		sameAsSQL(t, s, a.UnionByName(b, true), "SELECT id, x, NULL AS y FROM ja UNION ALL SELECT id, NULL, y FROM jb")
	})
	t.Run("intersect", func(t *testing.T) {
		sameAsSQL(t, s, ids(a).Intersect(ids(b)), "SELECT id FROM ja INTERSECT SELECT id FROM jb")
	})
	t.Run("except", func(t *testing.T) {
		sameAsSQL(t, s, ids(a).Except(ids(b)), "SELECT id FROM ja EXCEPT SELECT id FROM jb")
	})
	if _, err := a.Join(b, "id", "sideways").Count(ctx); err == nil ||
		err.Error() != `frame: Join type "sideways" is unknown; use inner, left, right, full, semi, anti or cross` {
		t.Errorf("unknown join type error = %v", err)
	}
}

func TestActions(t *testing.T) {
	s := session(t)
	cars := s.Table("mtcars")
	n, err := cars.Count(ctx)
	if err != nil || n != 32 {
		t.Errorf("Count = %d, %v; want 32", n, err)
	}
	cols, err := cars.Columns(ctx)
	if err != nil || strings.Join(cols, ",") != "car,mpg,cyl,hp,wt,am" {
		t.Errorf("Columns = %v, %v", cols, err)
	}
	first, err := cars.OrderBy("car").First(ctx)
	if err != nil || first["car"] != "AMC Javelin" || first["hp"] != int32(150) {
		t.Errorf("First = %v, %v", first, err)
	}
	if d, ok := first["mpg"].(F.Decimal); !ok || d.String() != "15.2" {
		t.Errorf("mpg = %#v, want Decimal 15.2", first["mpg"])
	}
	tree, err := cars.Select("car", "am").TreeString(ctx)
	if err != nil || tree != "root\n |-- car: string (nullable = false)\n |-- am: integer (nullable = false)\n" {
		t.Errorf("TreeString = %q, %v", tree, err)
	}
	plan, err := cars.Filter("mpg > 30").Explain(ctx, "extended")
	if err != nil || !strings.Contains(plan, "== Physical Plan ==") {
		t.Errorf("Explain = %q, %v", plan, err)
	}
	sample, err := s.Range(0, 10000, 1, 2).Sample(0.1, 42).Count(ctx)
	if err != nil || sample < 850 || sample > 1150 {
		t.Errorf("Sample(0.1) of 10000 rows kept %d, %v", sample, err)
	}
	again, _ := s.Range(0, 10000, 1, 2).Sample(0.1, 42).Count(ctx)
	if again != sample {
		t.Errorf("Sample with the same seed kept %d then %d rows", sample, again)
	}
}

func TestErrors(t *testing.T) {
	s := session(t)
	_, err := s.Table("mtcars").Select("car", "nope").Count(ctx)
	var se *connect.SparkError
	if !errors.As(err, &se) || se.ErrorClass != "UNRESOLVED_COLUMN.WITH_SUGGESTION" || se.Parameters["objectName"] != "`nope`" {
		t.Errorf("unknown column error = %v", err)
	}
	_, err = s.Table("no_such_table").Count(ctx)
	if !errors.As(err, &se) || se.ErrorClass != "TABLE_OR_VIEW_NOT_FOUND" {
		t.Errorf("unknown table error = %v", err)
	}
	bad := s.Table("mtcars").Mutate("x", make(chan int))
	if bad.Err() == nil || bad.Err().Error() != `frame: Mutate "x": connect: cannot send a Go chan int to Spark as a literal` {
		t.Errorf("Mutate with a channel: Err = %v", bad.Err())
	}
	if _, err := bad.Select("car").Count(ctx); err != bad.Err() {
		t.Errorf("an error is not carried along the chain: %v", err)
	}
	if err := s.Table("mtcars").Select(3.5).Err(); err == nil ||
		err.Error() != "frame: Select argument 1: got a float64, want a column name (string) or a Column (use Lit for values)" {
		t.Errorf("Select(3.5) error = %v", err)
	}
	if err := s.Sql(ctx, "SELEC 1").Err(); !errors.As(err, &se) || se.ErrorClass != "PARSE_SYNTAX_ERROR" {
		t.Errorf("bad SQL error = %v", err)
	}
}
