package connect_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/internal/sparktest"
)

func TestSparkVersion(t *testing.T) {
	s := sparktest.Session(t)
	v, err := s.SparkVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v, "4.") {
		t.Fatalf("SparkVersion = %q, want 4.x", v)
	}
	if s.ServerSessionID() == "" {
		t.Error("ServerSessionID is empty after connecting")
	}
}

// collectStrings runs a query and renders each cell with Arrow's ValueStr,
// checking the Arrow type of every column.
func collectOne(t *testing.T, s *connect.Session, query string, args ...any) arrow.RecordBatch {
	t.Helper()
	rows, err := s.SQL(context.Background(), query, args...)
	if err != nil {
		t.Fatalf("SQL(%q): %v", query, err)
	}
	tbl, err := rows.ReadTable()
	if err != nil {
		t.Fatalf("reading %q: %v", query, err)
	}
	defer tbl.Release()
	tr := array.NewTableReader(tbl, -1)
	defer tr.Release()
	if !tr.Next() {
		t.Fatalf("%q returned no rows", query)
	}
	rec := tr.RecordBatch()
	rec.Retain()
	return rec
}

func TestEveryType(t *testing.T) {
	ctx := context.Background()
	s := sparktest.Session(t)
	if err := s.SetConf(ctx, map[string]string{"spark.sql.session.timeZone": "America/Los_Angeles"}); err != nil {
		t.Fatal(err)
	}
	rec := collectOne(t, s, `SELECT
		CAST(-128 AS TINYINT) i8, CAST(-32768 AS SMALLINT) i16, 2147483647 i32, -9223372036854775808L i64,
		CAST(1.5 AS FLOAT) f32, CAST(2.25E300 AS DOUBLE) f64,
		CAST('12345678901234567890.123456789012345678' AS DECIMAL(38,18)) dec,
		'héllo ✓ 世界' str, X'DEADBEEF' bin, true b,
		DATE '2024-02-29' d,
		TIMESTAMP '2024-03-10 12:34:56.123456' ts,
		TIMESTAMP_NTZ '2024-03-10 12:34:56.123456' ntz,
		INTERVAL '1-2' YEAR TO MONTH ym,
		INTERVAL '3 04:05:06.789' DAY TO SECOND dt,
		array(1, NULL, 3) arr,
		map('a', 1, 'b', NULL) m,
		named_struct('a', 1, 'b', 'x') st,
		CAST(NULL AS INT) nint, NULL nul`)
	defer rec.Release()

	want := []struct{ name, typ, val string }{
		{"i8", "int8", "-128"},
		{"i16", "int16", "-32768"},
		{"i32", "int32", "2147483647"},
		{"i64", "int64", "-9223372036854775808"},
		{"f32", "float32", "1.5"},
		{"f64", "float64", "2.25e+300"},
		{"dec", "decimal(38, 18)", "12345678901234567890.123456789012345678"},
		{"str", "utf8", "héllo ✓ 世界"},
		{"bin", "binary", "3q2+7w=="},
		{"b", "bool", "true"},
		{"d", "date32", "2024-02-29"},
		// 12:34:56 in Los Angeles on the day DST began is 19:34:56 UTC.
		{"ts", "timestamp[us, tz=America/Los_Angeles]", "2024-03-10 12:34:56.123456-07:00"},
		{"ntz", "timestamp[us]", "2024-03-10 12:34:56.123456"},
		{"ym", "month_interval", "14"},
		{"dt", "duration[us]", "273906789000us"},
		{"arr", "list<element: int32, nullable>", "[1,null,3]"},
		{"m", "map<utf8, int32, items_nullable>", `[{"key":"a","value":1},{"key":"b","value":null}]`},
		{"st", "struct<a: int32, b: utf8>", `{"a":1,"b":"x"}`},
		{"nint", "int32", "(null)"},
		{"nul", "null", "(null)"},
	}
	if int(rec.NumCols()) != len(want) {
		t.Fatalf("got %d columns, want %d", rec.NumCols(), len(want))
	}
	for i, w := range want {
		f := rec.Schema().Field(i)
		col := rec.Column(i)
		got := col.ValueStr(0)
		if col.IsNull(0) {
			got = "(null)"
		}
		if ts, ok := col.(*array.Timestamp); ok && !col.IsNull(0) {
			unit := ts.DataType().(*arrow.TimestampType)
			loc, _ := time.LoadLocation(unit.TimeZone)
			if loc == nil {
				loc = time.UTC
			}
			got = ts.Value(0).ToTime(unit.Unit).In(loc).Format("2006-01-02 15:04:05.999999Z07:00")
			if unit.TimeZone == "" {
				got = ts.Value(0).ToTime(unit.Unit).Format("2006-01-02 15:04:05.999999")
			}
		}
		if f.Name != w.name || f.Type.String() != w.typ || got != w.val {
			t.Errorf("column %d = %s %s %q, want %s %s %q", i, f.Name, f.Type, got, w.name, w.typ, w.val)
		}
	}
	if v := rec.Column(4).(*array.Float32).Value(0); v != 1.5 {
		t.Errorf("f32 = %v, want 1.5", v)
	}
	if v := rec.Column(11).(*array.Timestamp).Value(0); v != 1710099296123456 {
		t.Errorf("ts = %d µs, want 1710099296123456", v)
	}
}

