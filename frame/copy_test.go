package frame_test

import (
	"database/sql"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	F "github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/internal/sparktest"
)

// dec parses a decimal literal into a frame.Decimal of the given type.
func dec(t testing.TB, s string, precision, scale int32) F.Decimal {
	t.Helper()
	digits := strings.Replace(s, ".", "", 1)
	u, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		t.Fatalf("bad decimal %q", s)
	}
	frac := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		frac = len(s) - i - 1
	}
	u.Mul(u, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(int(scale)-frac)), nil))
	return F.Decimal{Unscaled: u, Precision: precision, Scale: scale}
}

// same compares two Go values deeply: decimals by value, times as
// instants, NaN equal to NaN.
func same(a, b reflect.Value) bool {
	if a.Type() != b.Type() {
		return false
	}
	switch a.Type() {
	case reflect.TypeFor[time.Time]():
		return a.Interface().(time.Time).Equal(b.Interface().(time.Time))
	case reflect.TypeFor[big.Int]():
		x, y := a.Interface().(big.Int), b.Interface().(big.Int)
		return x.Cmp(&y) == 0
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return same(a.Elem(), b.Elem())
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y || (math.IsNaN(x) && math.IsNaN(y))
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !same(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() || !same(a.MapIndex(k), bv) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !a.Type().Field(i).IsExported() {
				continue
			}
			if !same(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

// diff names the fields of two structs that differ.
func diff(a, b any) []string {
	av, bv := reflect.ValueOf(a), reflect.ValueOf(b)
	var out []string
	for i := 0; i < av.NumField(); i++ {
		if av.Type().Field(i).IsExported() && !same(av.Field(i), bv.Field(i)) {
			out = append(out, fmt.Sprintf("%s: sent %+v, got %+v", av.Type().Field(i).Name, av.Field(i), bv.Field(i)))
		}
	}
	return out
}

type inner struct {
	Name  string   `spark:"name"`
	Score *float64 `spark:"score"`
}

// allTypes has a field of every supported type, plain and nullable.
type allTypes struct {
	ID      int                `spark:"id"`
	I8      int8               `spark:"i8"`
	I16     int16              `spark:"i16"`
	I32     int32              `spark:"i32"`
	I64     int64              `spark:"i64"`
	U8      uint8              `spark:"u8"`
	U16     uint16             `spark:"u16"`
	U32     uint32             `spark:"u32"`
	U64     uint64             `spark:"u64"`
	F32     float32            `spark:"f32"`
	F64     float64            `spark:"f64"`
	Bool    bool               `spark:"bool"`
	Str     string             `spark:"str"`
	Bin     []byte             `spark:"bin"`
	Dec     F.Decimal          `spark:"dec"`
	Date    F.Date             `spark:"date"`
	TS      time.Time          `spark:"ts"`
	NTZ     time.Time          `spark:"ntz,timestamp_ntz"`
	Dur     time.Duration      `spark:"dur"`
	Arr     []int32            `spark:"arr"`
	Strs    []*string          `spark:"strs"`
	Map     map[string]float64 `spark:"map"`
	Nested  inner              `spark:"nested"`
	Nesteds []inner            `spark:"nesteds"`

	PI64    *int64         `spark:"p_i64"`
	PF64    *float64       `spark:"p_f64"`
	PBool   *bool          `spark:"p_bool"`
	PStr    *string        `spark:"p_str"`
	PDec    *F.Decimal     `spark:"p_dec"`
	PDate   *F.Date        `spark:"p_date"`
	PTS     *time.Time     `spark:"p_ts"`
	PDur    *time.Duration `spark:"p_dur"`
	PNested *inner         `spark:"p_nested"`
	NullStr sql.NullString `spark:"null_str"`
	NullI64 sql.NullInt64  `spark:"null_i64"`

	Skipped string `spark:"-"`
	private int
}

func ptrTo[T any](v T) *T { return &v }

func allTypesRows(t *testing.T) []allTypes {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	ts := time.Date(2024, 3, 10, 7, 0, 0, 123456000, kolkata) // 2024-03-10 01:30:00.123456 UTC
	return []allTypes{
		{ID: 0, I8: math.MinInt8, I16: math.MinInt16, I32: math.MinInt32, I64: math.MinInt64,
			F32: -math.MaxFloat32, F64: math.Inf(-1), Str: "", Bin: []byte{}, Dec: dec(t, "-99999999999999999999.999999999999999999", 38, 18),
			Date: F.Date{Year: 1, Month: 1, Day: 1}, TS: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
			NTZ: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), Dur: -time.Duration(math.MaxInt64/1000) * time.Microsecond,
			Arr: []int32{}, Strs: []*string{}, Map: map[string]float64{}, Nesteds: []inner{}},
		{ID: 1, I8: math.MaxInt8, I16: math.MaxInt16, I32: math.MaxInt32, I64: math.MaxInt64,
			U8: math.MaxUint8, U16: math.MaxUint16, U32: math.MaxUint32, U64: math.MaxInt64,
			F32: math.MaxFloat32, F64: math.Inf(1), Bool: true, Str: "max", Bin: []byte{0, 255},
			Dec:  dec(t, "99999999999999999999.999999999999999999", 38, 18),
			Date: F.Date{Year: 9999, Month: 12, Day: 31}, TS: time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC),
			NTZ: time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC), Dur: time.Duration(math.MaxInt64/1000) * time.Microsecond,
			Arr: []int32{math.MinInt32, 0, math.MaxInt32}, Strs: []*string{ptrTo("a"), nil},
			Map: map[string]float64{"a": 1.5, "b": -2}, Nested: inner{Name: "n", Score: ptrTo(0.25)},
			Nesteds: []inner{{Name: "x"}, {Name: "y", Score: ptrTo(-1.0)}}},
		// Zero values and NULL in every nullable column.
		{ID: 2, F64: math.NaN(), F32: float32(math.NaN()), Dec: dec(t, "0", 38, 18), Date: F.Date{Year: 1970, Month: 1, Day: 1},
			TS: time.Unix(0, 0).UTC(), NTZ: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
		// Typical values, every nullable column set.
		{ID: 3, I8: -5, I16: 300, I32: 70000, I64: 1 << 40, U8: 200, U16: 40000, U32: 3_000_000_000, U64: 1 << 62,
			F32: 0.1, F64: 0.1, Bool: true, Str: "héllo, wörld ✓ 日本語 🚀 \"quoted\"\nline", Bin: []byte("\x00bin\xff"),
			Dec:  dec(t, "12345678901234567890.123456789012345678", 38, 18),
			Date: F.Date{Year: 2024, Month: 2, Day: 29}, TS: ts, NTZ: time.Date(2024, 3, 10, 1, 30, 0, 123456000, time.UTC),
			Dur: 26*time.Hour + 3*time.Minute + 4*time.Second + 5*time.Microsecond,
			Arr: []int32{1, 2, 3}, Strs: []*string{nil, ptrTo("z")}, Map: map[string]float64{"pi": math.Pi},
			Nested: inner{Name: "ünï"}, Nesteds: []inner{{Name: "only", Score: ptrTo(math.MaxFloat64)}},
			PI64: ptrTo(int64(-7)), PF64: ptrTo(2.5), PBool: ptrTo(false), PStr: ptrTo(""), PDec: ptrTo(dec(t, "0.000000000000000001", 38, 18)),
			PDate: &F.Date{Year: 2000, Month: 12, Day: 31}, PTS: ptrTo(ts.Add(time.Hour)), PDur: ptrTo(-time.Millisecond),
			PNested: &inner{Name: "p", Score: ptrTo(1.0)}, NullStr: sql.NullString{String: "ns", Valid: true},
			NullI64: sql.NullInt64{Int64: 42, Valid: true}},
	}
}

func TestCopyRoundTripEveryType(t *testing.T) {
	s := session(t)
	// A session time zone other than UTC must not move the instants.
	if err := s.Conn().SetConf(ctx, map[string]string{"spark.sql.session.timeZone": "America/Los_Angeles"}); err != nil {
		t.Fatal(err)
	}
	sent := allTypesRows(t)
	for _, route := range []struct {
		name   string
		opts   F.CopyOptions
		packed bool
	}{
		{"inline", F.CopyOptions{}, false}, {"chunked", F.CopyOptions{ForceCache: true}, false},
		{"single artifact", F.CopyOptions{ForceCache: true, SingleArtifact: true}, false},
		{"packed inline", F.CopyOptions{}, true}, {"packed chunked", F.CopyOptions{ForceCache: true}, true},
	} {
		t.Run(route.name, func(t *testing.T) {
			if route.packed {
				defer F.SetPackMinRows(1)()
			}
			// Packed data is unpacked by projections over the relation.
			if rel := s.CreateDataFrame(ctx, sent, route.opts).Relation(); (rel.GetProject() != nil) != route.packed {
				t.Fatalf("packed = %v, want %v: the relation is %T", rel.GetProject() != nil, route.packed, rel.GetRelType())
			}
			route.opts.Overwrite = true
			df := s.CopyTo(ctx, "every_type", sent, route.opts)
			if err := df.Err(); err != nil {
				t.Fatal(err)
			}
			tree, err := df.TreeString(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{
				"|-- id: long (nullable = false)", "|-- i8: byte (nullable = false)", "|-- i16: short (nullable = false)",
				"|-- i32: integer (nullable = false)", "|-- i64: long (nullable = false)", "|-- u8: short (nullable = false)",
				"|-- u16: integer (nullable = false)", "|-- u32: long (nullable = false)", "|-- u64: long (nullable = false)",
				"|-- f32: float (nullable = false)", "|-- f64: double (nullable = false)", "|-- bool: boolean (nullable = false)",
				"|-- str: string (nullable = false)", "|-- bin: binary (nullable = true)", "|-- dec: decimal(38,18) (nullable = false)",
				"|-- date: date (nullable = false)", "|-- ts: timestamp (nullable = false)", "|-- ntz: timestamp_ntz (nullable = false)",
				"|-- dur: interval day to second (nullable = false)", "|-- arr: array (nullable = true)",
				"|    |-- element: integer (containsNull = false)", "|    |-- element: string (containsNull = true)",
				"|-- map: map (nullable = true)", "|    |-- value: double (valueContainsNull = false)",
				"|-- nested: struct (nullable = false)", "|    |-- score: double (nullable = true)",
				"|-- p_dec: decimal(38,18) (nullable = true)", "|-- p_nested: struct (nullable = true)",
				"|-- null_str: string (nullable = true)", "|-- null_i64: long (nullable = true)",
			} {
				if !strings.Contains(tree, want) {
					t.Errorf("schema lacks %q:\n%s", want, tree)
				}
			}
			if strings.Contains(tree, "Skipped") || strings.Contains(tree, "private") {
				t.Errorf("skipped fields were copied:\n%s", tree)
			}
			var got []allTypes
			if err := df.OrderBy("id").CollectInto(ctx, &got); err != nil {
				t.Fatal(err)
			}
			if len(got) != len(sent) {
				t.Fatalf("got %d rows, want %d", len(got), len(sent))
			}
			for i := range sent {
				want := sent[i]
				want.Skipped = ""
				want.private = 0
				for _, d := range diff(want, got[i]) {
					t.Errorf("row %d: %s", i, d)
				}
			}
			// What Spark itself sees, independently of CollectInto.
			rows, err := s.Sql(ctx, `SELECT CAST(dec AS STRING) AS dec, unix_micros(ts) AS us, CAST(ts AS STRING) AS ts_text,
				CAST(ntz AS STRING) AS ntz_text, CAST(date AS STRING) AS date_text, CAST(dur AS STRING) AS dur_text,
				hex(bin) AS bin_hex, length(str) AS len, u32, u64, CAST(p_dec AS STRING) AS p_dec,
				isnull(p_i64) AND isnull(p_f64) AND isnull(p_bool) AND isnull(p_str) AND isnull(p_dec) AND isnull(p_date)
				  AND isnull(p_ts) AND isnull(p_dur) AND isnull(p_nested) AND isnull(null_str) AND isnull(null_i64)
				  AND isnull(bin) AND isnull(arr) AND isnull(strs) AND isnull(map) AND isnull(nesteds) AS all_null
				FROM every_type ORDER BY id`).CollectMaps(ctx)
			if err != nil {
				t.Fatal(err)
			}
			checks := []struct {
				row       int
				col, want string
			}{
				{0, "dec", "-99999999999999999999.999999999999999999"}, {1, "dec", "99999999999999999999.999999999999999999"},
				{2, "dec", "0.000000000000000000"}, {3, "dec", "12345678901234567890.123456789012345678"}, {3, "p_dec", "0.000000000000000001"},
				{3, "us", "1710034200123456"}, {3, "ts_text", "2024-03-09 17:30:00.123456"},
				{3, "ntz_text", "2024-03-10 01:30:00.123456"}, {3, "date_text", "2024-02-29"}, {0, "date_text", "0001-01-01"},
				{1, "date_text", "9999-12-31"}, {3, "dur_text", "INTERVAL '1 02:03:04.000005' DAY TO SECOND"},
				{3, "bin_hex", "0062696EFF"}, {3, "len", "34"}, {1, "u32", "4294967295"}, {1, "u64", "9223372036854775807"},
				{2, "all_null", "true"}, {3, "all_null", "false"}, {2, "us", "0"},
			}
			for _, c := range checks {
				if got := fmt.Sprint(rows[c.row][c.col]); got != c.want {
					t.Errorf("row %d %s = %s, want %s", c.row, c.col, got, c.want)
				}
			}
		})
	}
}

func TestCopyColumnNames(t *testing.T) {
	t.Run("plain", testCopyColumnNames)
	t.Run("packed", func(t *testing.T) {
		defer F.SetPackMinRows(1)()
		testCopyColumnNames(t)
	})
}

func testCopyColumnNames(t *testing.T) {
	s := session(t)
	type odd struct {
		A int64  `spark:"a.b"`
		B string `spark:"with space"`
		C bool   `spark:"ünï-cödé"`
		D int32  `spark:"select"`
		E int32  // the Go name
	}
	df := s.CopyTo(ctx, "odd_names", []odd{{1, "x", true, 7, 8}, {2, "y", false, 9, 10}}, F.CopyOptions{Overwrite: true})
	cols, err := df.Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cols, "|"); got != "a.b|with space|ünï-cödé|select|E" {
		t.Errorf("columns = %s", got)
	}
	rows, err := df.Filter(F.Col("`a.b`").Eq(2)).Select("`with space`", "`ünï-cödé`", "`select`", "E").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0]["with space"] != "y" || rows[0]["ünï-cödé"] != false || rows[0]["select"] != int32(9) || rows[0]["E"] != int32(10) {
		t.Errorf("rows = %v", rows)
	}
	var back []odd
	if err := df.OrderBy("`a.b`").CollectInto(ctx, &back); err != nil || len(back) != 2 || back[1] != (odd{2, "y", false, 9, 10}) {
		t.Errorf("CollectInto = %v, %v", back, err)
	}
	// The same names from maps with a schema.
	df = s.CreateDataFrame(ctx, []map[string]any{{"a.b": 1, "with space": "z"}}, F.CopyOptions{Schema: "`a.b` BIGINT, `with space` STRING"})
	if rows, err := df.Select("`with space`").CollectMaps(ctx); err != nil || len(rows) != 1 || rows[0]["with space"] != "z" {
		t.Errorf("maps with odd names: %v, %v", rows, err)
	}
}

func TestCopyRejectsBadTypes(t *testing.T) {
	// A closed session: the errors must come before anything is sent.
	closed := F.NewSession(sparktest.Session(t))
	closed.Close()
	type withChan struct {
		A  int
		Ch chan int `spark:"ch"`
	}
	type withFunc struct{ Fn func() }
	type withComplex struct{ C complex128 }
	type withAny struct{ V any }
	type deep struct {
		Items []struct {
			X map[string]chan bool
		}
	}
	type ptrKey struct{ M map[*string]int }
	type rec struct {
		Next []rec
	}
	for _, tt := range []struct {
		data any
		want string
	}{
		{[]withChan{{}}, "frame: CreateDataFrame: field Ch (chan int): Spark has no type for a Go chan"},
		{[]withFunc{{}}, "frame: CreateDataFrame: field Fn (func()): Spark has no type for a Go func"},
		{[]*withComplex{{}}, "frame: CreateDataFrame: field C (complex128): Spark has no type for a Go complex128"},
		{[]withAny{{V: 1}}, "frame: CreateDataFrame: field V (interface {}): an interface field needs CopyOptions.Schema to give its Spark type"},
		{[]deep{{}}, "frame: CreateDataFrame: field Items[].X value (chan bool): Spark has no type for a Go chan"},
		{[]ptrKey{{}}, "frame: CreateDataFrame: field M (map[*string]int): Spark map keys cannot be NULL: use a non-pointer key type"},
		{[]rec{{}}, "frame: CreateDataFrame: field Next[] (frame_test.rec): recursive types cannot be copied"},
		{[]int{1, 2}, "frame: CreateDataFrame: cannot copy a slice of int; want a slice of structs, []map[string]any or [][]any with a Schema"},
		{42, "frame: CreateDataFrame: cannot copy a int; want a slice of structs, []map[string]any or [][]any with a Schema, an arrow.RecordBatch or an arrow.Table"},
		{[]map[string]any{{"a": 1}}, "frame: CreateDataFrame: a []map[string]interface {} needs CopyOptions.Schema to give the columns and their types, such as \"id BIGINT, name STRING\""},
	} {
		err := closed.CreateDataFrame(ctx, tt.data, F.CopyOptions{}).Err()
		if err == nil || err.Error() != tt.want {
			t.Errorf("%T:\n got %v\nwant %s", tt.data, err, tt.want)
		}
	}
	// Values that do not fit are named with their row and field.
	s := session(t)
	type tooBig struct {
		ID int
		U  uint64 `spark:"u"`
	}
	err := s.CopyTo(ctx, "too_big", []tooBig{{1, 1}, {2, math.MaxInt64 + 1}}, F.CopyOptions{Overwrite: true}).Err()
	if err == nil || err.Error() != "frame: CopyTo: row 1: field U: value 9223372036854775808 does not fit Spark's BIGINT" {
		t.Errorf("uint64 overflow: %v", err)
	}
	if _, err := s.Table("too_big").Count(ctx); err == nil {
		t.Errorf("the view too_big was created despite the error")
	}
	type badDate struct{ D F.Date }
	if err := s.CreateDataFrame(ctx, []badDate{{F.Date{Year: 2023, Month: 2, Day: 29}}}, F.CopyOptions{}).Err(); err == nil ||
		err.Error() != "frame: CreateDataFrame: row 0: field D: 2023-02-29 is not a valid date" {
		t.Errorf("invalid date: %v", err)
	}
	type nilRow struct{ A int }
	if err := s.CreateDataFrame(ctx, []*nilRow{{1}, nil}, F.CopyOptions{}).Err(); err == nil ||
		err.Error() != "frame: CreateDataFrame: row 1 is nil" {
		t.Errorf("nil row: %v", err)
	}
	type wide struct{ D F.Decimal }
	if err := s.CreateDataFrame(ctx, []wide{{dec(t, "1.5", 2, 1)}, {dec(t, "123456789012345678901234567890123456789", 39, 0)}}, F.CopyOptions{}).Err(); err == nil ||
		err.Error() != "frame: CreateDataFrame: field D: the decimals need decimal(40,1), wider than Spark's 38 digits" {
		t.Errorf("too wide decimals: %v", err)
	}
}

func TestCopyOverwrite(t *testing.T) {
	s := session(t)
	type kv struct {
		K string `spark:"k"`
		V int64  `spark:"v"`
	}
	if err := s.CopyTo(ctx, "ow", []kv{{"a", 1}}, F.CopyOptions{}).Err(); err != nil {
		t.Fatal(err)
	}
	err := s.CopyTo(ctx, "ow", []kv{{"b", 2}, {"c", 3}}, F.CopyOptions{}).Err()
	if err == nil || err.Error() != `frame: CopyTo: the temporary view "ow" already exists; set CopyOptions.Overwrite to replace it` {
		t.Errorf("copying over an existing view: %v", err)
	}
	if got := render(t, s.Table("ow")); strings.Join(got, ";") != "k=a v=1" {
		t.Errorf("the existing view changed: %v", got)
	}
	df := s.CopyTo(ctx, "ow", []kv{{"b", 2}, {"c", 3}}, F.CopyOptions{Overwrite: true})
	if got := render(t, df); strings.Join(got, ";") != "k=b v=2;k=c v=3" {
		t.Errorf("after Overwrite: %v", got)
	}
	if df.Source() != "ow" {
		t.Errorf("Source = %q", df.Source())
	}
	// Without a name, nothing is registered.
	if got := render(t, s.CopyTo(ctx, "", []kv{{"z", 26}}, F.CopyOptions{})); strings.Join(got, ";") != "k=z v=26" {
		t.Errorf("unnamed copy: %v", got)
	}
}

type sample struct {
	ID  int64     `spark:"id"`
	D   float64   `spark:"d"`
	S   string    `spark:"s"`
	TS  time.Time `spark:"ts"`
	Dec F.Decimal `spark:"amount,decimal(12,2)"`
}

func sampleRows(n int) []sample {
	rows := make([]sample, n)
	for i := range rows {
		rows[i] = sample{ID: int64(i), D: float64(i) * 1.5, S: fmt.Sprintf("row-%d", i), TS: time.Unix(int64(i), 0),
			Dec: F.Decimal{Unscaled: big.NewInt(int64(i)*100 + 1), Scale: 2}}
	}
	return rows
}

func TestCopyCached(t *testing.T) {
	s := session(t)
	conn := s.Conn()
	rows := sampleRows(5000)
	check := func(t *testing.T, df *F.DataFrame) {
		t.Helper()
		got, err := df.GroupBy().Agg(F.Count("*").Alias("n"), F.Sum("id").Alias("ids"), F.Sum("amount").Alias("amount"),
			F.Max("s").Alias("s"), F.Max("ts").Alias("ts")).CollectMaps(ctx)
		if err != nil {
			t.Fatal(err)
		}
		r := got[0]
		if r["n"] != int64(5000) || r["ids"] != int64(5000*4999/2) || fmt.Sprint(r["amount"]) != "12497550.00" ||
			r["s"] != "row-999" || !r["ts"].(time.Time).Equal(time.Unix(4999, 0)) {
			t.Errorf("aggregates = %v", r)
		}
	}
	t.Run("inline", func(t *testing.T) {
		df := s.CreateDataFrame(ctx, rows[:100], F.CopyOptions{})
		if df.Relation().GetLocalRelation() == nil {
			t.Fatalf("small data is not inline: %T", df.Relation().GetRelType())
		}
	})
	t.Run("single artifact", func(t *testing.T) {
		df := s.CreateDataFrame(ctx, rows, F.CopyOptions{ForceCache: true, SingleArtifact: true})
		if err := df.Err(); err != nil {
			t.Fatal(err)
		}
		clr := df.Relation().GetCachedLocalRelation()
		if clr == nil {
			t.Fatalf("relation is %T, want a CachedLocalRelation", df.Relation().GetRelType())
		}
		st, err := conn.ArtifactStatus(ctx, "cache/"+clr.GetHash())
		if err != nil || !st["cache/"+clr.GetHash()] {
			t.Errorf("artifact cache/%s: %v, %v", clr.GetHash(), st, err)
		}
		check(t, df)
	})
	chunked := serverAtLeast(t, s, 4, 1) // ChunkedCachedLocalRelation is new in Spark 4.1
	// cached returns the relation of cached data: chunked on Spark 4.1+, a
	// single artifact before.
	cached := func(df *F.DataFrame) bool {
		if chunked {
			return df.Relation().GetChunkedCachedLocalRelation() != nil
		}
		return df.Relation().GetCachedLocalRelation() != nil
	}
	t.Run("chunked", func(t *testing.T) {
		if !chunked {
			t.Skip("chunked cached relations need Spark 4.1")
		}
		// Small chunks to get several of them.
		if err := conn.SetConf(ctx, map[string]string{"spark.sql.session.localRelationChunkSizeBytes": "65536"}); err != nil {
			t.Fatal(err)
		}
		defer conn.UnsetConf(ctx, "spark.sql.session.localRelationChunkSizeBytes")
		df := s.CreateDataFrame(ctx, rows, F.CopyOptions{ForceCache: true})
		if err := df.Err(); err != nil {
			t.Fatal(err)
		}
		ccl := df.Relation().GetChunkedCachedLocalRelation()
		if ccl == nil || len(ccl.GetDataHashes()) < 3 {
			t.Fatalf("relation is %v, want a ChunkedCachedLocalRelation of several chunks", df.Relation().GetRelType())
		}
		names := make([]string, len(ccl.GetDataHashes()))
		for i, h := range ccl.GetDataHashes() {
			names[i] = "cache/" + h
		}
		st, err := conn.ArtifactStatus(ctx, names...)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if !st[n] {
				t.Errorf("artifact %s is missing", n)
			}
		}
		check(t, df)
	})
	t.Run("above the threshold", func(t *testing.T) {
		if err := conn.SetConf(ctx, map[string]string{"spark.sql.session.localRelationCacheThreshold": "10000"}); err != nil {
			t.Fatal(err)
		}
		defer conn.UnsetConf(ctx, "spark.sql.session.localRelationCacheThreshold")
		df := s.CreateDataFrame(ctx, rows, F.CopyOptions{})
		if !cached(df) {
			t.Fatalf("data above the threshold is %T, want cached", df.Relation().GetRelType())
		}
		check(t, df)
	})
	t.Run("schema", func(t *testing.T) {
		df := s.CreateDataFrame(ctx, [][]any{{1, "a"}, {2, nil}}, F.CopyOptions{Schema: "id BIGINT NOT NULL, name VARCHAR(10)", ForceCache: true})
		if !cached(df) {
			t.Fatalf("relation %T, want cached", df.Relation().GetRelType())
		}
		tree, err := df.TreeString(ctx)
		if err != nil || tree != "root\n |-- id: long (nullable = false)\n |-- name: string (nullable = true)\n" {
			t.Errorf("schema = %q, %v", tree, err)
		}
	})
}

