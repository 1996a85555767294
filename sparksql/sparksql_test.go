package sparksql_test

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/sparksql"
)

const sessionTZ = "America/Los_Angeles"

// openDB opens a pool on the test server whose sessions use sessionTZ.
func openDB(t *testing.T, cfg sparksql.Config) *sql.DB {
	t.Helper()
	if cfg.Conf == nil {
		cfg.Conf = map[string]string{"spark.sql.session.timeZone": sessionTZ}
	}
	c, err := sparksql.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	t.Cleanup(func() { db.Close() })
	return db
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestOpenAndPing(t *testing.T) {
	ctx := ctxFor(t)
	for _, dsn := range []string{"", os.Getenv(connect.RemoteEnv)} {
		db, err := sql.Open("spark", dsn)
		if err != nil {
			t.Fatalf("sql.Open(%q): %v", dsn, err)
		}
		if err := db.PingContext(ctx); err != nil {
			t.Fatalf("PingContext (dsn %q): %v", dsn, err)
		}
		if err := db.Ping(); err != nil {
			t.Fatalf("Ping (dsn %q): %v", dsn, err)
		}
		var one int
		if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
			t.Fatalf("SELECT 1 = %d, %v", one, err)
		}
		if err := db.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := sql.Open("spark", "http://localhost:15002"); err == nil {
		t.Error(`sql.Open("spark", "http://…") succeeded`)
	}
	if _, err := sql.Open("spark", "sc://localhost:15002/;session_id=2b6ab2f8-5b1e-4f0c-9d44-5f1bb1c3d0aa"); err == nil ||
		!strings.Contains(err.Error(), "session_id") {
		t.Errorf("a DSN with session_id: err = %v, want one naming session_id", err)
	}
	// A server that is not there fails on first use, as a TransportError.
	db, err := sql.Open("spark", "sc://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err = db.PingContext(ctx)
	var te *connect.TransportError
	if !errors.As(err, &te) && !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Ping of a closed port: %v (%T), want a *connect.TransportError or a deadline", err, err)
	}
}

const allTypes = `SELECT
 CAST(-128 AS TINYINT) AS ti,
 CAST(-32768 AS SMALLINT) AS si,
 CAST(-2147483648 AS INT) AS i,
 CAST('-9223372036854775808' AS BIGINT) AS bi,
 CAST(3.25 AS FLOAT) AS f,
 CAST(0.1 AS DOUBLE) AS d,
 CAST('12345678901234567890.123456789012345678' AS DECIMAL(38,18)) AS dec,
 'héllo, 世界 🌍' AS s,
 X'00FF10' AS b,
 true AS bo,
 DATE'2024-02-29' AS dt,
 TIMESTAMP'2024-07-04 12:34:56.789012' AS ts,
 TIMESTAMP_NTZ'2024-07-04 12:34:56.789012' AS ntz,
 INTERVAL '1-2' YEAR TO MONTH AS ym,
 INTERVAL '3 04:05:06.789' DAY TO SECOND AS dts,
 INTERVAL '7' MONTH AS mo,
 INTERVAL '5' HOUR AS hr,
 array(1, 2, NULL) AS arr,
 map('a', 1, 'b', 2) AS m,
 map(1, 'x', 2, 'y') AS mi,
 map(X'01', 'bin') AS mb,
 named_struct('x', 1, 'y', 'z', 'n', CAST(NULL AS STRING)) AS st,
 array(named_struct('k', 1.5D)) AS arrst,
 make_interval(1, 2, 3, 4, 5, 6, 7.5) AS ci,
 NULL AS nul,
 CAST(NULL AS BIGINT) AS nbi,
 parse_json('{"a":1}') AS v`

func TestColumnTypes(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	rows, err := db.QueryContext(ctxFor(t), allTypes)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	const noLen = -1
	want := []struct {
		name, dbType string
		scan         reflect.Type
		nullable     bool
		prec, scale  int64 // -1: not a decimal
		length       int64 // noLen: no length
	}{
		{"ti", "TINYINT", reflect.TypeFor[int8](), false, -1, -1, noLen},
		{"si", "SMALLINT", reflect.TypeFor[int16](), false, -1, -1, noLen},
		{"i", "INT", reflect.TypeFor[int32](), false, -1, -1, noLen},
		{"bi", "BIGINT", reflect.TypeFor[int64](), true, -1, -1, noLen},
		{"f", "FLOAT", reflect.TypeFor[float32](), false, -1, -1, noLen},
		{"d", "DOUBLE", reflect.TypeFor[float64](), false, -1, -1, noLen},
		{"dec", "DECIMAL", reflect.TypeFor[sparksql.Decimal](), true, 38, 18, noLen},
		{"s", "STRING", reflect.TypeFor[string](), false, -1, -1, math.MaxInt64},
		{"b", "BINARY", reflect.TypeFor[[]byte](), false, -1, -1, math.MaxInt64},
		{"bo", "BOOLEAN", reflect.TypeFor[bool](), false, -1, -1, noLen},
		{"dt", "DATE", reflect.TypeFor[time.Time](), false, -1, -1, noLen},
		{"ts", "TIMESTAMP", reflect.TypeFor[time.Time](), false, -1, -1, noLen},
		{"ntz", "TIMESTAMP_NTZ", reflect.TypeFor[time.Time](), false, -1, -1, noLen},
		{"ym", "INTERVAL YEAR TO MONTH", reflect.TypeFor[int32](), false, -1, -1, noLen},
		{"dts", "INTERVAL DAY TO SECOND", reflect.TypeFor[time.Duration](), false, -1, -1, noLen},
		{"mo", "INTERVAL MONTH", reflect.TypeFor[int32](), false, -1, -1, noLen},
		{"hr", "INTERVAL HOUR", reflect.TypeFor[time.Duration](), false, -1, -1, noLen},
		{"arr", "ARRAY<INT>", reflect.TypeFor[[]any](), false, -1, -1, noLen},
		{"m", "MAP<STRING,INT>", reflect.TypeFor[map[string]any](), false, -1, -1, noLen},
		{"mi", "MAP<INT,STRING>", reflect.TypeFor[map[any]any](), false, -1, -1, noLen},
		{"mb", "MAP<BINARY,STRING>", reflect.TypeFor[[]sparksql.MapEntry](), false, -1, -1, noLen},
		{"st", "STRUCT<x:INT,y:STRING,n:STRING>", reflect.TypeFor[map[string]any](), false, -1, -1, noLen},
		{"arrst", "ARRAY<STRUCT<k:DOUBLE>>", reflect.TypeFor[[]any](), false, -1, -1, noLen},
		{"ci", "INTERVAL", reflect.TypeFor[sparksql.CalendarInterval](), false, -1, -1, noLen},
		{"nul", "VOID", reflect.TypeFor[any](), true, -1, -1, noLen},
		{"nbi", "BIGINT", reflect.TypeFor[int64](), true, -1, -1, noLen},
		{"v", "VARIANT", reflect.TypeFor[map[string]any](), false, -1, -1, noLen},
	}
	if len(cts) != len(want) {
		t.Fatalf("%d columns, want %d", len(cts), len(want))
	}
	for i, w := range want {
		ct := cts[i]
		if ct.Name() != w.name {
			t.Errorf("column %d: Name = %q, want %q", i, ct.Name(), w.name)
		}
		if got := ct.DatabaseTypeName(); got != w.dbType {
			t.Errorf("%s: DatabaseTypeName = %q, want %q", w.name, got, w.dbType)
		}
		if got := ct.ScanType(); got != w.scan {
			t.Errorf("%s: ScanType = %v, want %v", w.name, got, w.scan)
		}
		if n, ok := ct.Nullable(); !ok || n != w.nullable {
			t.Errorf("%s: Nullable = %v, %v, want %v, true", w.name, n, ok, w.nullable)
		}
		p, s, ok := ct.DecimalSize()
		if w.prec >= 0 {
			if !ok || p != w.prec || s != w.scale {
				t.Errorf("%s: DecimalSize = %d, %d, %v, want %d, %d, true", w.name, p, s, ok, w.prec, w.scale)
			}
		} else if ok {
			t.Errorf("%s: DecimalSize = %d, %d, true, want ok false", w.name, p, s)
		}
		l, ok := ct.Length()
		if w.length != noLen {
			if !ok || l != w.length {
				t.Errorf("%s: Length = %d, %v, want %d, true", w.name, l, ok, w.length)
			}
		} else if ok {
			t.Errorf("%s: Length = %d, true, want ok false", w.name, l)
		}
	}
}

func TestScanEveryType(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	var (
		ti    int8
		si    int16
		i     int32
		bi    int64
		f     float32
		d     float64
		dec   sparksql.Decimal
		s     string
		b     []byte
		bo    bool
		dt    time.Time
		ts    time.Time
		ntz   time.Time
		ym    int32
		dts   time.Duration
		mo    int32
		hr    time.Duration
		arr   []any
		m     map[string]any
		mi    map[any]any
		mb    []sparksql.MapEntry
		st    map[string]any
		arrst []any
		ci    sparksql.CalendarInterval
		nul   any
		nbi   sql.NullInt64
		v     map[string]any
	)
	err := db.QueryRowContext(ctxFor(t), allTypes).Scan(&ti, &si, &i, &bi, &f, &d, &dec, &s, &b, &bo, &dt, &ts, &ntz,
		&ym, &dts, &mo, &hr, &arr, &m, &mi, &mb, &st, &arrst, &ci, &nul, &nbi, &v)
	if err != nil {
		t.Fatal(err)
	}
	la, err := time.LoadLocation(sessionTZ)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	check("ti", ti, int8(math.MinInt8))
	check("si", si, int16(math.MinInt16))
	check("i", i, int32(math.MinInt32))
	check("bi", bi, int64(math.MinInt64))
	check("f", f, float32(3.25))
	check("d", d, 0.1)
	check("dec", dec.String(), "12345678901234567890.123456789012345678")
	check("dec == ParseDecimal", dec, sparksql.MustParseDecimal("12345678901234567890.123456789012345678"))
	check("s", s, "héllo, 世界 🌍")
	check("b", b, []byte{0x00, 0xff, 0x10})
	check("bo", bo, true)
	check("dt", dt, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC))
	wantTS := time.Date(2024, 7, 4, 12, 34, 56, 789012000, la)
	if !ts.Equal(wantTS) || ts.Location().String() != sessionTZ {
		t.Errorf("ts = %v (%s), want %v in %s", ts, ts.Location(), wantTS, sessionTZ)
	}
	check("ts wall clock", ts.Format(time.RFC3339Nano), "2024-07-04T12:34:56.789012-07:00")
	check("ntz", ntz, time.Date(2024, 7, 4, 12, 34, 56, 789012000, time.UTC))
	check("ym", ym, int32(14))
	check("dts", dts, 3*24*time.Hour+4*time.Hour+5*time.Minute+6*time.Second+789*time.Millisecond)
	check("mo", mo, int32(7))
	check("hr", hr, 5*time.Hour)
	check("arr", arr, []any{int32(1), int32(2), nil})
	check("m", m, map[string]any{"a": int32(1), "b": int32(2)})
	check("mi", mi, map[any]any{int32(1): "x", int32(2): "y"})
	check("mb", mb, []sparksql.MapEntry{{Key: []byte{1}, Value: "bin"}})
	check("st", st, map[string]any{"x": int32(1), "y": "z", "n": nil})
	check("arrst", arrst, []any{map[string]any{"k": 1.5}})
	check("ci", ci, sparksql.CalendarInterval{Months: 14, Days: 25, Duration: 5*time.Hour + 6*time.Minute + 7500*time.Millisecond})
	check("nul", nul, nil)
	check("nbi", nbi, sql.NullInt64{})
	if len(v["value"].([]byte)) == 0 || len(v["metadata"].([]byte)) == 0 {
		t.Errorf("v = %#v, want value and metadata bytes", v)
	}
}