func TestSQLParameters(t *testing.T) {
	s := sparktest.Session(t)
	rec := collectOne(t, s, "SELECT ? + 1 AS a, ? AS b, ? AS c, ? AS d", int32(41), "x'y", []byte{1, 2}, nil)
	defer rec.Release()
	if got := rec.Column(0).ValueStr(0); got != "42" {
		t.Errorf("? + 1 = %s, want 42", got)
	}
	if got := rec.Column(1).ValueStr(0); got != "x'y" {
		t.Errorf("string parameter = %s, want x'y (bound, not spliced)", got)
	}
	named := collectOne(t, s, "SELECT :n * 2 AS a, :t AS t", sql.Named("n", int64(21)),
		sql.Named("t", time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC)))
	defer named.Release()
	if got := named.Column(0).ValueStr(0); got != "42" {
		t.Errorf(":n * 2 = %s, want 42", got)
	}
	if got := named.Column(1).(*array.Timestamp).Value(0); got != 1704164645000006 {
		t.Errorf(":t = %d µs, want 1704164645000006", got)
	}

	_, err := s.SQL(context.Background(), "SELECT ?", make(chan int))
	if err == nil || err.Error() != "SQL parameter 1: connect: cannot send a Go chan int to Spark as a literal" {
		t.Errorf("channel parameter error = %v", err)
	}
	_, err = s.SQL(context.Background(), "SELECT ?, :a", 1, sql.Named("a", 2))
	if err == nil || err.Error() != "connect: SQL parameters mix positional and named values; use one kind" {
		t.Errorf("mixed parameters error = %v", err)
	}
}

func TestCommandsRunEagerly(t *testing.T) {
	ctx := context.Background()
	s := sparktest.Session(t)
	// A view created by a command exists before any row is read.
	if _, err := s.SQLRelation(ctx, "CREATE OR REPLACE TEMP VIEW eager_v AS SELECT 7 AS x"); err != nil {
		t.Fatal(err)
	}
	rec := collectOne(t, s, "SELECT x FROM eager_v")
	defer rec.Release()
	if got := rec.Column(0).ValueStr(0); got != "7" {
		t.Fatalf("x = %s, want 7", got)
	}
	show := collectOne(t, s, "SHOW TABLES LIKE 'eager_v'")
	defer show.Release()
	if got := show.Schema().Field(1).Name + "=" + show.Column(1).ValueStr(0); got != "tableName=eager_v" {
		t.Errorf("SHOW TABLES = %s, want tableName=eager_v", got)
	}
}

