package frame_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/connect"
	F "github.com/sparkgo/sparkgo/frame"
)

// serverAtLeast reports whether the test server runs Spark major.minor or
// newer, for features that appeared in later 4.x releases.
func serverAtLeast(t *testing.T, s *F.Session, major, minor int) bool {
	t.Helper()
	v, err := s.Conn().SparkVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var maj, min int
	if _, err := fmt.Sscanf(v, "%d.%d", &maj, &min); err != nil {
		t.Fatalf("server version %q: %v", v, err)
	}
	return maj > major || (maj == major && min >= minor)
}

// wantErrContains checks that err is a client-side error mentioning want.
func wantErrContains(t *testing.T, what string, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: error %v, want one mentioning %q", what, err, want)
	}
}

// wantSparkError checks that err is a Spark error of the class.
func wantSparkError(t *testing.T, what string, err error, class string) *connect.SparkError {
	t.Helper()
	var se *connect.SparkError
	if !errors.As(err, &se) || !errors.Is(err, &connect.SparkError{ErrorClass: class}) {
		t.Errorf("%s: error %v, want a Spark %s error", what, err, class)
		return nil
	}
	return se
}

func TestNAReplace(t *testing.T) {
	s := session(t)
	cars := s.Table("mtcars")

	// Numbers, in the columns named: cyl 4 becomes 40, cyl 6 NULL, and the
	// integer column am is untouched although it holds no 4 or 6 anyway.
	sameAsSQL(t, s, cars.NAReplace(map[any]any{4: 40, 6: nil}, "cyl", "am").Select("car", "cyl", "am", "hp"),
		"SELECT car, CASE cyl WHEN 4 THEN 40 WHEN 6 THEN NULL ELSE cyl END AS cyl, am, hp FROM mtcars")
	// Without a subset, every numeric column: hp 110 and cyl 6 match 110.0 and 6.0.
	sameAsSQL(t, s, cars.NAReplace(map[any]any{110.0: 111, 6.0: -6}).Select("car", "cyl", "hp"),
		`SELECT car, CASE cyl WHEN 6 THEN -6 WHEN 110 THEN 111 ELSE cyl END AS cyl,
			CASE hp WHEN 110 THEN 111 WHEN 6 THEN -6 ELSE hp END AS hp FROM mtcars`)
	// A double replacing in an integer column is cast to the column's type.
	sameAsSQL(t, s, cars.NAReplace(map[any]any{8: 8.9}, "cyl").Select("car", "cyl"),
		"SELECT car, CASE cyl WHEN 8 THEN 8 ELSE cyl END AS cyl FROM mtcars")
	// Strings, in every string column.
	sameAsSQL(t, s, cars.NAReplace(map[any]any{"Valiant": "Plymouth Valiant", "Duster 360": nil}).Select("car", "mpg"),
		"SELECT CASE car WHEN 'Valiant' THEN 'Plymouth Valiant' WHEN 'Duster 360' THEN NULL ELSE car END AS car, mpg FROM mtcars")
	// Booleans.
	flags := s.Sql(ctx, "SELECT * FROM VALUES (1, true, 'a'), (2, false, 'b'), (3, NULL, 'c') AS t(id, ok, s)")
	rows, err := flags.NAReplace(map[any]any{false: true}).OrderBy("id").CollectMaps(ctx)
	if err != nil || len(rows) != 3 || rows[0]["ok"] != true || rows[1]["ok"] != true || rows[2]["ok"] != nil || rows[1]["s"] != "b" {
		t.Errorf("NAReplace of booleans = %v, %v", rows, err)
	}

	for _, tt := range []struct {
		name string
		df   *F.DataFrame
		want string
	}{
		{"empty", cars.NAReplace(nil), "at least one replacement"},
		{"mixed keys", cars.NAReplace(map[any]any{4: 5, "a": "b"}), "mix"},
		{"value of another kind", cars.NAReplace(map[any]any{4: "four"}), "of its key's kind"},
		{"nil key", cars.NAReplace(map[any]any{nil: 0}), "use FillNA"},
		{"unsupported type", cars.NAReplace(map[any]any{time.Second: 1}), "time.Duration"},
		{"same number twice", cars.NAReplace(map[any]any{4: 1, 4.0: 2}), "twice"},
	} {
		wantErrContains(t, "NAReplace "+tt.name, tt.df.Err(), tt.want)
	}
	_, err = cars.NAReplace(map[any]any{4: 5}, "nope").CollectMaps(ctx)
	wantSparkError(t, "NAReplace of an unknown column", err, "UNRESOLVED_COLUMN")
}