// TestScanConversions scans values into other Go types than their own,
// through database/sql's conversions.
func TestScanConversions(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	var (
		tiAsInt64  int64
		iAsInt     int
		decString  string
		decNull    sql.NullString
		decFloat   float64
		decNullDec sql.Null[sparksql.Decimal]
		fAsFloat64 float64
		sBytes     []byte
		bAny       any
		tsNull     sql.NullTime
		dateString string
	)
	err := db.QueryRowContext(ctxFor(t), `SELECT CAST(7 AS TINYINT), 42, CAST('-0.000000000000000001' AS DECIMAL(38,18)),
		CAST('12345678901234567890.123456789012345678' AS DECIMAL(38,18)), CAST(2.5 AS DECIMAL(3,1)),
		CAST('1.10' AS DECIMAL(5,2)), CAST(0.1 AS FLOAT), 'text', X'CAFE', TIMESTAMP'2000-01-01 00:00:00', DATE'1969-12-31'`).
		Scan(&tiAsInt64, &iAsInt, &decString, &decNull, &decFloat, &decNullDec, &fAsFloat64, &sBytes, &bAny, &tsNull, &dateString)
	if err != nil {
		t.Fatal(err)
	}
	if tiAsInt64 != 7 || iAsInt != 42 {
		t.Errorf("integers = %d, %d, want 7, 42", tiAsInt64, iAsInt)
	}
	if decString != "-0.000000000000000001" {
		t.Errorf("decimal as string = %q", decString)
	}
	if !decNull.Valid || decNull.String != "12345678901234567890.123456789012345678" {
		t.Errorf("decimal as NullString = %#v", decNull)
	}
	if decFloat != 2.5 {
		t.Errorf("decimal as float64 = %v, want 2.5", decFloat)
	}
	if !decNullDec.Valid || decNullDec.V != "1.10" || decNullDec.V.Scale() != 2 {
		t.Errorf("decimal as Null[Decimal] = %v", decNullDec)
	}
	if fAsFloat64 != 0.1 { // float32 0.1 is converted through its shortest text
		t.Errorf("float as float64 = %v, want 0.1", fAsFloat64)
	}
	if string(sBytes) != "text" {
		t.Errorf("string as []byte = %q", sBytes)
	}
	if !bytes.Equal(bAny.([]byte), []byte{0xca, 0xfe}) {
		t.Errorf("binary as any = %#v", bAny)
	}
	if !tsNull.Valid || !tsNull.Time.Equal(time.Date(2000, 1, 1, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("timestamp as NullTime = %v", tsNull)
	}
	if !strings.HasPrefix(dateString, "1969-12-31T00:00:00Z") {
		t.Errorf("date as string = %q", dateString)
	}
}

func TestNulls(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	var (
		ti  sql.NullByte
		si  sql.NullInt16
		i   sql.NullInt32
		bi  sql.NullInt64
		f   sql.NullFloat64
		d   sql.NullFloat64
		dec sql.Null[sparksql.Decimal]
		s   sql.NullString
		b   []byte
		bo  sql.NullBool
		dt  sql.NullTime
		ts  sql.NullTime
		ntz *time.Time
		ym  sql.Null[int32]
		dts sql.Null[time.Duration]
		arr any
		m   any
		st  *map[string]any
	)
	ntz = new(time.Time) // must be set back to nil
	err := db.QueryRowContext(ctxFor(t), `SELECT CAST(NULL AS TINYINT), CAST(NULL AS SMALLINT), CAST(NULL AS INT),
		CAST(NULL AS BIGINT), CAST(NULL AS FLOAT), CAST(NULL AS DOUBLE), CAST(NULL AS DECIMAL(10,2)), CAST(NULL AS STRING),
		CAST(NULL AS BINARY), CAST(NULL AS BOOLEAN), CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP), CAST(NULL AS TIMESTAMP_NTZ),
		CAST(NULL AS INTERVAL YEAR TO MONTH), CAST(NULL AS INTERVAL DAY TO SECOND), CAST(NULL AS ARRAY<INT>),
		CAST(NULL AS MAP<STRING,INT>), CAST(NULL AS STRUCT<a:INT>)`).
		Scan(&ti, &si, &i, &bi, &f, &d, &dec, &s, &b, &bo, &dt, &ts, &ntz, &ym, &dts, &arr, &m, &st)
	if err != nil {
		t.Fatal(err)
	}
	for name, valid := range map[string]bool{
		"tinyint": ti.Valid, "smallint": si.Valid, "int": i.Valid, "bigint": bi.Valid, "float": f.Valid,
		"double": d.Valid, "decimal": dec.Valid, "string": s.Valid, "boolean": bo.Valid, "date": dt.Valid,
		"timestamp": ts.Valid, "interval ym": ym.Valid, "interval dt": dts.Valid,
		"binary": b != nil, "timestamp_ntz": ntz != nil, "array": arr != nil, "map": m != nil, "struct": st != nil,
	} {
		if valid {
			t.Errorf("NULL %s scanned as a value", name)
		}
	}

	// Non-NULL values fill the same destinations.
	err = db.QueryRowContext(ctxFor(t), `SELECT CAST(200 AS SMALLINT), CAST(-5 AS SMALLINT), 7, CAST(12.5 AS FLOAT),
		CAST('3.14' AS DECIMAL(10,2)), 'x', true, INTERVAL '2' YEAR`).
		Scan(&ti, &si, &i, &f, &dec, &s, &bo, &ym)
	if err != nil {
		t.Fatal(err)
	}
	if ti != (sql.NullByte{Byte: 200, Valid: true}) || si != (sql.NullInt16{Int16: -5, Valid: true}) ||
		i != (sql.NullInt32{Int32: 7, Valid: true}) || f != (sql.NullFloat64{Float64: 12.5, Valid: true}) ||
		!dec.Valid || dec.V.String() != "3.14" || s != (sql.NullString{String: "x", Valid: true}) ||
		bo != (sql.NullBool{Bool: true, Valid: true}) || ym != (sql.Null[int32]{V: 24, Valid: true}) {
		t.Errorf("non-NULL values: %v %v %v %v %v %v %v %v", ti, si, i, f, dec, s, bo, ym)
	}
}

func TestParameters(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	ctx := ctxFor(t)

	var n int64
	var s string
	if err := db.QueryRowContext(ctx, "SELECT ? + 1, ?", 41, "x").Scan(&n, &s); err != nil || n != 42 || s != "x" {
		t.Errorf("positional: %d, %q, %v", n, s, err)
	}
	if err := db.QueryRowContext(ctx, "SELECT :a * :b", sql.Named("a", 6), sql.Named("b", int8(7))).Scan(&n); err != nil || n != 42 {
		t.Errorf("named: %d, %v", n, err)
	}
	// Values are bound, never spliced into the text.
	evil := "'; DROP TABLE x; --"
	if err := db.QueryRowContext(ctx, "SELECT ?", evil).Scan(&s); err != nil || s != evil {
		t.Errorf("SELECT ? with %q = %q, %v", evil, s, err)
	}
	var cnt int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM range(100) WHERE id >= :lo AND id < :hi",
		sql.Named("lo", 10), sql.Named("hi", 20)).Scan(&cnt); err != nil || cnt != 10 {
		t.Errorf("named in WHERE: %d, %v", cnt, err)
	}

	type myInt int
	type myString string
	str := "p"
	when := time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC)
	tests := []struct {
		arg      any
		typeName string
		want     any
	}{
		{nil, "void", nil},
		{true, "boolean", true},
		{int8(-8), "tinyint", int8(-8)},
		{int16(-16), "smallint", int16(-16)},
		{int32(-32), "int", int32(-32)},
		{int64(-64), "bigint", int64(-64)},
		{-1, "bigint", int64(-1)},
		{uint8(255), "smallint", int16(255)},
		{uint16(65535), "int", int32(65535)},
		{uint32(math.MaxUint32), "bigint", int64(math.MaxUint32)},
		{uint64(math.MaxInt64), "bigint", int64(math.MaxInt64)},
		{float32(1.5), "float", float32(1.5)},
		{2.25, "double", 2.25},
		{"héllo", "string", "héllo"},
		{[]byte{0, 1, 2}, "binary", []byte{0, 1, 2}},
		{when, "timestamp", when},
		{myInt(5), "bigint", int64(5)},
		{myString("named"), "string", "named"},
		{&str, "string", "p"},
		{(*string)(nil), "void", nil},
		{sql.NullString{}, "void", nil},
		{sql.NullInt64{Int64: 9, Valid: true}, "bigint", int64(9)},
		{sql.Null[int32]{V: 3, Valid: true}, "bigint", int64(3)}, // sql.Null[T].Value converts to int64
	}
	// One query binds them all: SELECT typeof(:p0), :p0, typeof(:p1), :p1, …
	var q strings.Builder
	args := make([]any, len(tests))
	dest := make([]any, 2*len(tests))
	got := make([]any, 2*len(tests))
	q.WriteString("SELECT ")
	for i, tt := range tests {
		if i > 0 {
			q.WriteString(", ")
		}
		fmt.Fprintf(&q, "typeof(:p%d), :p%d", i, i)
		args[i] = sql.Named(fmt.Sprintf("p%d", i), tt.arg)
		dest[2*i], dest[2*i+1] = &got[2*i], &got[2*i+1]
	}
	if err := db.QueryRowContext(ctx, q.String(), args...).Scan(dest...); err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		typeName, val := got[2*i], got[2*i+1]
		if tm, ok := val.(time.Time); ok {
			val = tm.UTC()
		}
		if typeName != tt.typeName || !reflect.DeepEqual(val, tt.want) {
			t.Errorf("binding %T %v: typeof = %v, value %#v; want %s, %#v", tt.arg, tt.arg, typeName, val, tt.typeName, tt.want)
		}
	}
}