func TestAnalyze(t *testing.T) {
	ctx := context.Background()
	s := sparktest.Session(t)
	rel, err := s.SQLRelation(ctx, "SELECT id, CAST(id AS STRING) AS s FROM range(5)")
	if err != nil {
		t.Fatal(err)
	}
	schema, err := s.Schema(ctx, rel)
	if err != nil {
		t.Fatal(err)
	}
	fields := schema.GetStruct().GetFields()
	if len(fields) != 2 || fields[0].GetName() != "id" || fields[0].GetDataType().GetLong() == nil ||
		fields[1].GetName() != "s" || fields[1].GetDataType().GetString_() == nil {
		t.Errorf("Schema = %v, want id bigint, s string", schema)
	}
	tree, err := s.TreeString(ctx, rel, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := "root\n |-- id: long (nullable = false)\n |-- s: string (nullable = false)\n"; tree != want {
		t.Errorf("TreeString = %q, want %q", tree, want)
	}
	plan, err := s.Explain(ctx, rel, connect.ExplainExtended)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"== Parsed Logical Plan ==", "== Physical Plan ==", "Range (0, 5, step=1"} {
		if !strings.Contains(plan, part) {
			t.Errorf("Explain output lacks %q:\n%s", part, plan)
		}
	}
	ddl, err := s.ParseDDL(ctx, "a INT, b ARRAY<STRING>")
	if err != nil {
		t.Fatal(err)
	}
	if f := ddl.GetStruct().GetFields(); len(f) != 2 || f[0].GetName() != "a" || f[1].GetDataType().GetArray() == nil {
		t.Errorf("ParseDDL = %v", ddl)
	}
	other, err := s.SQLRelation(ctx, "SELECT id, CAST(id AS STRING) AS s FROM range(5)")
	if err != nil {
		t.Fatal(err)
	}
	same, err := s.SameSemantics(ctx, rel, other)
	if err != nil || !same {
		t.Errorf("SameSemantics(equal queries) = %v, %v; want true", same, err)
	}
	diff, err := s.SQLRelation(ctx, "SELECT id FROM range(6)")
	if err != nil {
		t.Fatal(err)
	}
	if same, err := s.SameSemantics(ctx, rel, diff); err != nil || same {
		t.Errorf("SameSemantics(different queries) = %v, %v; want false", same, err)
	}
}

func TestConfigRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := sparktest.Session(t)
	const key = "spark.sql.shuffle.partitions"
	if err := s.SetConf(ctx, map[string]string{key: "7", "spark.sql.ansi.enabled": "false"}); err != nil {
		t.Fatal(err)
	}
	if v, err := s.GetConf(ctx, key); err != nil || v != "7" {
		t.Errorf("GetConf = %q, %v; want 7", v, err)
	}
	all, err := s.AllConf(ctx, "spark.sql.shuffle")
	if err != nil || all[key] != "7" {
		t.Errorf("AllConf = %v, %v; want %s=7", all, err, key)
	}
	if err := s.UnsetConf(ctx, key); err != nil {
		t.Fatal(err)
	}
	if v, err := s.GetConf(ctx, key); err != nil || v != "200" {
		t.Errorf("GetConf after Unset = %q, %v; want the default 200", v, err)
	}
	if _, ok, err := s.LookupConf(ctx, "sparkgo.no.such.key"); err != nil || ok {
		t.Errorf("LookupConf(unknown) = %v, %v; want not found", ok, err)
	}
	_, err = s.GetConf(ctx, "sparkgo.no.such.key")
	var se *connect.SparkError
	if !errors.As(err, &se) || se.ErrorClass != "SQL_CONF_NOT_FOUND" {
		t.Errorf("GetConf(unknown) error = %v, want SQL_CONF_NOT_FOUND", err)
	}
	err = s.SetConf(ctx, map[string]string{"spark.driver.memory": "1g"})
	if !errors.As(err, &se) || se.ErrorClass != "CANNOT_MODIFY_CONFIG" {
		t.Errorf("SetConf(static) error = %v, want CANNOT_MODIFY_CONFIG", err)
	}
}