// freqItems returns the sorted items FreqItems found for each column.
func freqItems(t *testing.T, df *F.DataFrame) map[string][]string {
	t.Helper()
	rows, err := df.CollectMaps(ctx)
	if err != nil || len(rows) != 1 {
		t.Fatalf("FreqItems = %v, %v; want one row", rows, err)
	}
	out := map[string][]string{}
	for k, v := range rows[0] {
		items, ok := v.([]any)
		if !ok {
			t.Fatalf("FreqItems column %s is a %T, want an array", k, v)
		}
		var ss []string
		for _, it := range items {
			ss = append(ss, fmt.Sprint(it))
		}
		sort.Strings(ss)
		out[k] = ss
	}
	return out
}

func TestFreqItems(t *testing.T) {
	s := session(t)
	// cyl takes 3 values and am 2, all in more than 20% of the rows.
	got := freqItems(t, s.Table("mtcars").FreqItems(0.2, "cyl", "am"))
	if fmt.Sprint(got) != "map[am_freqItems:[0 1] cyl_freqItems:[4 6 8]]" {
		t.Errorf("FreqItems(0.2, cyl, am) = %v", got)
	}
	// A skewed column: 7 in 60% of the rows, every other value once. The
	// frequent item is found; at most 1/support items are kept.
	skewed := s.Sql(ctx, "SELECT CASE WHEN id < 60 THEN 7 ELSE id END AS x, CAST(id % 2 AS STRING) AS parity FROM range(100)")
	got = freqItems(t, skewed.FreqItems(0.4, "x", "parity"))
	if !slices.Contains(got["x_freqItems"], "7") || len(got["x_freqItems"]) > 2 || fmt.Sprint(got["parity_freqItems"]) != "[0 1]" {
		t.Errorf("FreqItems(0.4, x, parity) = %v", got)
	}
	// The frequent items of SQL's count are among those found.
	want, err := s.Sql(ctx, "SELECT car FROM mtcars GROUP BY car HAVING count(*) >= 0.01 * (SELECT count(*) FROM mtcars)").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got = freqItems(t, s.Table("mtcars").FreqItems(0, "car")) // the default support, 1%
	for _, r := range want {
		if !slices.Contains(got["car_freqItems"], r["car"].(string)) {
			t.Errorf("FreqItems(car) misses %v: %v", r["car"], got)
		}
	}
	if len(got["car_freqItems"]) != 32 {
		t.Errorf("FreqItems(car) found %d cars, want 32", len(got["car_freqItems"]))
	}

	wantErrContains(t, "FreqItems without columns", s.Table("mtcars").FreqItems(0.1).Err(), "at least one column")
	wantErrContains(t, "FreqItems support 2", s.Table("mtcars").FreqItems(2, "cyl").Err(), "outside")
	wantErrContains(t, "FreqItems support 1e-6", s.Table("mtcars").FreqItems(1e-6, "cyl").Err(), "outside")
	_, err = s.Table("mtcars").FreqItems(0.1, "nope").CollectMaps(ctx)
	if err == nil {
		t.Error("FreqItems of an unknown column: no error")
	}
}