func TestBadParameters(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	ctx := ctxFor(t)
	tests := []struct {
		args []any
		want []string // substrings of the error
	}{
		{[]any{1, struct{ X int }{1}}, []string{"parameter 2", "struct { X int }"}},
		{[]any{sql.Named("p", []int{1})}, []string{"parameter :p", "[]int"}},
		{[]any{uint64(math.MaxUint64)}, []string{"parameter 1", "BIGINT"}},
		{[]any{time.Second}, []string{"parameter 1", "time.Duration"}},
		{[]any{sql.Named("d", sparksql.MustParseDecimal("1.5"))}, []string{"parameter :d", "Decimal", "CAST"}},
		{[]any{map[string]int{}}, []string{"parameter 1", "map[string]int"}},
	}
	for _, tt := range tests {
		_, err := db.QueryContext(ctx, "SELECT 1", tt.args...)
		if err == nil {
			t.Errorf("Query with %#v succeeded", tt.args)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Query with %#v: error %q does not mention %q", tt.args, err, w)
			}
		}
	}
	if _, err := db.QueryContext(ctx, "SELECT ?, :a", 1, sql.Named("a", 2)); err == nil || !strings.Contains(err.Error(), "mix") {
		t.Errorf("mixed positional and named parameters: %v", err)
	}
	// A missing parameter is Spark's to report.
	_, err := db.QueryContext(ctx, "SELECT :missing")
	var se *connect.SparkError
	if !errors.As(err, &se) {
		t.Errorf("unbound parameter: %v (%T), want a *connect.SparkError", err, err)
	}
}

