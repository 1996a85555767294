package frame_test

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sparkgo/sparkgo/connect"
	F "github.com/sparkgo/sparkgo/frame"
)

// carsDDL is the schema of carsOut, for the formats that do not store one.
const carsDDL = "car STRING, mpg DOUBLE, cyl INT, manual BOOLEAN"

func carsOut(s *F.Session) *F.DataFrame {
	return s.Table("mtcars").Select("car", F.Col("mpg").Cast("double").Alias("mpg"), "cyl", F.Col("am").Eq(1).Alias("manual"))
}

func sameRows(t *testing.T, got, want *F.DataFrame) {
	t.Helper()
	g, w := render(t, got), render(t, want)
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		t.Errorf("rows read back:\n%s\nrows written:\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
	if len(g) == 0 {
		t.Error("no rows to compare")
	}
}

func TestWriteReadFormats(t *testing.T) {
	s := session(t)
	cars := carsOut(s)
	for _, tt := range []struct {
		format string
		read   func(r *F.DataFrameReader, path string) *F.DataFrame
		opts   map[string]string
	}{
		{"parquet", func(r *F.DataFrameReader, p string) *F.DataFrame { return r.Parquet(p) }, nil},
		{"orc", func(r *F.DataFrameReader, p string) *F.DataFrame { return r.Orc(p) }, nil},
		{"json", func(r *F.DataFrameReader, p string) *F.DataFrame { return r.Schema(carsDDL).Json(p) }, nil},
		{"csv", func(r *F.DataFrameReader, p string) *F.DataFrame {
			return r.Schema(carsDDL).Option("header", "true").Csv(p)
		}, map[string]string{"header": "true"}},
		{"csv inferred", func(r *F.DataFrameReader, p string) *F.DataFrame {
			return r.Options(map[string]string{"header": "true", "inferSchema": "true"}).Csv(p)
		}, map[string]string{"header": "true"}},
	} {
		t.Run(tt.format, func(t *testing.T) {
			format, _, _ := strings.Cut(tt.format, " ")
			path := filepath.Join(t.TempDir(), "cars."+format)
			if err := cars.Write().Format(format).Options(tt.opts).Save(ctx, path); err != nil {
				t.Fatal(err)
			}
			back := tt.read(s.Read(), path)
			sameRows(t, back, cars)
			cols, err := back.Columns(ctx)
			if err != nil || strings.Join(cols, ",") != "car,mpg,cyl,manual" {
				t.Errorf("columns read back = %v, %v", cols, err)
			}
			// The generic Load reads the same rows.
			generic := s.Read().Format(format).Options(tt.opts)
			if format != "parquet" && format != "orc" {
				generic = generic.Schema(carsDDL)
			}
			sameRows(t, generic.Load(path), cars)
		})
	}
	t.Run("text", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "cars.txt")
		lines := cars.Select(F.ConcatWS(";", "car", "cyl").Alias("value"))
		if err := lines.Write().Format("text").Save(ctx, path); err != nil {
			t.Fatal(err)
		}
		sameRows(t, s.Read().Text(path), lines)
	})
}