func TestCopyMillionRows(t *testing.T) {
	if testing.Short() {
		t.Skip("1M rows")
	}
	s := session(t)
	const n = 1_000_000
	type row struct {
		ID int64     `spark:"id"`
		D  float64   `spark:"d"`
		S  string    `spark:"s"`
		TS time.Time `spark:"ts"`
	}
	rows := make([]row, n)
	for i := range rows {
		rows[i] = row{int64(i), float64(i) * 0.5, fmt.Sprintf("row-%d", i), time.Unix(int64(i), 0)}
	}
	start := time.Now()
	df := s.CopyTo(ctx, "million", rows, F.CopyOptions{Overwrite: true})
	if err := df.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("CopyTo of %d rows: %v", n, time.Since(start))
	got, err := s.Sql(ctx, `SELECT count(*) AS n, sum(id) AS ids, sum(d) AS d, sum(length(s)) AS chars,
		count(DISTINCT s) AS distinct_s, min(ts) AS lo, max(ts) AS hi, sum(unix_seconds(ts)) AS secs FROM million`).CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	chars := int64(0)
	for i := range n {
		chars += int64(len(rows[i].S))
	}
	check := func(r map[string]any) {
		t.Helper()
		if r["n"] != int64(n) || r["ids"] != int64(n*(n-1)/2) || r["d"] != float64(n*(n-1)/2)*0.5 || r["chars"] != chars ||
			r["distinct_s"] != int64(n) || !r["lo"].(time.Time).Equal(time.Unix(0, 0)) || !r["hi"].(time.Time).Equal(time.Unix(n-1, 0)) ||
			r["secs"] != int64(n*(n-1)/2) {
			t.Errorf("aggregates of the copied rows: %v (want chars %d)", r, chars)
		}
	}
	check(got[0])
	// The rows keep their order, as in a local relation.
	first, err := s.Table("million").Limit(3).CollectMaps(ctx)
	if err != nil || len(first) != 3 || first[0]["id"] != int64(0) || first[1]["id"] != int64(1) || first[2]["s"] != "row-2" {
		t.Errorf("first rows of the copy: %v, %v", first, err)
	}
	// Without a view, 1M rows are packed into arrays (38 MB) that are above
	// Spark 4.1's cache threshold: chunked artifacts. (Spark 4.0's
	// threshold is 64 MiB: they go inline.)
	df = s.CreateDataFrame(ctx, rows, F.CopyOptions{})
	packed := df.Relation().GetProject().GetInput().GetProject().GetInput()
	if packed == nil {
		t.Fatalf("1M rows without a view: %T, want packed rows under two projections", df.Relation().GetRelType())
	}
	if !serverAtLeast(t, s, 4, 1) {
		t.Logf("1M rows without a view on Spark 4.0: %T", packed.GetRelType())
	} else if ccl := packed.GetChunkedCachedLocalRelation(); ccl == nil || len(ccl.GetDataHashes()) < 2 {
		t.Fatalf("1M rows without a view: %T, want several cached chunks", packed.GetRelType())
	}
	if err := df.CreateTempView(ctx, "million_chunked", true); err != nil {
		t.Fatal(err)
	}
	got, err = s.Sql(ctx, `SELECT count(*) AS n, sum(id) AS ids, sum(d) AS d, sum(length(s)) AS chars,
		count(DISTINCT s) AS distinct_s, min(ts) AS lo, max(ts) AS hi, sum(unix_seconds(ts)) AS secs FROM million_chunked`).CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check(got[0])
}

