package frame_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	F "github.com/sparkgo/sparkgo/frame"
)

// csvSQL has a column of each type CSV holds, NULLs and awkward strings.
const csvSQL = `SELECT * FROM VALUES
 (1, 2.5D, 12345678901234567890.123456789012345678BD, 'plain', true, DATE'2024-02-29', TIMESTAMP'2024-03-10 01:30:00.123456', X'00FF'),
 (2, -0.1D, -0.000000000000000001BD, 'comma, "quote"', false, DATE'0001-01-01', TIMESTAMP'1970-01-01 00:00:00', X''),
 (3, CAST('NaN' AS DOUBLE), 0BD, '', NULL, NULL, NULL, NULL),
 (4, NULL, NULL, NULL, true, DATE'9999-12-31', TIMESTAMP'2024-07-01 12:00:00', NULL),
 (5, 1e300D, 1BD, 'multi
line', false, DATE'2000-01-01', TIMESTAMP'2000-01-01 00:00:00.5', X'41')
 AS t(id, d, dec, s, b, day, ts, bin)`

func writeCSV(t *testing.T, df *F.DataFrame, opts F.CSVOptions) (string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.csv")
	if err := df.WriteLocalCSV(ctx, path, opts); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, string(data)
}

func TestWriteLocalCSV(t *testing.T) {
	s := session(t)
	if err := s.Conn().SetConf(ctx, map[string]string{"spark.sql.session.timeZone": "Europe/Paris"}); err != nil {
		t.Fatal(err)
	}
	df := s.Sql(ctx, csvSQL).OrderBy("id")
	_, got := writeCSV(t, df, F.CSVOptions{})
	want := `id,d,dec,s,b,day,ts,bin
1,2.5,12345678901234567890.123456789012345678,plain,true,2024-02-29,2024-03-10T01:30:00.123456+01:00,AP8=
2,-0.1,-0.000000000000000001,"comma, ""quote""",false,0001-01-01,1970-01-01T00:00:00+01:00,""
3,NaN,0.000000000000000000,"",,,,
4,,,,true,9999-12-31,2024-07-01T12:00:00+02:00,
5,1e+300,1.000000000000000000,"multi
line",false,2000-01-01,2000-01-01T00:00:00.5+01:00,QQ==
`
	if got != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", got, want)
	}
	// Options: another delimiter, NULL text, zone, no header.
	_, got = writeCSV(t, df.Select("id", "s", "ts").Filter("id IN (1, 3, 4)"), F.CSVOptions{Delimiter: ';', NullValue: "NA", TimeZone: "UTC", NoHeader: true})
	want = "1;plain;2024-03-10T00:30:00.123456Z\n3;;NA\n4;NA;2024-07-01T10:00:00Z\n"
	if got != want {
		t.Errorf("CSV with options:\n%s\nwant:\n%s", got, want)
	}
	// Nested values as JSON.
	_, got = writeCSV(t, s.Sql(ctx, "SELECT array(1, 2) AS a, map('k', 1.5BD) AS m, named_struct('x', 1, 'y', 'z') AS st"), F.CSVOptions{})
	if want := "a,m,st\n\"[1,2]\",\"{\"\"k\"\":1.5}\",\"{\"\"x\"\":1,\"\"y\"\":\"\"z\"\"}\"\n"; got != want {
		t.Errorf("nested CSV:\n%s\nwant:\n%s", got, want)
	}
	// An existing file needs Overwrite.
	path, _ := writeCSV(t, df, F.CSVOptions{})
	if err := df.WriteLocalCSV(ctx, path, F.CSVOptions{}); err == nil || err.Error() != "frame: WriteLocalCSV: "+path+" already exists; set CSVOptions.Overwrite to replace it" {
		t.Errorf("existing file: %v", err)
	}
	if err := df.Limit(1).WriteLocalCSV(ctx, path, F.CSVOptions{Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); strings.Count(string(data), "\n") != 2 {
		t.Errorf("overwritten file:\n%s", data)
	}
	// A failing query leaves no file behind.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := s.Table("no_such_table").WriteLocalCSV(ctx, bad, F.CSVOptions{}); err == nil {
		t.Errorf("no error for a missing table")
	}
	if entries, _ := os.ReadDir(filepath.Dir(bad)); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
}