func TestExecAndSessionState(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	ctx := ctxFor(t)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	res, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP VIEW sparksql_people AS SELECT * FROM VALUES ('ann', 31), ('bob', 25) AS t(name, age)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.RowsAffected(); !errors.Is(err, sparksql.ErrRowsAffectedUnknown) {
		t.Errorf("RowsAffected: %v, want ErrRowsAffectedUnknown", err)
	}
	if _, err := res.LastInsertId(); !errors.Is(err, sparksql.ErrNoLastInsertID) {
		t.Errorf("LastInsertId: %v, want ErrNoLastInsertID", err)
	}
	var name string
	if err := conn.QueryRowContext(ctx, "SELECT name FROM sparksql_people WHERE age > ?", 30).Scan(&name); err != nil || name != "ann" {
		t.Errorf("query of the temp view: %q, %v", name, err)
	}

	// SHOW TABLES answers inline, with an Arrow schema only.
	rows, err := conn.QueryContext(ctx, "SHOW TABLES")
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.ColumnTypes()
	var got []string
	for _, c := range cols {
		got = append(got, c.Name()+" "+c.DatabaseTypeName())
	}
	if strings.Join(got, ", ") != "namespace STRING, tableName STRING, isTemporary BOOLEAN" {
		t.Errorf("SHOW TABLES columns: %v", got)
	}
	found := false
	for rows.Next() {
		var ns, tbl string
		var temp bool
		if err := rows.Scan(&ns, &tbl, &temp); err != nil {
			t.Fatal(err)
		}
		found = found || (tbl == "sparksql_people" && temp)
	}
	if err := rows.Err(); err != nil || !found {
		t.Errorf("SHOW TABLES: found = %v, err = %v", found, err)
	}
	rows.Close()

	// Another connection is another session: it does not see the view.
	other, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = other.QueryRowContext(ctx, "SELECT count(*) FROM sparksql_people").Scan(new(int64))
	other.Close()
	if !errors.Is(err, &connect.SparkError{ErrorClass: "TABLE_OR_VIEW_NOT_FOUND"}) {
		t.Errorf("the view from another connection: %v, want TABLE_OR_VIEW_NOT_FOUND", err)
	}

	if _, err := conn.ExecContext(ctx, "DROP VIEW sparksql_people"); err != nil {
		t.Fatal(err)
	}
	err = conn.QueryRowContext(ctx, "SELECT * FROM sparksql_people").Scan(&name)
	if !errors.Is(err, &connect.SparkError{ErrorClass: "TABLE_OR_VIEW_NOT_FOUND"}) {
		t.Errorf("the dropped view: %v, want TABLE_OR_VIEW_NOT_FOUND", err)
	}

	// SET changes this session only; Exec of a query runs it to its end.
	if _, err := conn.ExecContext(ctx, "SET spark.sql.shuffle.partitions = 7"); err != nil {
		t.Fatal(err)
	}
	var v string
	if err := conn.QueryRowContext(ctx, "SELECT current_timezone()").Scan(&v); err != nil || v != sessionTZ {
		t.Errorf("session time zone from Config.Conf = %q, %v", v, err)
	}
	if _, err := conn.ExecContext(ctx, "SELECT id FROM range(1000)"); err != nil {
		t.Errorf("Exec of a query: %v", err)
	}
}