func TestSampleBy(t *testing.T) {
	s := session(t)
	cars := s.Table("mtcars")
	// Spark keeps a row when rand(seed) < its stratum's fraction, so SQL
	// over the same rows draws the same sample.
	for _, seed := range []int64{1, 42} {
		sameAsSQL(t, s, cars.SampleBy("cyl", map[any]float64{4: 0.5, 8: 0.25}, seed).Select("car", "cyl"),
			fmt.Sprintf("SELECT car, cyl FROM mtcars WHERE rand(%d) < CASE cyl WHEN 4 THEN 0.5 WHEN 8 THEN 0.25 ELSE 0 END", seed))
	}
	// Strings, as a Column; a fraction of 1 keeps the whole stratum.
	tx := F.When(F.Col("am").Eq(1), "manual").Otherwise("automatic")
	sameAsSQL(t, s, cars.SampleBy(tx, map[any]float64{"manual": 1, "automatic": 0.3}, 7).Select("car"),
		"SELECT car FROM mtcars WHERE rand(7) < CASE WHEN am = 1 THEN 1.0 ELSE 0.3 END")
	// Integer keys match a double column.
	n, err := cars.Mutate("cyl", F.Col("cyl").Cast("double")).SampleBy("cyl", map[any]float64{6: 1}, 3).Count(ctx)
	if err != nil || n != 7 {
		t.Errorf("SampleBy of the 7 cars with cyl 6.0 = %d, %v", n, err)
	}
	// Strata not listed are dropped.
	n, err = cars.SampleBy("cyl", map[any]float64{5: 1}, 3).Count(ctx)
	if err != nil || n != 0 {
		t.Errorf("SampleBy of an absent stratum = %d, %v", n, err)
	}

	wantErrContains(t, "SampleBy without fractions", cars.SampleBy("cyl", nil, 1).Err(), "at least one stratum")
	wantErrContains(t, "SampleBy fraction 2", cars.SampleBy("cyl", map[any]float64{4: 2}, 1).Err(), "outside [0, 1]")
	wantErrContains(t, "SampleBy of a bad stratum", cars.SampleBy("cyl", map[any]float64{struct{}{}: 1}, 1).Err(), "struct {}")
	wantErrContains(t, "SampleBy of a bad column", cars.SampleBy(4, map[any]float64{4: 1}, 1).Err(), "column name")
}