func TestCopyMapsAndRows(t *testing.T) {
	s := session(t)
	const ddl = "a INT, b STRING NOT NULL, c DECIMAL(10,2), d DATE, e TIMESTAMP, f ARRAY<INT>, g MAP<STRING,BIGINT>, h STRUCT<x: INT, y: STRING>"
	maps := []map[string]any{
		{"a": 1, "b": "one", "c": "12.50", "d": "2024-01-02", "e": time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
			"f": []int{1, 2}, "g": map[string]int{"k": 9}, "h": map[string]any{"x": 7, "y": "why"}},
		// JSON-style numbers and a missing (nullable) key.
		{"a": float64(2), "b": "two", "c": 0.1, "d": F.Date{Year: 2024, Month: 1, Day: 3}, "e": "2024-01-02T03:04:05+01:00",
			"f": []any{3, nil}, "h": struct {
				X int `spark:"x"`
				Y string
			}{8, "s"}},
		{"a": nil, "b": "", "c": F.Decimal{Unscaled: big.NewInt(-5), Scale: 1}, "d": time.Date(2024, 1, 4, 23, 0, 0, 0, time.UTC), "e": nil, "f": nil, "g": nil, "h": nil},
	}
	want := []string{
		"a=1 b=one c=12.50 d=2024-01-02 e=2024-01-02 03:04:05 f=[1,2] g={k -> 9} h={7, why}",
		"a=2 b=two c=0.10 d=2024-01-03 e=2024-01-02 02:04:05 f=[3,null] g=NULL h={8, s}",
		"a=NULL b= c=-0.50 d=2024-01-04 e=NULL f=NULL g=NULL h=NULL",
	}
	asText := func(df *F.DataFrame) []string {
		t.Helper()
		var out []string
		rows, err := df.SelectExpr("concat_ws(' ', 'a=' || coalesce(CAST(a AS STRING), 'NULL'), 'b=' || b, 'c=' || c, 'd=' || d, " +
			"'e=' || coalesce(CAST(e AS STRING), 'NULL'), 'f=' || coalesce(to_json(f), 'NULL'), " +
			"'g=' || coalesce(CAST(g AS STRING), 'NULL'), 'h=' || coalesce(CAST(h AS STRING), 'NULL')) AS t").OrderBy("t").CollectMaps(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			out = append(out, r["t"].(string))
		}
		return out
	}
	if got := asText(s.CreateDataFrame(ctx, maps, F.CopyOptions{Schema: ddl})); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("maps:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	rows := [][]any{
		{1, "one", "12.5", "2024-01-02", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), []int32{1, 2}, map[string]int64{"k": 9}, []any{7, "why"}},
		{int8(2), "two", big.NewRat(1, 10), F.Date{Year: 2024, Month: 1, Day: 3}, "2024-01-02T02:04:05Z", []*int{ptrTo(3), nil}, nil, map[string]any{"x": 8, "y": "s"}},
		{nil, "", -0.5, "2024-01-04", nil, nil, nil, nil},
	}
	if got := asText(s.CreateDataFrame(ctx, rows, F.CopyOptions{Schema: ddl})); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, tt := range []struct {
		data any
		want string
	}{
		{[]map[string]any{{"b": "x", "zz": 1}}, `frame: CreateDataFrame: row 0: keys "zz" are not columns of the schema`},
		{[]map[string]any{{"a": 1}}, `frame: CreateDataFrame: row 0: column "b" is missing, but it is NOT NULL`},
		{[]map[string]any{{"b": nil}}, `frame: CreateDataFrame: row 0: column "b" is nil, but the column is NOT NULL`},
		{[]map[string]any{{"b": "x", "a": "1"}}, `frame: CreateDataFrame: row 0: column "a": a Go string cannot be stored in a int column`},
		{[]map[string]any{{"b": "x", "a": int64(1) << 40}}, `frame: CreateDataFrame: row 0: column "a": value 1099511627776 does not fit Spark's INT`},
		{[]map[string]any{{"b": "x", "a": 1.5}}, `frame: CreateDataFrame: row 0: column "a": value 1.5 is not a whole number within Spark's INT`},
		{[]map[string]any{{"b": "x", "c": "1.234"}}, `frame: CreateDataFrame: row 0: column "c": 1.234 has more than 2 digits after the decimal point`},
		{[]map[string]any{{"b": "x", "c": "123456789.5"}}, `frame: CreateDataFrame: row 0: column "c": value 123456789.50 does not fit DECIMAL(10,2)`},
		{[]map[string]any{{"b": "x", "d": "2024-13-01"}}, `frame: CreateDataFrame: row 0: column "d": frame: "2024-13-01" is not a date (YYYY-MM-DD)`},
		{[]map[string]any{{"b": "x", "h": map[string]any{"x": 1, "q": 2}}}, `frame: CreateDataFrame: row 0: column "h".keys "q" are not columns of the schema`},
		{[][]any{{1, "x"}}, `frame: CreateDataFrame: row 0: has 2 values for 8 columns`},
	} {
		if err := s.CreateDataFrame(ctx, tt.data, F.CopyOptions{Schema: ddl}).Err(); err == nil || err.Error() != tt.want {
			t.Errorf("%v:\n got %v\nwant %s", tt.data, err, tt.want)
		}
	}
	if err := s.CreateDataFrame(ctx, maps, F.CopyOptions{Schema: "a INT,, b"}).Err(); err == nil || !strings.Contains(err.Error(), `frame: CreateDataFrame: Schema "a INT,, b": `) {
		t.Errorf("bad schema: %v", err)
	}
}