func TestExecTable(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	ctx := ctxFor(t)
	table := fmt.Sprintf("sparksql_test_%d", time.Now().UnixNano())
	if _, err := db.ExecContext(ctx, "CREATE TABLE "+table+" (id BIGINT, name STRING) USING parquet"); err != nil {
		t.Fatal(err)
	}
	defer db.ExecContext(context.Background(), "DROP TABLE IF EXISTS "+table)
	res, err := db.ExecContext(ctx, "INSERT INTO "+table+" VALUES (?, ?), (:x, :y)", 1, "one") // mixing is refused
	if err == nil {
		t.Fatalf("mixed parameters were accepted: %v", res)
	}
	res, err = db.ExecContext(ctx, "INSERT INTO "+table+" VALUES (?, ?), (?, ?)", 1, "one", 2, "two")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.RowsAffected(); !errors.Is(err, sparksql.ErrRowsAffectedUnknown) {
		t.Errorf("RowsAffected of an INSERT: %v, want ErrRowsAffectedUnknown", err)
	}
	var sum int64
	var names string
	if err := db.QueryRowContext(ctx, "SELECT sum(id), array_join(sort_array(collect_list(name)), ',') FROM "+table).Scan(&sum, &names); err != nil ||
		sum != 3 || names != "one,two" {
		t.Errorf("table contents: %d, %q, %v", sum, names, err)
	}
}