func TestCatalogCreateTable(t *testing.T) {
	s := session(t)
	cat := s.Catalog()
	db := testDatabase(t, s)

	// A managed table from a schema.
	people, err := cat.CreateTable(ctx, db+".people", F.TableSpec{Schema: "id BIGINT, name STRING", Description: "folks"})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := people.Count(ctx); err != nil || n != 0 {
		t.Errorf("rows of a new table = %d, %v", n, err)
	}
	tb, err := cat.GetTable(ctx, db+".people")
	if err != nil || tb.Description != "folks" || tb.TableType != "MANAGED" {
		t.Errorf("GetTable = %+v, %v", tb, err)
	}
	cols, err := cat.ListColumns(ctx, db+".people")
	if err != nil || len(cols) != 2 || cols[0].Name != "id" || cols[0].DataType != "bigint" || cols[1].DataType != "string" {
		t.Errorf("ListColumns = %+v, %v", cols, err)
	}
	if err := s.Sql(ctx, "INSERT INTO "+db+".people VALUES (1, 'ann'), (2, 'bob')").Err(); err != nil {
		t.Fatal(err)
	}
	sameAsSQL(t, s, s.Table(db+".people"), "SELECT * FROM VALUES (1L, 'ann'), (2L, 'bob') AS t(id, name)")

	// External tables over files: parquet with the schema inferred, CSV
	// with a schema and options.
	cars := carsOut(s)
	dir := t.TempDir()
	if err := cars.Write().Save(ctx, filepath.Join(dir, "parquet")); err != nil {
		t.Fatal(err)
	}
	if err := cars.Write().Format("csv").Option("header", "true").Save(ctx, filepath.Join(dir, "csv")); err != nil {
		t.Fatal(err)
	}
	ext, err := cat.CreateTable(ctx, db+".ext", F.TableSpec{Source: "parquet", Path: filepath.Join(dir, "parquet")})
	if err != nil {
		t.Fatal(err)
	}
	sameRows(t, ext, cars)
	if tb, err := cat.GetTable(ctx, db+".ext"); err != nil || tb.TableType != "EXTERNAL" {
		t.Errorf("GetTable(ext) = %+v, %v", tb, err)
	}
	csv, err := cat.CreateExternalTable(ctx, db+".csv", F.TableSpec{Source: "csv", Path: filepath.Join(dir, "csv"),
		Schema: carsDDL, Options: map[string]string{"header": "true"}})
	if err != nil {
		t.Fatal(err)
	}
	sameRows(t, csv, cars)
	if tb, err := cat.GetTable(ctx, db+".csv"); err != nil || tb.TableType != "EXTERNAL" {
		t.Errorf("GetTable(csv) = %+v, %v", tb, err)
	}
	// Dropping an external table leaves its files.
	if err := s.Sql(ctx, "DROP TABLE "+db+".ext").Err(); err != nil {
		t.Fatal(err)
	}
	sameRows(t, s.Read().Parquet(filepath.Join(dir, "parquet")), cars)

	_, err = cat.CreateTable(ctx, db+".people", F.TableSpec{Schema: "id INT"})
	wantSparkError(t, "CreateTable of an existing table", err, "TABLE_OR_VIEW_ALREADY_EXISTS")
	_, err = cat.CreateTable(ctx, db+".bad", F.TableSpec{Schema: "id BIGINTEGER"})
	wantSparkError(t, "CreateTable with a bad schema", err, "UNSUPPORTED_DATATYPE")
	wantErrContains(t, "CreateTable with a bad schema", err, `schema "id BIGINTEGER"`)
	_, err = cat.CreateTable(ctx, " ", F.TableSpec{})
	wantErrContains(t, "CreateTable without a name", err, "needs a table name")
	_, err = cat.CreateExternalTable(ctx, db+".nopath", F.TableSpec{Source: "csv"})
	wantErrContains(t, "CreateExternalTable without a path", err, "needs the path")
	_, err = cat.CreateExternalTable(ctx, db+".desc", F.TableSpec{Path: dir, Description: "x"})
	wantErrContains(t, "CreateExternalTable with a description", err, "no description")
}

// describe returns DESCRIBE TABLE EXTENDED's rows as col_name: data_type.
func describe(t *testing.T, s *F.Session, table string) map[string]string {
	t.Helper()
	rows, err := s.Sql(ctx, "DESCRIBE TABLE EXTENDED "+table).CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		k, _ := r["col_name"].(string)
		v, _ := r["data_type"].(string)
		if _, seen := out[k]; !seen {
			out[k] = v
		}
	}
	return out
}