func TestCopyStructsWithSchema(t *testing.T) {
	s := session(t)
	type item struct {
		Name  string
		Price string  `spark:"price"`
		Qty   float64 `spark:"qty"`
	}
	df := s.CreateDataFrame(ctx, []item{{"a", "1.10", 3}, {"b", "2.25", 4}}, F.CopyOptions{Schema: "price DECIMAL(5,2), name STRING, qty INT"})
	cols, err := df.Columns(ctx)
	if err != nil || strings.Join(cols, ",") != "price,name,qty" {
		t.Fatalf("columns = %v, %v", cols, err)
	}
	if got := render(t, df); strings.Join(got, ";") != "name=a price=1.10 qty=3;name=b price=2.25 qty=4" {
		t.Errorf("rows = %v", got)
	}
	err = s.CreateDataFrame(ctx, []item{{"a", "1", 1}}, F.CopyOptions{Schema: "price DECIMAL(5,2), name STRING"}).Err()
	if err == nil || err.Error() != "frame: CreateDataFrame: field Qty (column \"qty\") of frame_test.item is not in the schema; add it or tag it `spark:\"-\"`" {
		t.Errorf("missing column: %v", err)
	}
}

func TestCopyArrow(t *testing.T) {
	s := session(t)
	schema := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64}, {Name: "y", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i := 0; i < 40000; i++ {
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		if i%2 == 0 {
			b.Field(1).(*array.StringBuilder).Append(fmt.Sprint(i))
		} else {
			b.Field(1).AppendNull()
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	check := func(df *F.DataFrame) {
		t.Helper()
		// 40 000 rows are sent packed, in slices of the record.
		got, err := df.SelectExpr("count(*) AS n", "sum(x) AS x", "count(y) AS y", "sum(CAST(y AS BIGINT)) AS ysum",
			"sum(IF(CAST(y AS BIGINT) = x, 1, 0)) AS same").CollectMaps(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got[0]["n"] != int64(40000) || got[0]["x"] != int64(40000*39999/2) || got[0]["y"] != int64(20000) ||
			got[0]["ysum"] != int64(399980000) || got[0]["same"] != int64(20000) {
			t.Errorf("got %v", got)
		}
	}
	check(s.CreateDataFrame(ctx, rec, F.CopyOptions{}))
	tbl := array.NewTableFromRecords(schema, []arrow.RecordBatch{rec})
	defer tbl.Release()
	check(s.CopyTo(ctx, "arrow_table", tbl, F.CopyOptions{Overwrite: true, ForceCache: true}))

	ub := array.NewUint32Builder(memory.DefaultAllocator)
	ub.Append(1)
	ua := ub.NewArray()
	defer ua.Release()
	bad := array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: "u", Type: arrow.PrimitiveTypes.Uint32}}, nil), []arrow.Array{ua}, 1)
	defer bad.Release()
	if err := s.CreateDataFrame(ctx, bad, F.CopyOptions{}).Err(); err == nil ||
		err.Error() != `frame: CreateDataFrame: column "u" is Arrow uint32, which Spark cannot read: convert it (unsigned integers to wider signed ones, other types to strings)` {
		t.Errorf("uint32 column: %v", err)
	}
}