func TestPrepare(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	ctx := ctxFor(t)
	stmt, err := db.PrepareContext(ctx, "SELECT sum(id * ?) FROM range(4)")
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	for k := int64(1); k <= 3; k++ {
		var sum int64
		if err := stmt.QueryRowContext(ctx, k).Scan(&sum); err != nil || sum != 6*k {
			t.Errorf("k = %d: sum = %d, %v, want %d", k, sum, err, 6*k)
		}
	}
	named, err := db.Prepare("SELECT :greeting || ', ' || :name")
	if err != nil {
		t.Fatal(err)
	}
	defer named.Close()
	var s string
	if err := named.QueryRow(sql.Named("greeting", "hello"), sql.Named("name", "world")).Scan(&s); err != nil || s != "hello, world" {
		t.Errorf("named prepared: %q, %v", s, err)
	}
	exec, err := db.Prepare("SELECT ?")
	if err != nil {
		t.Fatal(err)
	}
	defer exec.Close()
	if _, err := exec.Exec(1); err != nil {
		t.Errorf("Stmt.Exec: %v", err)
	}
	if _, err := exec.Exec(struct{}{}); err == nil || !strings.Contains(err.Error(), "parameter 1") {
		t.Errorf("Stmt.Exec with a bad argument: %v", err)
	}
}

func TestSparkErrors(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	ctx := ctxFor(t)

	_, err := db.QueryContext(ctx, "SELECT no_such_column FROM range(1)")
	var se *connect.SparkError
	if !errors.As(err, &se) {
		t.Fatalf("Query: %v (%T), want a *connect.SparkError", err, err)
	}
	if !strings.HasPrefix(se.ErrorClass, "UNRESOLVED_COLUMN") || se.SQLState != "42703" {
		t.Errorf("ErrorClass, SQLState = %q, %q, want UNRESOLVED_COLUMN…, 42703", se.ErrorClass, se.SQLState)
	}
	if !errors.Is(err, &connect.SparkError{ErrorClass: "UNRESOLVED_COLUMN"}) {
		t.Errorf("errors.Is(err, UNRESOLVED_COLUMN) is false for %v", err)
	}

	err = db.QueryRowContext(ctx, "SELECT no_such_column").Scan(new(any))
	if !errors.As(err, &se) || !strings.HasPrefix(se.ErrorClass, "UNRESOLVED_COLUMN") {
		t.Errorf("QueryRow.Scan: %v", err)
	}
	_, err = db.ExecContext(ctx, "DROP VIEW sparksql_no_such_view")
	if !errors.As(err, &se) || se.ErrorClass != "TABLE_OR_VIEW_NOT_FOUND" {
		t.Errorf("Exec: %v", err)
	}
	// An error raised while the query runs is reported by Query too.
	_, err = db.QueryContext(ctx, "SELECT assert_true(id < 0) FROM range(1)")
	if !errors.As(err, &se) || se.ErrorClass != "USER_RAISED_EXCEPTION" {
		t.Errorf("runtime error: %v", err)
	}
	// The pool is fine afterwards.
	if err := db.PingContext(ctx); err != nil {
		t.Errorf("Ping after errors: %v", err)
	}
}