func TestWriteToSessionCatalog(t *testing.T) {
	s := session(t)
	db := testDatabase(t, s)
	cars := carsOut(s)
	name := db + ".cars"

	err := cars.WriteTo(name).Using("parquet").PartitionedBy("cyl").TableProperty("owner", "sparkgo").
		Option("compression", "zstd").Create(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameRows(t, s.Table(name), cars)
	d := describe(t, s, name)
	if d["Provider"] != "parquet" || !strings.Contains(d["Table Properties"], "owner=sparkgo") {
		t.Errorf("DESCRIBE TABLE EXTENDED = %v", d)
	}
	cols, err := s.Catalog().ListColumns(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cols {
		if c.IsPartition != (c.Name == "cyl") {
			t.Errorf("column %s: IsPartition %v", c.Name, c.IsPartition)
		}
	}
	err = cars.WriteTo(name).Create(ctx)
	wantSparkError(t, "Create of an existing table", err, "TABLE_OR_VIEW_ALREADY_EXISTS")

	// Clustering.
	if err := cars.WriteTo(db+".clustered").Using("parquet").ClusterBy("cyl", "manual").Create(ctx); err != nil {
		t.Fatal(err)
	}
	cols, err = s.Catalog().ListColumns(ctx, db+".clustered")
	if err != nil {
		t.Fatal(err)
	}
	var clustered []string
	for _, c := range cols {
		if c.IsCluster {
			clustered = append(clustered, c.Name)
		}
	}
	if strings.Join(clustered, ",") != "cyl,manual" {
		t.Errorf("clustering columns %v, want cyl, manual", clustered)
	}

	// The session catalog's parquet tables are V1 tables: no replacing.
	err = cars.WriteTo(db + ".other").Using("parquet").CreateOrReplace(ctx)
	wantSparkError(t, "CreateOrReplace of a parquet table", err, "UNSUPPORTED_FEATURE.TABLE_OPERATION")

	// Client-side checks.
	for _, tt := range []struct {
		what string
		err  error
		want string
	}{
		{"Using with Append", cars.WriteTo(name).Using("parquet").Append(ctx), "Using only apply"},
		{"PartitionedBy and TableProperty with Overwrite", cars.WriteTo(name).PartitionedBy("cyl").TableProperty("a", "b").Overwrite(ctx, "cyl = 4"),
			"TableProperty, PartitionedBy only apply"},
		{"Overwrite without a condition", cars.WriteTo(name).Overwrite(ctx, nil), "needs a condition"},
		{"Overwrite with a bad condition", cars.WriteTo(name).Overwrite(ctx, 4), "want a boolean Column"},
		{"no table name", cars.WriteTo("").Create(ctx), "needs a table name"},
		{"bad partition column", cars.WriteTo(name).PartitionedBy(1).Create(ctx), "column name"},
		{"bad DataFrame", s.Table("").WriteTo(name).Append(ctx), "needs a table name"},
	} {
		wantErrContains(t, tt.what, tt.err, tt.want)
	}
}

// jdbcCatalog configures, for the session, a V2 catalog of Spark's JDBC
// connector over an in-memory Derby database (Derby ships with Spark), and
// returns its name.
func jdbcCatalog(t *testing.T, s *F.Session) string {
	t.Helper()
	name := fmt.Sprintf("sparkgo_jdbc_%d", time.Now().UnixNano())
	err := s.Conn().SetConf(ctx, map[string]string{
		"spark.sql.catalog." + name:             "org.apache.spark.sql.execution.datasources.v2.jdbc.JDBCTableCatalog",
		"spark.sql.catalog." + name + ".url":    "jdbc:derby:memory:" + name + ";create=true",
		"spark.sql.catalog." + name + ".driver": "org.apache.derby.iapi.jdbc.AutoloadedDriver",
	})
	if err != nil {
		t.Fatal(err)
	}
	return name
}

func TestWriteToV2Catalog(t *testing.T) {
	s := session(t)
	cat := jdbcCatalog(t, s)
	cars := s.Table("mtcars").Select("car", "cyl", "mpg")
	table := cat + ".APP.cars"
	t.Cleanup(func() { s.Sql(ctx, "DROP TABLE IF EXISTS "+table) })

	if err := cars.Filter("cyl = 4").WriteTo(table).Create(ctx); err != nil {
		t.Fatal(err)
	}
	sameAsSQL(t, s, s.Table(table), "SELECT car, cyl, mpg FROM mtcars WHERE cyl = 4")
	// Append matches columns by name.
	if err := cars.Filter("cyl = 6").Select("mpg", "car", "cyl").WriteTo(table).Append(ctx); err != nil {
		t.Fatal(err)
	}
	sameAsSQL(t, s, s.Table(table), "SELECT car, cyl, mpg FROM mtcars WHERE cyl IN (4, 6)")
	// Overwrite of every row.
	if err := cars.Filter("cyl = 8").WriteTo(table).Overwrite(ctx, F.Lit(true)); err != nil {
		t.Fatal(err)
	}
	sameAsSQL(t, s, s.Table(table), "SELECT car, cyl, mpg FROM mtcars WHERE cyl = 8")
	// Replace: a new definition and rows.
	if err := cars.Select("car", "mpg").Filter("mpg > 30").WriteTo(table).Replace(ctx); err != nil {
		t.Fatal(err)
	}
	sameAsSQL(t, s, s.Table(table), "SELECT car, mpg FROM mtcars WHERE mpg > 30")
	if err := cars.Limit(3).WriteTo(table).CreateOrReplace(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Table(table).Count(ctx); err != nil || n != 3 {
		t.Errorf("rows after CreateOrReplace = %d, %v", n, err)
	}
	fresh := cat + ".APP.fresh"
	t.Cleanup(func() { s.Sql(ctx, "DROP TABLE IF EXISTS "+fresh) })
	if err := cars.Filter("am = 1").WriteTo(fresh).CreateOrReplace(ctx); err != nil {
		t.Fatal(err)
	}
	sameAsSQL(t, s, s.Table(fresh), "SELECT car, cyl, mpg FROM mtcars WHERE am = 1")

	// Missing tables.
	wantSparkError(t, "Replace of a missing table", cars.WriteTo(cat+".APP.missing").Replace(ctx), "TABLE_OR_VIEW_NOT_FOUND")
	wantSparkError(t, "Append to a missing table", cars.WriteTo(cat+".APP.missing").Append(ctx), "TABLE_OR_VIEW_NOT_FOUND")
	wantSparkError(t, "Create of an existing table", cars.WriteTo(table).Create(ctx), "TABLE_OR_VIEW_ALREADY_EXISTS")
	// JDBC tables can be truncated, not deleted from by filter or
	// overwritten by partition: Spark says so for these operations.
	se := wantSparkError(t, "Overwrite by filter", cars.WriteTo(table).Overwrite(ctx, F.Col("cyl").Eq(4)), "UNSUPPORTED_FEATURE.TABLE_OPERATION")
	if se != nil && !strings.Contains(se.Error(), "overwrite by filter") {
		t.Errorf("Overwrite by filter: %v", se)
	}
	se = wantSparkError(t, "OverwritePartitions", cars.WriteTo(table).OverwritePartitions(ctx), "UNSUPPORTED_FEATURE.TABLE_OPERATION")
	if se != nil && !strings.Contains(se.Error(), "dynamic overwrite") {
		t.Errorf("OverwritePartitions: %v", se)
	}
	if n, err := s.Table(table).Count(ctx); err != nil || n != 3 {
		t.Errorf("rows after the failed writes = %d, %v", n, err)
	}
}

// Mode "ignore" writes nothing to an existing destination, without an
// error. (Spark 4.0 reports an internal error for it, which Write hides.)
func TestWriteIgnoreExisting(t *testing.T) {
	s := session(t)
	db := testDatabase(t, s)
	cars := carsOut(s)
	path := filepath.Join(t.TempDir(), "cars")
	if err := cars.Write().Save(ctx, path); err != nil {
		t.Fatal(err)
	}
	if err := cars.Limit(1).Write().Mode("ignore").Save(ctx, path); err != nil {
		t.Errorf("Save in mode ignore to an existing path: %v", err)
	}
	sameRows(t, s.Read().Parquet(path), cars)
	if err := cars.Write().SaveAsTable(ctx, db+".cars"); err != nil {
		t.Fatal(err)
	}
	if err := cars.Limit(1).Write().Mode("ignore").SaveAsTable(ctx, db+".cars"); err != nil {
		t.Errorf("SaveAsTable in mode ignore to an existing table: %v", err)
	}
	sameRows(t, s.Table(db+".cars"), cars)
	// A new destination is written.
	if err := cars.Limit(1).Write().Mode("ignore").SaveAsTable(ctx, db+".one"); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Table(db + ".one").Count(ctx); err != nil || n != 1 {
		t.Errorf("rows of a table written in mode ignore = %d, %v", n, err)
	}
}