func TestCopyEmpty(t *testing.T) {
	s := session(t)
	for _, opts := range []F.CopyOptions{{}, {ForceCache: true}} {
		df := s.CreateDataFrame(ctx, []sample{}, opts)
		n, err := df.Count(ctx)
		cols, err2 := df.Columns(ctx)
		if err != nil || err2 != nil || n != 0 || strings.Join(cols, ",") != "id,d,s,ts,amount" {
			t.Errorf("empty copy: %d rows, columns %v, %v, %v", n, cols, err, err2)
		}
	}
}

func TestCollectInto(t *testing.T) {
	s := session(t)
	type car struct {
		Car  string    `spark:"car"`
		MPG  F.Decimal // case-insensitive match of "mpg"
		Cyl  int8      `spark:"cyl"`
		HP   *int64    `spark:"hp"`
		WT   string    `spark:"wt"`
		Am   sql.NullInt32
		Skip chan int `spark:"-"`
	}
	var cars []car
	if err := s.Table("mtcars").OrderBy("car").CollectInto(ctx, &cars); err != nil {
		t.Fatal(err)
	}
	if len(cars) != 32 {
		t.Fatalf("%d cars", len(cars))
	}
	c := cars[0]
	if c.Car != "AMC Javelin" || c.MPG.String() != "15.2" || c.Cyl != 8 || c.HP == nil || *c.HP != 150 || c.WT != "3.435" ||
		c.Am != (sql.NullInt32{Int32: 0, Valid: true}) {
		t.Errorf("first car = %+v", c)
	}
	// Pointers to structs, decimals into *big.Rat and float64, NULLs.
	type exact struct {
		R  *big.Rat `spark:"r"`
		F  float64  `spark:"r2"`
		S  sql.NullString
		N  *int32 `spark:"n"`
		D  F.Date `spark:"d"`
		T  time.Time
		Du time.Duration
		A  []int64
		M  map[string]int32
		St struct {
			X int32
			Y *string
		}
		Any any
	}
	var ex []*exact
	err := s.Sql(ctx, `SELECT 1.25BD AS r, 1.25BD AS r2, NULL AS s, CAST(NULL AS INT) AS n, DATE'2024-02-29' AS d,
		TIMESTAMP'2024-01-02 03:04:05.678901' AS t, INTERVAL '1 02:03:04.5' DAY TO SECOND AS du, array(1L, 2L) AS a,
		map('k', 1) AS m, named_struct('x', 5, 'y', CAST(NULL AS STRING)) AS st, 'anything' AS any`).CollectInto(ctx, &ex)
	if err != nil {
		t.Fatal(err)
	}
	e := ex[0]
	if e.R.RatString() != "5/4" || e.F != 1.25 || e.S.Valid || e.N != nil || e.D != (F.Date{Year: 2024, Month: 2, Day: 29}) ||
		!e.T.Equal(time.Date(2024, 1, 2, 3, 4, 5, 678901000, time.UTC)) || e.Du != 26*time.Hour+3*time.Minute+4500*time.Millisecond ||
		fmt.Sprint(e.A) != "[1 2]" || e.M["k"] != 1 || e.St.X != 5 || e.St.Y != nil || e.Any != "anything" {
		t.Errorf("exact = %+v", *e)
	}
	// Errors name the column and the field.
	var bad1 []struct{ Car int }
	err = s.Table("mtcars").CollectInto(ctx, &bad1)
	if err == nil || err.Error() != `frame: CollectInto: column "car" (string) into field Car (int): a string column cannot fill a Go int` {
		t.Errorf("string into int: %v", err)
	}
	var bad2 []struct{ Nope string }
	err = s.Table("mtcars").CollectInto(ctx, &bad2)
	if err == nil || err.Error() != `frame: CollectInto: field Nope of struct { Nope string }: no column "Nope" among ["car" "mpg" "cyl" "hp" "wt" "am"]; tag the field `+"`spark:\"column\"` or `spark:\"-\"`" {
		t.Errorf("missing column: %v", err)
	}
	var bad3 []struct{ N int32 }
	err = s.Sql(ctx, "SELECT * FROM VALUES (1), (NULL) AS t(n)").CollectInto(ctx, &bad3)
	if err == nil || err.Error() != `frame: CollectInto: row 1: column "n" (int) into field N (int32): NULL cannot be stored in a Go int32; use a pointer or a sql.Null type` {
		t.Errorf("NULL into int32: %v", err)
	}
	var bad4 []struct{ N int8 }
	err = s.Sql(ctx, "SELECT 1000 AS n").CollectInto(ctx, &bad4)
	if err == nil || err.Error() != `frame: CollectInto: row 0: column "n" (int) into field N (int8): value 1000 does not fit an int8` {
		t.Errorf("overflow: %v", err)
	}
	var notSlice []car
	if err := s.Table("mtcars").CollectInto(ctx, notSlice); err == nil ||
		err.Error() != "frame: CollectInto: dest is a []frame_test.car; want a pointer to a slice of structs, such as *[]Car" {
		t.Errorf("non-pointer dest: %v", err)
	}
	// No rows: an empty slice.
	cars = cars[:3]
	if err := s.Table("mtcars").Filter("mpg > 100").CollectInto(ctx, &cars); err != nil || len(cars) != 0 {
		t.Errorf("no rows: %d, %v", len(cars), err)
	}
}