const sleepQuery = "SELECT reflect('java.lang.Thread', 'sleep', CAST(60000 AS BIGINT)) FROM range(1)"

func TestCancelQuery(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	ctx := ctxFor(t)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	qctx, cancel := context.WithCancel(ctx)
	timer := time.AfterFunc(time.Second, cancel)
	defer timer.Stop()
	start := time.Now()
	rows, err := conn.QueryContext(qctx, sleepQuery)
	elapsed := time.Since(start)
	if err == nil {
		rows.Close()
		t.Fatal("the sleeping query returned rows")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if elapsed > 10*time.Second {
		t.Errorf("the cancelled query returned after %v", elapsed)
	}

	// The operation was interrupted on the server: nothing of this session
	// is left running to be interrupted now.
	err = conn.Raw(func(dc any) error {
		ids, err := dc.(*sparksql.Conn).Session().InterruptAll(ctx)
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			return fmt.Errorf("operations still running after the cancel: %v", ids)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}

	// The connection and the pool still work.
	var one int
	if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Errorf("the connection after the cancel: %d, %v", one, err)
	}
	if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Errorf("the pool after the cancel: %d, %v", one, err)
	}
}

func TestCancelWhileReading(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	ctx, cancel := context.WithCancel(ctxFor(t))
	defer cancel()
	// Spark computes each partition of a result whole, in memory: keep the
	// result small (never an unbounded range).
	rows, err := db.QueryContext(ctx, "SELECT id FROM range(0, 3000000, 1, 8)")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		if n == 10 {
			cancel()
		}
	}
	if !errors.Is(rows.Err(), context.Canceled) {
		t.Errorf("rows.Err() = %v after %d rows, want context.Canceled", rows.Err(), n)
	}
	var one int
	if err := db.QueryRowContext(ctxFor(t), "SELECT 1").Scan(&one); err != nil {
		t.Errorf("the pool after the cancel: %v", err)
	}
}