func TestCSVRoundTrip(t *testing.T) {
	s := session(t)
	if err := s.Conn().SetConf(ctx, map[string]string{"spark.sql.session.timeZone": "America/New_York"}); err != nil {
		t.Fatal(err)
	}
	df := s.Sql(ctx, csvSQL)
	path, _ := writeCSV(t, df, F.CSVOptions{})
	// With a schema, every value comes back exactly.
	back := s.ReadLocalCSV(ctx, path, F.CSVOptions{Schema: "id INT, d DOUBLE, dec DECIMAL(38,18), s STRING, b BOOLEAN, day DATE, ts TIMESTAMP, bin BINARY"})
	if err := back.Err(); err != nil {
		t.Fatal(err)
	}
	if back.Source() != path {
		t.Errorf("Source = %q", back.Source())
	}
	same := func(t *testing.T, got, want *F.DataFrame) {
		t.Helper()
		g, w := render(t, got), render(t, want)
		if strings.Join(g, "\n") != strings.Join(w, "\n") {
			t.Errorf("read back:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
		}
	}
	same(t, back, df)
	// Inference finds the same types but for the decimal (double) and binary (string) columns.
	inferred := s.ReadLocalCSV(ctx, path, F.CSVOptions{})
	tree, err := inferred.TreeString(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := "root\n |-- id: integer (nullable = true)\n |-- d: double (nullable = true)\n |-- dec: double (nullable = true)\n" +
		" |-- s: string (nullable = true)\n |-- b: boolean (nullable = true)\n |-- day: date (nullable = true)\n" +
		" |-- ts: timestamp (nullable = true)\n |-- bin: string (nullable = true)\n"
	if tree != want {
		t.Errorf("inferred schema:\n%s\nwant:\n%s", tree, want)
	}
	same(t, inferred.Select("id", "d", F.Col("dec").Cast("decimal(38,18)").Alias("dec"), "s", "b", "day", "ts", F.Call("unbase64", "bin").Alias("bin")).
		Filter("id <> 1"), df.Filter("id <> 1")) // 12345678901234567890.123456789012345678 is not exact as a double
	// Through the cache too.
	same(t, s.ReadLocalCSV(ctx, path, F.CSVOptions{ForceCache: true, Schema: "id INT, d DOUBLE, dec DECIMAL(38,18), s STRING, b BOOLEAN, day DATE, ts TIMESTAMP, bin BINARY"}), df)
}

func TestReadLocalCSV(t *testing.T) {
	s := session(t)
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Inference over all rows, CRLF, a BOM, blank lines, a duplicate and an empty header.
	p := file("a.csv", "\xEF\xBB\xBFn,x,n,,when\r\n1,2,a,true,2024-01-01 10:00:00\r\n\r\n3000000000,2.5,b,false,2024-01-02T10:00:00Z\r\n")
	df := s.ReadLocalCSV(ctx, p, F.CSVOptions{TimeZone: "Asia/Tokyo"})
	tree, err := df.TreeString(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := "root\n |-- n0: long (nullable = true)\n |-- x: double (nullable = true)\n |-- n2: string (nullable = true)\n" +
		" |-- _c3: boolean (nullable = true)\n |-- when: timestamp (nullable = true)\n"; tree != want {
		t.Errorf("schema:\n%s\nwant:\n%s", tree, want)
	}
	rows, err := s.ReadLocalCSV(ctx, p, F.CSVOptions{TimeZone: "Asia/Tokyo"}).SelectExpr("n0", "x", "n2", "_c3", "unix_seconds(`when`) AS secs").OrderBy("n0").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0]["n0"] != int64(1) || rows[1]["x"] != 2.5 || rows[1]["n2"] != "b" || rows[0]["_c3"] != true ||
		rows[0]["secs"] != int64(1704070800) || rows[1]["secs"] != int64(1704189600) {
		t.Errorf("rows = %v", rows)
	}
	// Options: delimiter, NULL text, no header.
	p = file("b.csv", "1;NA;\"NA\"\n2;x;\n")
	rows, err = s.ReadLocalCSV(ctx, p, F.CSVOptions{Delimiter: ';', NullValue: "NA", NoHeader: true}).OrderBy("_c0").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0]["_c1"] != nil || rows[0]["_c2"] != "NA" || rows[1]["_c1"] != "x" || rows[1]["_c2"] != "" {
		t.Errorf("rows = %v", rows)
	}
	// Errors name the file, the line and the column.
	for _, tt := range []struct {
		content, schema, want string
	}{
		{"a,b\n1,2\n3\n", "", "line 3 has 1 fields, the first line 2"},
		{"a,b\n1,\"2\n", "", "line 2: a quoted field is not closed"},
		{"a,b\n1,\"2\"x\n", "", `line 2: 'x' after a closing quote; quotes inside a field must be doubled`},
		{"a,b\n1,2\nx,3\n", "a INT, b INT", `line 3: column "a": "x" is not a 32-bit integer`},
		{"a\n1.234\n", "a DECIMAL(5,2)", `line 2: column "a": 1.234 has more than 2 digits after the decimal point`},
		{"a,b\n1,2\n", "a INT", "the header has 2 columns, the schema 1"},
		{"a\n[1]\n", "a ARRAY<INT>", `column "a": CSV cannot hold array<int> values`},
		{"", "", "the file is empty; give a Schema to read an empty file"},
	} {
		p := file("bad.csv", tt.content)
		err := s.ReadLocalCSV(ctx, p, F.CSVOptions{Schema: tt.schema}).Err()
		if want := "frame: ReadLocalCSV " + p + ": " + tt.want; err == nil || err.Error() != want {
			t.Errorf("%q:\n got %v\nwant %s", tt.content, err, want)
		}
	}
	if err := s.ReadLocalCSV(ctx, filepath.Join(dir, "missing.csv"), F.CSVOptions{}).Err(); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
	// An empty file with a schema is an empty DataFrame.
	if n, err := s.ReadLocalCSV(ctx, file("empty.csv", ""), F.CSVOptions{Schema: "a INT"}).Count(ctx); err != nil || n != 0 {
		t.Errorf("empty file: %d, %v", n, err)
	}
}