func TestWriteModes(t *testing.T) {
	s := session(t)
	cars := carsOut(s)
	path := filepath.Join(t.TempDir(), "modes")
	count := func() int64 {
		t.Helper()
		n, err := s.Read().Parquet(path).Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	w := cars.Write().Format("parquet")
	if err := w.Save(ctx, path); err != nil {
		t.Fatal(err)
	}
	err := w.Save(ctx, path)
	var se *connect.SparkError
	if !errors.As(err, &se) || se.ErrorClass != "PATH_ALREADY_EXISTS" {
		t.Errorf("second Save in the default mode: %v, want PATH_ALREADY_EXISTS", err)
	}
	if err := w.Mode("errorifexists").Save(ctx, path); !errors.As(err, &se) || se.ErrorClass != "PATH_ALREADY_EXISTS" {
		t.Errorf("Save in mode errorifexists: %v, want PATH_ALREADY_EXISTS", err)
	}
	if err := w.Mode("error").Save(ctx, path); !errors.As(err, &se) || se.ErrorClass != "PATH_ALREADY_EXISTS" {
		t.Errorf("Save in mode error: %v, want PATH_ALREADY_EXISTS", err)
	}
	if err := cars.Limit(1).Write().Mode("ignore").Save(ctx, path); err != nil || count() != 32 {
		t.Errorf("Save in mode ignore changed the data: %v, %d rows", err, count())
	}
	if err := w.Mode("append").Save(ctx, path); err != nil || count() != 64 {
		t.Errorf("Save in mode append: %v, %d rows, want 64", err, count())
	}
	if err := cars.Limit(5).Write().Mode("OVERWRITE").Save(ctx, path); err != nil || count() != 5 {
		t.Errorf("Save in mode overwrite: %v, %d rows, want 5", err, count())
	}
	err = w.Mode("sideways").Save(ctx, path)
	if err == nil || err.Error() != `frame: write mode "sideways" is unknown; use error, errorifexists, overwrite, append or ignore` {
		t.Errorf("Mode(sideways) error = %v", err)
	}
	if count() != 5 {
		t.Error("a write with a bad mode changed the data")
	}
	if err := w.SortBy("car").Save(ctx, path); err == nil || err.Error() != "frame: SortBy needs BucketBy" {
		t.Errorf("SortBy without BucketBy: %v", err)
	}
	if err := w.BucketBy(0, "car").Save(ctx, path); err == nil {
		t.Error("BucketBy(0): no error")
	}
}

func TestWritePartitionBy(t *testing.T) {
	s := session(t)
	cars := carsOut(s)
	path := filepath.Join(t.TempDir(), "by_cyl")
	if err := cars.Write().Format("parquet").PartitionBy("cyl", "manual").Save(ctx, path); err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, pattern := range []string{"cyl=*", "cyl=*/manual=*"} {
		m, err := filepath.Glob(filepath.Join(path, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range m {
			rel, _ := filepath.Rel(path, d)
			dirs = append(dirs, rel)
		}
	}
	sort.Strings(dirs)
	want := "cyl=4 cyl=4/manual=false cyl=4/manual=true cyl=6 cyl=6/manual=false cyl=6/manual=true cyl=8 cyl=8/manual=false cyl=8/manual=true"
	if strings.Join(dirs, " ") != want {
		t.Errorf("partition directories = %v, want %s", dirs, want)
	}
	back := s.Read().Parquet(path)
	cols, err := back.Columns(ctx)
	if err != nil || strings.Join(cols, ",") != "car,mpg,cyl,manual" {
		t.Errorf("columns read back = %v, %v (partition columns come last)", cols, err)
	}
	sameRows(t, back, cars)
	// Reading one partition directory gives its rows, without the key columns.
	sameRows(t, s.Read().Parquet(filepath.Join(path, "cyl=6", "manual=true")), cars.Filter("cyl = 6 AND manual").Select("car", "mpg"))
	// Files are not coalesced: a DataFrame of 3 partitions writes 3 files.
	multi := filepath.Join(t.TempDir(), "multi")
	if err := s.Range(0, 30, 1, 3).Write().Format("json").Save(ctx, multi); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(multi, "part-*.json"))
	if len(files) != 3 {
		t.Errorf("a DataFrame of 3 partitions wrote %d files, want 3", len(files))
	}
}

func TestReadErrors(t *testing.T) {
	s := session(t)
	missing := filepath.Join(t.TempDir(), "no", "such", "file.parquet")
	_, err := s.Read().Parquet(missing).Count(ctx)
	var se *connect.SparkError
	if !errors.As(err, &se) || se.ErrorClass != "PATH_NOT_FOUND" {
		t.Errorf("reading a missing path: %v, want PATH_NOT_FOUND", err)
	}
	_, err = s.Read().Format("no_such_format").Load(t.TempDir()).Count(ctx)
	if !errors.As(err, &se) || se.ErrorClass != "DATA_SOURCE_NOT_FOUND" {
		t.Errorf("reading a bad format: %v, want DATA_SOURCE_NOT_FOUND", err)
	}
	err = carsOut(s).Write().Format("no_such_format").Save(ctx, filepath.Join(t.TempDir(), "out"))
	if !errors.As(err, &se) || se.ErrorClass != "DATA_SOURCE_NOT_FOUND" {
		t.Errorf("writing a bad format: %v, want DATA_SOURCE_NOT_FOUND", err)
	}
	// A schema that does not fit the data gives NULLs in CSV's permissive mode…
	path := filepath.Join(t.TempDir(), "c.csv")
	if err := os.WriteFile(path, []byte("a,b\n1,x\n2,y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err := s.Read().Option("header", "true").Schema("a INT, b INT").Csv(path).CollectMaps(ctx)
	if err != nil || len(rows) != 2 || rows[0]["b"] != nil || rows[0]["a"] != int32(1) {
		t.Errorf("CSV with a mismatched schema = %v, %v", rows, err)
	}
	// …and an error in FAILFAST mode.
	_, err = s.Read().Options(map[string]string{"header": "true", "mode": "FAILFAST"}).Schema("a INT, b INT").Csv(path).CollectMaps(ctx)
	if err == nil {
		t.Error("CSV in FAILFAST mode with a mismatched schema: no error")
	}
	if _, err := s.Read().Schema("a INT,, b").Csv(path).Count(ctx); !errors.As(err, &se) || se.ErrorClass != "PARSE_SYNTAX_ERROR" {
		t.Errorf("bad DDL schema: %v", err)
	}
	if err := s.Read().Table(" ").Err(); err == nil {
		t.Error("Read().Table with no name: no error")
	}
}

func TestReaderIsImmutable(t *testing.T) {
	s := session(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "h.csv")
	if err := os.WriteFile(path, []byte("x,y\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := s.Read().Format("csv")
	withHeader := base.Option("header", "true")
	n1, err1 := base.Load(path).Count(ctx)
	n2, err2 := withHeader.Load(path).Count(ctx)
	if err1 != nil || err2 != nil || n1 != 2 || n2 != 1 {
		t.Errorf("counts without and with header = %d, %d (%v, %v); want 2, 1", n1, n2, err1, err2)
	}
	if src := withHeader.Load(path).Source(); src != "csv: "+path {
		t.Errorf("Source = %q", src)
	}
}