func TestLargeResultStreams(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	const n = 2_000_000
	rows, err := db.QueryContext(ctxFor(t), "SELECT id FROM range(?)", n)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var count, sum, id int64
	for rows.Next() {
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		count++
		sum += id
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if count != n || sum != n*(n-1)/2 {
		t.Errorf("count, sum = %d, %d, want %d, %d", count, sum, n, n*(n-1)/2)
	}
}

func TestNoTransactions(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	if _, err := db.BeginTx(ctxFor(t), nil); !errors.Is(err, sparksql.ErrNoTransactions) {
		t.Errorf("BeginTx: %v, want ErrNoTransactions", err)
	}
	if _, err := db.Begin(); !errors.Is(err, sparksql.ErrNoTransactions) {
		t.Errorf("Begin: %v, want ErrNoTransactions", err)
	}
}

func TestConnectorConf(t *testing.T) {
	ctx := ctxFor(t)
	db := openDB(t, sparksql.Config{Conf: map[string]string{"spark.sql.session.timeZone": "Asia/Kolkata"}})
	db.SetMaxIdleConns(0) // each query on a new connection
	for range 2 {
		var tz string
		var ts time.Time
		if err := db.QueryRowContext(ctx, "SELECT current_timezone(), TIMESTAMP'2024-01-01 00:00:00'").Scan(&tz, &ts); err != nil {
			t.Fatal(err)
		}
		if tz != "Asia/Kolkata" || ts.Location().String() != "Asia/Kolkata" ||
			!ts.Equal(time.Date(2023, 12, 31, 18, 30, 0, 0, time.UTC)) {
			t.Errorf("timezone = %q, timestamp %v", tz, ts)
		}
	}

	// A setting the server refuses fails the connection.
	bad := openDB(t, sparksql.Config{Conf: map[string]string{"spark.sql.warehouse.dir": "/nowhere"}})
	err := bad.PingContext(ctx)
	var se *connect.SparkError
	if !errors.As(err, &se) {
		t.Errorf("static setting in Conf: %v (%T), want a *connect.SparkError", err, err)
	}
}

// killSession makes the server drop the session of conn, as a restart or
// the idle timeout would, by releasing it from a second client.
func killSession(t *testing.T, ctx context.Context, conn *sql.Conn) (sessionID string) {
	t.Helper()
	err := conn.Raw(func(dc any) error {
		sess := dc.(*sparksql.Conn).Session()
		sessionID = sess.ID()
		cfg := sess.Config()
		cfg.SessionID = sessionID
		other, err := connect.NewSession(ctx, cfg, connect.Options{})
		if err != nil {
			return err
		}
		return other.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	return sessionID
}

func sessionIDOf(t *testing.T, ctx context.Context, conn *sql.Conn) (id string) {
	t.Helper()
	if err := conn.Raw(func(dc any) error { id = dc.(*sparksql.Conn).Session().ID(); return nil }); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSessionLostIdle(t *testing.T) {
	// With an idle check, a lost session is found before the statement
	// is sent, and database/sql moves to a new connection transparently.
	db := openDB(t, sparksql.Config{IdleCheck: time.Nanosecond})
	db.SetMaxOpenConns(1)
	ctx := ctxFor(t)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	old := killSession(t, ctx, conn)
	conn.Close()

	conn, err = db.Conn(ctx) // the same connection, checked on reuse
	if err != nil {
		t.Fatalf("db.Conn after the session was lost: %v", err)
	}
	defer conn.Close()
	if id := sessionIDOf(t, ctx, conn); id == old {
		t.Errorf("the pool kept the connection whose session was lost")
	}
	var one int
	if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		t.Errorf("query on the new connection: %v", err)
	}
}

func TestSessionLostDuringStatement(t *testing.T) {
	// Without the idle check, the statement finds the loss. It is not
	// retried (it might have run); the connection is dropped from the pool.
	db := openDB(t, sparksql.Config{IdleCheck: -1})
	db.SetMaxOpenConns(1)
	ctx := ctxFor(t)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	killSession(t, ctx, conn)
	_, err = conn.ExecContext(ctx, "SELECT 1")
	if !errors.Is(err, connect.ErrSessionReset) || errors.Is(err, driver.ErrBadConn) {
		t.Errorf("statement on a lost session: %v, want ErrSessionReset and not ErrBadConn", err)
	}
	// The connection now knows it is broken: it refuses before sending
	// anything, which is safe to retry.
	err = conn.PingContext(ctx)
	if !errors.Is(err, driver.ErrBadConn) || !errors.Is(err, connect.ErrSessionReset) {
		t.Errorf("Ping of the broken connection: %v, want ErrBadConn wrapping ErrSessionReset", err)
	}
	conn.Close()

	var one int
	if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		t.Errorf("the pool after the loss: %v", err)
	}
}

func TestSessionClosedLocally(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	db.SetMaxOpenConns(1)
	ctx := ctxFor(t)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Raw(func(dc any) error { return dc.(*sparksql.Conn).Session().Close() }); err != nil {
		t.Fatal(err)
	}
	_, err = conn.QueryContext(ctx, "SELECT 1")
	if !errors.Is(err, driver.ErrBadConn) || !errors.Is(err, connect.ErrSessionClosed) {
		t.Errorf("query on a closed session: %v, want ErrBadConn wrapping ErrSessionClosed", err)
	}
	conn.Close()
	// Through the pool, the statement moves to a new connection.
	var one int
	if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		t.Errorf("the pool after the close: %v", err)
	}
}

func TestConcurrentPool(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	db.SetMaxOpenConns(3)
	ctx := ctxFor(t)
	errs := make(chan error, 8)
	for k := range 8 {
		go func() {
			var sum int64
			err := db.QueryRowContext(ctx, "SELECT sum(id) FROM range(:n)", sql.Named("n", 1000*(k+1))).Scan(&sum)
			if n := int64(1000 * (k + 1)); err == nil && sum != n*(n-1)/2 {
				err = fmt.Errorf("sum of range(%d) = %d", n, sum)
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestCharVarcharAndCollation(t *testing.T) {
	// Spark reports CHAR and VARCHAR (instead of STRING) when asked to.
	db := openDB(t, sparksql.Config{Conf: map[string]string{"spark.sql.preserveCharVarcharTypeInfo": "true"}})
	rows, err := db.QueryContext(ctxFor(t), "SELECT CAST('ab' AS CHAR(5)) c, CAST('ab' AS VARCHAR(10)) v, "+
		"array(CAST('x' AS VARCHAR(3))) a, 'x' COLLATE UNICODE_CI AS ci")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		dbType string
		length int64
		hasLen bool
	}{
		{"CHAR", 5, true},
		{"VARCHAR", 10, true},
		{"ARRAY<VARCHAR(3)>", 0, false},
		{"STRING COLLATE UNICODE_CI", math.MaxInt64, true},
	}
	for i, w := range want {
		l, ok := cts[i].Length()
		if cts[i].DatabaseTypeName() != w.dbType || l != w.length || ok != w.hasLen {
			t.Errorf("%s: %s, Length %d, %v; want %s, %d, %v", cts[i].Name(), cts[i].DatabaseTypeName(), l, ok, w.dbType, w.length, w.hasLen)
		}
	}
	var c, v, ci string
	var a []any
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	if err := rows.Scan(&c, &v, &a, &ci); err != nil || c != "ab   " || v != "ab" || !reflect.DeepEqual(a, []any{"x"}) || ci != "x" {
		t.Errorf("values %q %q %v %q, %v", c, v, a, ci, err)
	}
}

func TestEmptyResult(t *testing.T) {
	db := openDB(t, sparksql.Config{})
	rows, err := db.QueryContext(ctxFor(t), "SELECT id, CAST(id AS STRING) AS s FROM range(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil || strings.Join(cols, ",") != "id,s" {
		t.Errorf("Columns = %v, %v", cols, err)
	}
	if rows.Next() {
		t.Error("an empty result has a row")
	}
	if err := rows.Err(); err != nil {
		t.Error(err)
	}
	err = db.QueryRowContext(ctxFor(t), "SELECT 1 FROM range(0)").Scan(new(int))
	if !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("QueryRow of an empty result: %v, want sql.ErrNoRows", err)
	}
}