func TestUnresolvedColumnError(t *testing.T) {
	s := sparktest.Session(t)
	const query = "SELECT id, nope FROM range(3)"
	_, err := s.SQL(context.Background(), query)
	var se *connect.SparkError
	if !errors.As(err, &se) {
		t.Fatalf("SQL(%q) error = %v, want a *SparkError", query, err)
	}
	if se.ErrorClass != "UNRESOLVED_COLUMN.WITH_SUGGESTION" || se.SQLState != "42703" {
		t.Errorf("error class, SQLSTATE = %s, %s", se.ErrorClass, se.SQLState)
	}
	if se.Parameters["objectName"] != "`nope`" || se.Parameters["proposal"] != "`id`" {
		t.Errorf("Parameters = %v", se.Parameters)
	}
	if len(se.QueryContexts) != 1 {
		t.Fatalf("QueryContexts = %+v, want one", se.QueryContexts)
	}
	qc := se.QueryContexts[0]
	if qc.Kind != "SQL" || qc.Start != 11 || qc.Stop != 14 || qc.Fragment != "nope" || query[qc.Start:qc.Stop+1] != "nope" {
		t.Errorf("QueryContext = %+v, want SQL [11,14] \"nope\"", qc)
	}
	want := "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `nope` cannot be resolved. Did you mean one of the following? [`id`]. SQLSTATE: 42703; line 1 pos 11;"
	if se.Error() != want {
		t.Errorf("Error() =\n%s\nwant\n%s", se.Error(), want)
	}
	if len(se.StackTrace) == 0 || se.ExceptionClass == "" {
		t.Errorf("server stack trace or exception class missing: %q, %d frames", se.ExceptionClass, len(se.StackTrace))
	}
	if !errors.Is(err, &connect.SparkError{ErrorClass: "UNRESOLVED_COLUMN"}) {
		t.Error("errors.Is(err, UNRESOLVED_COLUMN) = false")
	}
}

func TestTableNotFoundError(t *testing.T) {
	s := sparktest.Session(t)
	_, err := s.SQL(context.Background(), "SELECT * FROM no_such_table_xyz")
	var se *connect.SparkError
	if !errors.As(err, &se) || se.ErrorClass != "TABLE_OR_VIEW_NOT_FOUND" || se.SQLState != "42P01" {
		t.Fatalf("error = %v, want TABLE_OR_VIEW_NOT_FOUND 42P01", err)
	}
	if qc := se.QueryContexts; len(qc) != 1 || qc[0].Fragment != "no_such_table_xyz" || qc[0].Start != 14 {
		t.Errorf("QueryContexts = %+v", qc)
	}
}

func TestRuntimeErrorCause(t *testing.T) {
	s := sparktest.Session(t)
	rows, err := s.SQL(context.Background(), "SELECT 1 / (id - 2) FROM range(5)")
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
	}
	var se *connect.SparkError
	if !errors.As(err, &se) || se.ErrorClass != "DIVIDE_BY_ZERO" || se.SQLState != "22012" {
		t.Fatalf("error = %v, want DIVIDE_BY_ZERO", err)
	}
}

// sleepQuery runs for about a minute on the server unless interrupted.
const sleepQuery = "SELECT reflect('java.lang.Thread', 'sleep', CAST(60000 AS BIGINT)) FROM range(1)"

func TestCancelInterruptsServer(t *testing.T) {
	s := sparktest.Session(t)
	ctx, cancel := context.WithCancel(context.Background())
	rows, err := s.SQLWithOptions(ctx, connect.ExecuteOptions{Tags: []string{"cancel-test"}}, sleepQuery)
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(time.Second, cancel)
	start := time.Now()
	for rows.Next() {
	}
	elapsed := time.Since(start)
	if !errors.Is(rows.Err(), context.Canceled) {
		t.Fatalf("Err after cancel = %v, want context.Canceled", rows.Err())
	}
	// Not a speed assertion: a minute means the cancel was ignored.
	if elapsed > 30*time.Second {
		t.Fatalf("rows ended %v after the start, the query was not interrupted", elapsed)
	}
	t.Logf("rows ended %v after cancel", elapsed-time.Second)
	// The operation is gone on the server: nothing left to interrupt.
	ids, err := s.InterruptTag(context.Background(), "cancel-test")
	if err != nil || len(ids) != 0 {
		t.Errorf("InterruptTag after cancel = %v, %v; want nothing running", ids, err)
	}
}