func TestCopyEmbeddedAndNullTypes(t *testing.T) {
	s := session(t)
	type Base struct {
		ID   int64 `spark:"id"`
		Note string
	}
	type item struct {
		Base
		Price sql.Null[F.Decimal] `spark:"price,decimal(10,2)"`
		When  sql.NullTime        `spark:"when"`
		Day   time.Time           `spark:"day,date"`
		Rat   *big.Rat            `spark:"rat,decimal(5,3)"`
		Any   any                 `spark:"-"`
	}
	when := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	sent := []item{
		{Base: Base{1, "a"}, Price: sql.Null[F.Decimal]{V: dec(t, "12.5", 3, 1), Valid: true}, When: sql.NullTime{Time: when, Valid: true},
			Day: time.Date(2024, 5, 6, 23, 0, 0, 0, time.UTC), Rat: big.NewRat(1, 8)},
		{Base: Base{2, "b"}},
	}
	df := s.CreateDataFrame(ctx, sent, F.CopyOptions{})
	tree, err := df.TreeString(ctx)
	want := "root\n |-- id: long (nullable = false)\n |-- Note: string (nullable = false)\n |-- price: decimal(10,2) (nullable = true)\n" +
		" |-- when: timestamp (nullable = true)\n |-- day: date (nullable = false)\n |-- rat: decimal(5,3) (nullable = true)\n"
	if err != nil || tree != want {
		t.Fatalf("schema = %q, %v", tree, err)
	}
	type back struct {
		Base
		Price sql.NullString `spark:"price"`
		When  sql.NullTime   `spark:"when"`
		Day   F.Date         `spark:"day"`
		Rat   *big.Rat       `spark:"rat"`
	}
	var got []back
	if err := df.OrderBy("id").CollectInto(ctx, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != 1 || got[0].Note != "a" || got[0].Price != (sql.NullString{String: "12.50", Valid: true}) ||
		!got[0].When.Valid || !got[0].When.Time.Equal(when) || got[0].Day != (F.Date{Year: 2024, Month: 5, Day: 6}) || got[0].Rat.RatString() != "1/8" ||
		got[1].Price.Valid || got[1].When.Valid || got[1].Rat != nil || got[1].Day != (F.Date{Year: 1, Month: 1, Day: 1}) {
		t.Errorf("got %+v", got)
	}
	// Interface fields take their type from the schema.
	type loose struct {
		K string `spark:"k"`
		V any    `spark:"v"`
	}
	df = s.CreateDataFrame(ctx, []loose{{"a", 1}, {"b", int8(2)}, {"c", nil}, {"d", 4.0}}, F.CopyOptions{Schema: "k STRING, v BIGINT"})
	if got := render(t, df); strings.Join(got, ";") != "k=a v=1;k=b v=2;k=c v=<nil>;k=d v=4" {
		t.Errorf("interface values: %v", got)
	}
	err = s.CreateDataFrame(ctx, []loose{{"a", "x"}}, F.CopyOptions{Schema: "k STRING, v BIGINT"}).Err()
	if err == nil || err.Error() != "frame: CreateDataFrame: row 0: field V: a Go string cannot be stored in a bigint column" {
		t.Errorf("bad interface value: %v", err)
	}
}

// TestCopyPackedVoidColumn checks that a column of NULLs only (Spark's
// VOID) survives packing, which puts it in an array<void>.
func TestCopyPackedVoidColumn(t *testing.T) {
	s := session(t)
	defer F.SetPackMinRows(1)()
	df := s.CreateDataFrame(ctx, [][]any{{1, nil}, {2, nil}}, F.CopyOptions{Schema: "a INT NOT NULL, n VOID"})
	if rel := df.Relation(); rel.GetProject() == nil {
		t.Fatalf("not packed: %T", rel.GetRelType())
	}
	tree, err := df.TreeString(ctx)
	if want := "root\n |-- a: integer (nullable = false)\n |-- n: void (nullable = true)\n"; err != nil || tree != want {
		t.Errorf("schema = %q, %v; want %q", tree, err, want)
	}
	rows, err := df.CollectMaps(ctx)
	if err != nil || len(rows) != 2 || rows[0]["a"] != int32(1) || rows[1]["a"] != int32(2) || rows[0]["n"] != nil || rows[1]["n"] != nil {
		t.Errorf("rows = %v, %v", rows, err)
	}
}

// Strings and byte slices taken out of a result stay intact while later
// batches reuse the memory of earlier ones.
func TestCollectedValuesOutliveTheirBatches(t *testing.T) {
	s := session(t)
	// Batches of 2 000 rows of about 140 bytes: large enough for recycled
	// result buffers.
	if err := s.Conn().SetConf(ctx, map[string]string{"spark.sql.execution.arrow.maxRecordsPerBatch": "2000"}); err != nil {
		t.Fatal(err)
	}
	df := s.Sql(ctx, "SELECT id, CONCAT(REPEAT('s', 60), CAST(id AS STRING)) AS s, "+
		"CAST(CONCAT(REPEAT('b', 60), CAST(id AS STRING)) AS BINARY) AS b FROM range(0, 20000, 1, 2)")
	check := func(what string, i int, id int64, str string, bin []byte) {
		t.Helper()
		if id != int64(i) || str != strings.Repeat("s", 60)+strconv.Itoa(i) || string(bin) != strings.Repeat("b", 60)+strconv.Itoa(i) {
			t.Fatalf("%s row %d = (%d, %q, %q)", what, i, id, str, bin)
		}
	}
	maps, err := df.CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(maps) != 20000 {
		t.Fatalf("CollectMaps returned %d rows", len(maps))
	}
	for i, m := range maps {
		check("CollectMaps", i, m["id"].(int64), m["s"].(string), m["b"].([]byte))
	}
	type row struct {
		ID int64  `spark:"id"`
		S  string `spark:"s"`
		B  []byte `spark:"b"`
	}
	var rows []row
	if err := df.CollectInto(ctx, &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 20000 {
		t.Fatalf("CollectInto returned %d rows", len(rows))
	}
	for i, r := range rows {
		check("CollectInto", i, r.ID, r.S, r.B)
	}
}