func TestInterruptTag(t *testing.T) {
	s := sparktest.Session(t)
	ctx := context.Background()
	rows, err := s.SQLWithOptions(ctx, connect.ExecuteOptions{Tags: []string{"cell-42"}}, sleepQuery)
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg   sync.WaitGroup
		ids  []string
		ierr error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(time.Second)
		ids, ierr = s.InterruptTag(ctx, "cell-42")
	}()
	for rows.Next() {
	}
	wg.Wait()
	if ierr != nil || len(ids) != 1 || ids[0] != rows.OperationID() {
		t.Errorf("InterruptTag = %v, %v; want [%s]", ids, ierr, rows.OperationID())
	}
	var se *connect.SparkError
	if !errors.As(rows.Err(), &se) || se.ErrorClass != "OPERATION_CANCELED" {
		t.Errorf("Err after interrupt = %v, want OPERATION_CANCELED", rows.Err())
	}
	if _, err := s.InterruptTag(ctx, "a,b"); err == nil || err.Error() != `connect: operation tag "a,b" must not contain a comma` {
		t.Errorf("InterruptTag(a,b) error = %v", err)
	}
}

func TestLargeResultStreamsInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 10M rows")
	}
	s := sparktest.Session(t)
	const n = 10_000_000
	alloc := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer alloc.AssertSize(t, 0)
	rows, err := s.SQL(context.Background(), "SELECT id, CONCAT('row-', CAST(id AS STRING)) AS s FROM range(0, 10000000, 1, 8)")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var (
		count, sum int64
		peak       uint64
		ms         runtime.MemStats
		batches    int
	)
	for rows.Next() {
		rec := rows.RecordBatch()
		ids := rec.Column(0).(*array.Int64)
		for i := 0; i < ids.Len(); i++ {
			sum += ids.Value(i)
		}
		count += rec.NumRows()
		if batches++; batches%50 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if count != n || sum != n*(n-1)/2 {
		t.Fatalf("read %d rows with sum %d, want %d rows with sum %d", count, sum, n, int64(n)*(n-1)/2)
	}
	// The result is about 190 MB of Arrow data; a client that buffered it
	// would hold all of it at once.
	const limit = 96 << 20
	if peak > limit {
		t.Errorf("heap in use peaked at %d MiB while streaming, want under %d MiB", peak>>20, limit>>20)
	}
	t.Logf("%d batches, peak heap in use %d MiB", batches, peak>>20)
}

func TestEmptyResultHasSchema(t *testing.T) {
	s := sparktest.Session(t)
	rows, err := s.SQL(context.Background(), "SELECT id, 'x' AS s FROM range(10) WHERE id < 0")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	sch := rows.Schema()
	if sch == nil || sch.NumFields() != 2 || sch.Field(0).Name != "id" {
		t.Fatalf("Schema of an empty result = %v", sch)
	}
	if rows.Next() {
		t.Fatalf("empty result returned a batch of %d rows", rows.RecordBatch().NumRows())
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
}

func TestEarlyCloseReleasesOperation(t *testing.T) {
	s := sparktest.Session(t)
	rows, err := s.SQLWithOptions(context.Background(), connect.ExecuteOptions{Tags: []string{"early-close"}},
		"SELECT id FROM range(0, 50000000, 1, 4)")
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	rows.Close()
	if rows.Next() {
		t.Error("Next after Close returned true")
	}
	ids, err := s.InterruptTag(context.Background(), "early-close")
	if err != nil || len(ids) != 0 {
		t.Errorf("after Close, InterruptTag = %v, %v; want the operation already stopped", ids, err)
	}
}

func TestArtifacts(t *testing.T) {
	ctx := context.Background()
	s := sparktest.Session(t)
	big := []byte(strings.Repeat("sparkgo artifact ", 10000)) // 170 kB: chunked upload
	hash, err := s.CacheArtifact(ctx, big)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.ArtifactStatus(ctx, "cache/"+hash, "cache/0000")
	if err != nil {
		t.Fatal(err)
	}
	if !st["cache/"+hash] || st["cache/0000"] {
		t.Errorf("ArtifactStatus = %v, want only the uploaded one present", st)
	}
	// The cached bytes are usable as a relation: a LocalRelation serialized
	// into the cache and referenced by hash.
	if err := s.AddArtifacts(ctx, connect.Artifact{Name: "cache/small", Data: []byte("x")}); err != nil {
		t.Fatal(err)
	}
}

func TestClosedSession(t *testing.T) {
	s := sparktest.Session(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SQL(context.Background(), "SELECT 1"); !errors.Is(err, connect.ErrSessionClosed) {
		t.Errorf("SQL after Close = %v, want ErrSessionClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

func TestUnreachableServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err := connect.Connect(ctx, "sc://127.0.0.1:1")
	var te *connect.TransportError
	if !errors.As(err, &te) && !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Connect to a closed port = %v, want a *TransportError", err)
	}
}

// Tags and progress handlers carried by a context reach executions that
// were started without ExecuteOptions: how the kernel tags a cell's work.
func TestContextTagsAndProgress(t *testing.T) {
	s := sparktest.Session(t)
	var (
		mu      sync.Mutex
		reports []connect.Progress
	)
	ctx := connect.WithTags(context.Background(), "cell-7")
	ctx = connect.WithTags(ctx, "kernel-x")
	ctx = connect.WithProgress(ctx, func(p connect.Progress) {
		mu.Lock()
		reports = append(reports, p)
		mu.Unlock()
	})
	rows, err := s.SQL(ctx, sleepQuery)
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg   sync.WaitGroup
		ids  []string
		ierr error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(2500 * time.Millisecond)
		ids, ierr = s.InterruptTag(context.Background(), "kernel-x")
	}()
	for rows.Next() {
	}
	wg.Wait()
	if ierr != nil || len(ids) != 1 || ids[0] != rows.OperationID() {
		t.Errorf("InterruptTag(kernel-x) = %v, %v; want [%s]", ids, ierr, rows.OperationID())
	}
	var se *connect.SparkError
	if !errors.As(rows.Err(), &se) || se.ErrorClass != "OPERATION_CANCELED" {
		t.Errorf("Err after interrupt = %v, want OPERATION_CANCELED", rows.Err())
	}
	mu.Lock()
	defer mu.Unlock()
	// SQL first runs the statement as a command, then the query: both
	// report, under their own operation ids.
	if !slices.ContainsFunc(reports, func(p connect.Progress) bool { return p.OperationID == rows.OperationID() }) {
		t.Errorf("progress reports %+v, want some for operation %s", reports, rows.OperationID())
	}
}

func TestVersionAtLeast(t *testing.T) {
	s := sparktest.Session(t)
	ctx := context.Background()
	v, err := s.SparkVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var major, minor int
	fmt.Sscanf(v, "%d.%d", &major, &minor)
	for _, tc := range []struct {
		major, minor int
		want         bool
	}{
		{major, minor, true}, {major, minor + 1, false}, {major - 1, 9, true}, {major + 1, 0, false}, {3, 5, true},
	} {
		got, err := s.VersionAtLeast(ctx, tc.major, tc.minor)
		if err != nil || got != tc.want {
			t.Errorf("VersionAtLeast(%d, %d) on %s = %v, %v; want %v", tc.major, tc.minor, v, got, err, tc.want)
		}
	}
}
