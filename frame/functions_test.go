package frame_test

import (
	"math"
	"strings"
	"testing"
	"time"

	F "github.com/sparkgo/sparkgo/frame"
)

// fxSQL is a small table with a column of each kind the functions take.
const fxSQL = `SELECT * FROM VALUES
 (1, '  Hello World  ', 'a,b,,c', DATE'2024-02-28', TIMESTAMP'2024-02-28 13:45:30', array(3, 1, 2, 1), map('a', 1, 'b', 2), 2.5D, CAST(NULL AS INT), -7, 'x1y22z333', array(array(1, 2), array(3))),
 (2, 'spark', 'q', DATE'2023-12-31', TIMESTAMP'2023-12-31 23:59:59', array(5), map('c', 3), -0.5D, 4, 0, 'none', array(array(4)))
 AS fx(id, s, csv, d, ts, arr, m, x, n, i, r, nested)`

// functionCase is a Column checked against the SQL expression of its
// Spark function, both computed over fx.
type functionCase struct {
	name string
	col  F.Column
	sql  string
}

func runFunctionCases(t *testing.T, s *F.Session, cases []functionCase) {
	t.Helper()
	fx := s.Table("fx")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sameAsSQL(t, s, fx.Select("id", c.col.Alias("v")), "SELECT id, "+c.sql+" AS v FROM fx")
		})
	}
}

func fxSession(t *testing.T) *F.Session {
	t.Helper()
	s := session(t)
	if err := s.Sql(ctx, fxSQL).CreateTempView(ctx, "fx", true); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMathFunctions(t *testing.T) {
	s := fxSession(t)
	runFunctionCases(t, s, []functionCase{
		{"exp", F.Exp("x"), "exp(x)"},
		{"expm1", F.Expm1("x"), "expm1(x)"},
		{"log", F.Log(F.Abs("x")), "ln(abs(x))"},
		{"log base", F.LogBase(2, F.Col("id").Times(8)), "log(2, id * 8)"},
		{"log10", F.Log10("id"), "log10(id)"},
		{"log2", F.Log2("id"), "log2(id)"},
		{"log1p", F.Log1p("id"), "log1p(id)"},
		{"pow", F.Pow("x", 3), "pow(x, 3)"},
		{"pow column", F.Pow("id", F.Col("id")), "power(id, id)"},
		{"cbrt", F.Cbrt("i"), "cbrt(i)"},
		{"floor", F.Floor("x"), "floor(x)"},
		{"ceil", F.Ceil("x"), "ceil(x)"},
		{"round", F.Round("x", 0), "round(x, 0)"},
		{"bround", F.BRound("x", 0), "bround(x, 0)"},
		{"rint", F.Rint("x"), "rint(x)"},
		{"sign", F.Sign("i"), "signum(i)"},
		{"greatest", F.Greatest("id", "i", F.Lit(1.5)), "greatest(id, i, 1.5D)"},
		{"least", F.Least("id", "i", "n"), "least(id, i, n)"},
		{"rand", F.Rand(42), "rand(42L)"},
		{"randn", F.Randn(7), "randn(7L)"},
		{"pi and e", F.Pi().Plus(F.E()), "pi() + e()"},
		{"trig", F.Sin("x").Plus(F.Cos("x")).Plus(F.Tan("x")), "sin(x) + cos(x) + tan(x)"},
		{"inverse trig", F.Asin(F.Col("x").Div(3)).Plus(F.Acos(F.Col("x").Div(3))).Plus(F.Atan("x")), "asin(x / 3) + acos(x / 3) + atan(x)"},
		{"atan2", F.Atan2("x", "id"), "atan2(x, id)"},
		{"hypot", F.Hypot("x", "id"), "hypot(x, id)"},
		{"degrees", F.Degrees(F.Radians("x")), "degrees(radians(x))"},
		{"pmod", F.Pmod("i", 3), "pmod(i, 3)"},
		{"factorial", F.Factorial(F.Col("id").Plus(4)), "factorial(id + 4)"},
		{"hex", F.Hex("i"), "hex(i)"},
		{"unhex", F.Unhex(F.Hex("s")).Cast("string"), "CAST(unhex(hex(s)) AS STRING)"},
		{"bin", F.Bin("id"), "bin(id)"},
		{"conv", F.Conv(F.Lit("ff"), 16, 10), "conv('ff', 16, 10)"},
		{"pow method", F.Col("x").Pow(2), "power(x, 2)"},
	})
}

func TestStringFunctions(t *testing.T) {
	s := fxSession(t)
	runFunctionCases(t, s, []functionCase{
		{"trim", F.Trim("s"), "trim(s)"},
		{"ltrim", F.LTrim("s"), "ltrim(s)"},
		{"rtrim", F.RTrim("s"), "rtrim(s)"},
		{"btrim", F.BTrim("r", "x3"), "btrim(r, 'x3')"},
		{"substring", F.Substring(F.Trim("s"), 2, 3), "substring(trim(s), 2, 3)"},
		{"substring negative", F.Substring("r", -3, 2), "substring(r, -3, 2)"},
		{"substring_index", F.SubstringIndex("csv", ",", 2), "substring_index(csv, ',', 2)"},
		{"left right", F.Concat(F.Left("r", 2), F.Right("r", 2)), "concat(left(r, 2), right(r, 2))"},
		{"concat_ws", F.ConcatWS("-", "csv", F.Col("r"), F.Lit(nil).Cast("string")), "concat_ws('-', csv, r, CAST(NULL AS STRING))"},
		{"split", F.Split("csv", ",", -1), "split(csv, ',', -1)"},
		{"split limit", F.Split("csv", ",", 2), "split(csv, ',', 2)"},
		{"replace", F.Replace("s", "o", "0"), "replace(s, 'o', '0')"},
		{"translate", F.Translate("r", "xyz", "XY"), "translate(r, 'xyz', 'XY')"},
		{"lpad", F.LPad("r", 12, "*"), "lpad(r, 12, '*')"},
		{"rpad", F.RPad("r", 3, "*"), "rpad(r, 3, '*')"},
		{"repeat", F.Repeat("csv", 2), "repeat(csv, 2)"},
		{"initcap", F.InitCap(F.Lower("s")), "initcap(lower(s))"},
		{"reverse", F.Reverse("r"), "reverse(r)"},
		{"reverse array", F.Reverse("arr"), "reverse(arr)"},
		{"instr", F.Instr("s", "o"), "instr(s, 'o')"},
		{"locate", F.Locate("o", "s", 9), "locate('o', s, 9)"},
		{"format_number", F.FormatNumber(F.Col("x").Times(12345.678), 2), "format_number(x * 12345.678D, 2)"},
		{"format_string", F.FormatString("%s has %d, %.2f", "r", "id", "x"), "format_string('%s has %d, %.2f', r, id, x)"},
		{"ascii", F.Ascii("r"), "ascii(r)"},
		{"base64", F.Base64("r"), "base64(r)"},
		{"unbase64", F.Unbase64(F.Base64("r")).Cast("string"), "CAST(unbase64(base64(r)) AS STRING)"},
		{"levenshtein", F.Levenshtein("r", "csv"), "levenshtein(r, csv)"},
		{"soundex", F.Soundex(F.Trim("s")), "soundex(trim(s))"},
		{"length", F.Length("s"), "length(s)"},
		{"regexp_extract", F.RegexpExtract("r", `([a-z])(\d+)`, 2), `regexp_extract(r, '([a-z])(\\d+)', 2)`},
		{"regexp_extract_all", F.RegexpExtractAll("r", `\d+`, 0), `regexp_extract_all(r, '\\d+', 0)`},
		{"regexp_replace", F.RegexpReplace("r", `(\d)+`, "<$1>"), `regexp_replace(r, '(\\d)+', '<$1>')`},
		{"regexp_like", F.RegexpLike("r", `^x\d`), `regexp_like(r, '^x\\d')`},
		{"regexp_count", F.RegexpCount("r", `\d`), `regexp_count(r, '\\d')`},
	})
}

func TestDateTimeFunctions(t *testing.T) {
	s := fxSession(t)
	runFunctionCases(t, s, []functionCase{
		{"current_date", F.CurrentDate().Eq(F.Expr("current_date()")), "true"},
		{"current_timestamp", F.CurrentTimestamp().Cast("date").Le(F.Expr("current_date()")), "true"},
		{"date_add", F.DateAdd("d", 1), "date_add(d, 1)"},
		{"date_sub", F.DateSub("d", 60), "date_sub(d, 60)"},
		{"datediff", F.DateDiff("d", F.Lit("2023-01-01")), "datediff(d, '2023-01-01')"},
		{"months_between", F.MonthsBetween("ts", F.Lit("2023-06-15")), "months_between(ts, '2023-06-15')"},
		{"add_months", F.AddMonths("d", 12), "add_months(d, 12)"},
		{"parts", F.ConcatWS("/", F.Year("ts"), F.Quarter("ts"), F.Month("ts"), F.DayOfMonth("ts"), F.DayOfWeek("ts"),
			F.DayOfYear("ts"), F.WeekOfYear("ts"), F.Hour("ts"), F.Minute("ts"), F.Second("ts")),
			"concat_ws('/', year(ts), quarter(ts), month(ts), dayofmonth(ts), dayofweek(ts), dayofyear(ts), weekofyear(ts), hour(ts), minute(ts), second(ts))"},
		{"date_format", F.DateFormat("ts", "dd/MM/yyyy HH:mm EEE"), "date_format(ts, 'dd/MM/yyyy HH:mm EEE')"},
		{"to_date", F.ToDate(F.DateFormat("d", "dd.MM.yyyy"), "dd.MM.yyyy"), "to_date(date_format(d, 'dd.MM.yyyy'), 'dd.MM.yyyy')"},
		{"to_date iso", F.ToDate(F.Lit("2024-03-01"), ""), "to_date('2024-03-01')"},
		{"to_timestamp", F.ToTimestamp(F.Lit("2024-03-01 10:11:12"), "yyyy-MM-dd HH:mm:ss"), "to_timestamp('2024-03-01 10:11:12', 'yyyy-MM-dd HH:mm:ss')"},
		{"unix_timestamp", F.UnixTimestamp("ts", ""), "unix_timestamp(ts)"},
		{"unix_timestamp format", F.UnixTimestamp(F.Lit("01/02/2024"), "dd/MM/yyyy"), "unix_timestamp('01/02/2024', 'dd/MM/yyyy')"},
		{"from_unixtime", F.FromUnixtime(F.UnixTimestamp("ts", ""), "yyyy-MM-dd'T'HH:mm"), "from_unixtime(unix_timestamp(ts), 'yyyy-MM-dd\\'T\\'HH:mm')"},
		{"timestamp_seconds", F.TimestampSeconds(F.Lit(int64(1700000000))), "timestamp_seconds(1700000000L)"},
		{"date_trunc", F.DateTrunc("hour", "ts"), "date_trunc('hour', ts)"},
		{"trunc", F.Trunc("d", "month"), "trunc(d, 'month')"},
		{"last_day", F.LastDay("d"), "last_day(d)"},
		{"next_day", F.NextDay("d", "Mon"), "next_day(d, 'Mon')"},
		{"make_date", F.MakeDate(F.Lit(2024), "id", F.Lit(29)), "make_date(2024, id, 29)"},
		{"utc", F.FromUTCTimestamp(F.ToUTCTimestamp("ts", "Europe/Paris"), "Asia/Tokyo"), "from_utc_timestamp(to_utc_timestamp(ts, 'Europe/Paris'), 'Asia/Tokyo')"},
	})
}

func TestCollectionFunctions(t *testing.T) {
	s := fxSession(t)
	runFunctionCases(t, s, []functionCase{
		{"array", F.Array("id", "i", F.Lit(9)), "array(id, i, 9)"},
		{"array_contains", F.ArrayContains("arr", 1), "array_contains(arr, 1)"},
		{"size", F.Size("arr").Plus(F.Size("m")), "size(arr) + size(m)"},
		{"element_at array", F.ElementAt("arr", 1), "element_at(arr, 1)"},
		{"element_at negative", F.ElementAt("arr", -1), "element_at(arr, -1)"},
		{"element_at map", F.ElementAt("m", "a"), "element_at(m, 'a')"},
		{"sort_array", F.SortArray("arr", true), "sort_array(arr, true)"},
		{"sort_array desc", F.SortArray("arr", false), "sort_array(arr, false)"},
		{"array_distinct", F.ArrayDistinct("arr"), "array_distinct(arr)"},
		{"array_position", F.ArrayPosition("arr", 2), "array_position(arr, 2)"},
		{"array_remove", F.ArrayRemove("arr", 1), "array_remove(arr, 1)"},
		{"array_join", F.ArrayJoin(F.Split("csv", ",", -1), "|"), "array_join(split(csv, ','), '|')"},
		{"array_max min", F.ArrayMax("arr").Minus(F.ArrayMin("arr")), "array_max(arr) - array_min(arr)"},
		{"set ops", F.Array(F.ArrayUnion("arr", F.Array(F.Lit(7))), F.ArrayIntersect("arr", F.Array(F.Lit(1), F.Lit(5))), F.ArrayExcept("arr", F.Array(F.Lit(1)))),
			"array(array_union(arr, array(7)), array_intersect(arr, array(1, 5)), array_except(arr, array(1)))"},
		{"arrays_zip", F.ArraysZip("arr", F.Array("id")), "arrays_zip(arr, array(id))"},
		{"slice", F.Slice("arr", 2, 2), "slice(arr, 2, 2)"},
		{"flatten", F.Flatten("nested"), "flatten(nested)"},
		{"sequence", F.Sequence(F.Lit(1), "id", nil), "sequence(1, id)"},
		{"sequence step", F.Sequence(F.Lit(10), "id", -3), "sequence(10, id, -3)"},
		{"map_keys", F.MapKeys("m"), "map_keys(m)"},
		{"map_values", F.MapValues("m"), "map_values(m)"},
		{"map_entries", F.MapEntries("m"), "map_entries(m)"},
		{"map_from_arrays", F.MapFromArrays(F.Array(F.Lit("k")), F.Array("id")), "map_from_arrays(array('k'), array(id))"},
		{"create_map", F.CreateMap(F.Lit("id"), "id", F.Lit("i"), "i"), "map('id', id, 'i', i)"},
		{"struct", F.Struct("id", "r"), "struct(id, r)"},
		{"named_struct", F.NamedStruct("a", "id", "b", F.Col("x").Times(2)), "named_struct('a', id, 'b', x * 2)"},
		{"struct field", F.NamedStruct("a", "id", "b", "r").GetField("b"), "named_struct('a', id, 'b', r).b"},
		{"typeof", F.Typeof("m"), "typeof(m)"},
	})
}

func TestNullAndHashFunctions(t *testing.T) {
	s := fxSession(t)
	runFunctionCases(t, s, []functionCase{
		{"isnull", F.IsNull("n"), "isnull(n)"},
		{"isnotnull", F.IsNotNull("n"), "isnotnull(n)"},
		{"isnan", F.IsNaN(F.Nvl("n", math.NaN())), "isnan(nvl(n, CAST('NaN' AS DOUBLE)))"},
		{"nvl", F.Nvl("n", -1), "nvl(n, -1L)"},
		{"ifnull", F.IfNull("n", F.Col("id")), "ifnull(n, id)"},
		{"nvl2", F.Nvl2("n", "set", "unset"), "nvl2(n, 'set', 'unset')"},
		{"nullif", F.NullIf("i", 0), "nullif(i, 0L)"},
		{"nanvl", F.NaNvl(F.Lit(math.NaN()), F.Col("x")), "nanvl(CAST('NaN' AS DOUBLE), x)"},
		{"coalesce", F.Coalesce("n", "id"), "coalesce(n, id)"},
		{"md5", F.Md5("r"), "md5(r)"},
		{"sha1", F.Sha1("r"), "sha1(r)"},
		{"sha2", F.Sha2("r", 256), "sha2(r, 256)"},
		{"sha2 512", F.Sha2("r", 512), "sha2(r, 512)"},
		{"crc32", F.Crc32("r"), "crc32(r)"},
		{"hash", F.Hash("id", "r"), "hash(id, r)"},
		{"xxhash64", F.XxHash64("id", "r"), "xxhash64(id, r)"},
	})
}

// TestKnownValues checks results whose values are well known, not only
// equal to Spark's SQL.
func TestKnownValues(t *testing.T) {
	s := session(t)
	row, err := s.Range(0, 1, 1, 1).Select(
		F.Round(F.Lit(2.5), 0).Alias("round"),
		F.BRound(F.Lit(2.5), 0).Alias("bround"),
		F.BRound(F.Lit(3.5), 0).Alias("bround35"),
		F.DateAdd(F.Lit("2024-02-28"), 1).Alias("leap"),
		F.DateDiff(F.Lit("2024-03-01"), F.Lit("2024-02-28")).Alias("diff"),
		F.AddMonths(F.Lit("2024-01-31"), 1).Alias("addm"),
		F.LastDay(F.Lit("2023-02-10")).Alias("last"),
		F.NextDay(F.Lit("2024-05-01"), "Sunday").Alias("next"),
		F.MonthsBetween(F.Lit("2024-03-31"), F.Lit("2024-02-29")).Alias("mb"),
		F.RegexpExtract(F.Lit("order-1234-x"), `(\d+)`, 1).Alias("rx"),
		F.RegexpReplace(F.Lit("a1b22"), `\d+`, "#").Alias("rr"),
		F.Md5(F.Lit("abc")).Alias("md5"),
		F.Sha2(F.Lit("abc"), 256).Alias("sha256"),
		F.Sign(F.Lit(-3)).Alias("sign"),
		F.Greatest(F.Lit(1), F.Lit(5), F.Lit(3)).Alias("greatest"),
		F.LPad(F.Lit("7"), 3, "0").Alias("lpad"),
		F.InitCap(F.Lit("hello wORLD")).Alias("initcap"),
		F.FormatNumber(F.Lit(1234567.891), 2).Alias("fmt"),
		F.Instr(F.Lit("banana"), "nan").Alias("instr"),
		F.Locate("a", F.Lit("banana"), 3).Alias("locate"),
		F.Floor(F.Lit(-1.5)).Alias("floor"),
		F.Ceil(F.Lit(-1.5)).Alias("ceil"),
		F.Log10(F.Lit(1000)).Alias("log10"),
		F.Log2(F.Lit(8)).Alias("log2"),
		F.Exp(F.Lit(0)).Alias("exp"),
		F.Pow(F.Lit(2), 10).Alias("pow"),
		F.Size(F.Array(F.Lit(1), F.Lit(2))).Alias("size"),
		F.DateFormat(F.Lit("2024-07-04"), "EEEE d MMMM yyyy").Alias("datefmt"),
		F.UnixTimestamp(F.Lit("1970-01-02 00:00:00"), "").Minus(F.UnixTimestamp(F.Lit("1970-01-01 00:00:00"), "")).Alias("day"),
		F.DateTrunc("month", F.Lit("2024-07-04 10:00:00")).Cast("string").Alias("trunc"),
	).First(ctx)
	if err != nil {
		t.Fatal(err)
	}
	date := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	want := map[string]any{
		"round": 3.0, "bround": 2.0, "bround35": 4.0,
		"leap": date("2024-02-29"), "diff": int32(2), "addm": date("2024-02-29"),
		"last": date("2023-02-28"), "next": date("2024-05-05"), "mb": 1.0,
		"rx": "1234", "rr": "a#b#",
		"sign": -1.0, "greatest": int64(5), "lpad": "007", "initcap": "Hello World",
		"fmt": "1,234,567.89", "instr": int32(3), "locate": int32(4),
		"floor": int64(-2), "ceil": int64(-1), "log10": 3.0, "log2": 3.0, "exp": 1.0, "pow": 1024.0,
		"size": int32(2), "datefmt": "Thursday 4 July 2024", "day": int64(86400),
		"trunc":  "2024-07-01 00:00:00",
		"md5":    "900150983cd24fb0d6963f7d28e17f72",
		"sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	}
	for k, w := range want {
		if got := row[k]; got != w {
			t.Errorf("%s = %#v, want %#v", k, got, w)
		}
	}
}

func TestAggregateFunctions(t *testing.T) {
	s := session(t)
	cars := s.Table("mtcars").Mutate("mpg", F.Col("mpg").Cast("double"))
	if err := cars.CreateTempView(ctx, "cars", true); err != nil {
		t.Fatal(err)
	}
	sameAsSQL(t, s, cars.GroupBy("cyl").Agg(
		F.ApproxCountDistinct("hp", 0).Alias("acd"),
		F.ApproxCountDistinct("hp", 0.01).Alias("acd2"),
		F.CountIf(F.Col("am").Eq(1)).Alias("manual"),
		F.CountIf("hp > 150").Alias("strong"),
		F.BoolAnd(F.Col("mpg").Gt(15)).Alias("all15"),
		F.BoolOr(F.Col("mpg").Gt(30)).Alias("any30"),
		F.Round(F.Skewness("mpg"), 9).Alias("skew"),
		F.Round(F.Kurtosis("mpg"), 9).Alias("kurt"),
		F.Median("mpg").Alias("median"),
		F.Percentile("mpg", 0.9).Alias("p90"),
		F.Mode("am").Alias("mode"),
		F.MaxBy("car", "mpg").Alias("best"),
		F.MinBy("car", "mpg").Alias("worst"),
		F.SumDistinct("hp").Alias("sumd"),
		F.PercentileApprox("mpg", 0.5, 10000).Alias("approx_median"),
	), `SELECT cyl, approx_count_distinct(hp) AS acd, approx_count_distinct(hp, 0.01D) AS acd2,
		count_if(am = 1) AS manual, count_if(hp > 150) AS strong, bool_and(mpg > 15) AS all15, bool_or(mpg > 30) AS any30,
		round(skewness(mpg), 9) AS skew, round(kurtosis(mpg), 9) AS kurt, median(mpg) AS median, percentile(mpg, 0.9D) AS p90,
		mode(am) AS mode, max_by(car, mpg) AS best, min_by(car, mpg) AS worst,
		sum(DISTINCT hp) AS sumd, percentile_approx(mpg, 0.5D, 10000) AS approx_median
		FROM cars GROUP BY cyl`)

	row, err := cars.GroupBy().Agg(F.Median("mpg").Alias("median"), F.Percentile("hp", 0.5).Alias("p50")).First(ctx)
	if err != nil || row["median"] != 19.2 || row["p50"] != 123.0 {
		t.Errorf("median of mpg and hp = %v, %v; want 19.2 and 123", row, err)
	}
}

func TestWindowFunctions(t *testing.T) {
	s := session(t)
	cars := s.Table("mtcars")
	byCyl := F.Window().PartitionBy("cyl").OrderBy("hp", "car")
	running := byCyl.RowsBetween(F.UnboundedPreceding, F.CurrentRow)
	whole := byCyl.RowsBetween(F.UnboundedPreceding, F.UnboundedFollowing)
	sameAsSQL(t, s, cars.Select("car",
		F.NthValue("car", 2, false).Over(whole).Alias("second"),
		F.NthValue(F.When(F.Col("am").Eq(1), F.Col("car")), 1, true).Over(whole).Alias("first_manual"),
		F.First("car", false).Over(whole).Alias("first"),
		F.Last("car", false).Over(whole).Alias("last"),
		F.Sum("hp").Over(running).Alias("cum_hp"),
		F.Mean("hp").Over(running).Alias("cum_mean"),
		F.Ntile(2).Over(byCyl).Alias("half"),
	), `SELECT car,
		nth_value(car, 2) OVER w AS second,
		nth_value(CASE WHEN am = 1 THEN car END, 1) IGNORE NULLS OVER w AS first_manual,
		first_value(car) OVER w AS first, last_value(car) OVER w AS last,
		sum(hp) OVER (PARTITION BY cyl ORDER BY hp, car ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum_hp,
		avg(hp) OVER (PARTITION BY cyl ORDER BY hp, car ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum_mean,
		ntile(2) OVER (PARTITION BY cyl ORDER BY hp, car) AS half
		FROM mtcars WINDOW w AS (PARTITION BY cyl ORDER BY hp, car ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`)
}

func TestGenerators(t *testing.T) {
	s := fxSession(t)
	fx := s.Table("fx")
	sameAsSQL(t, s, fx.Select("id", F.PosExplode("arr")), "SELECT id, posexplode(arr) FROM fx")
	sameAsSQL(t, s, fx.Select("id", F.PosExplode("m")), "SELECT id, posexplode(m) FROM fx")
	sameAsSQL(t, s, fx.Select("id", F.PosExplodeOuter(F.ArrayRemove("arr", 5))), "SELECT id, posexplode_outer(array_remove(arr, 5)) FROM fx")
	sameAsSQL(t, s, fx.Select("id", F.Explode("m")), "SELECT id, explode(m) FROM fx")
	sameAsSQL(t, s, fx.Select("id", F.Inline(F.ArraysZip("arr", F.Array("id")))), "SELECT id, inline(arrays_zip(arr, array(id))) FROM fx")
	sameAsSQL(t, s, fx.Select("id", F.InlineOuter(F.Lit(nil).Cast("array<struct<a:int,b:string>>"))),
		"SELECT id, inline_outer(CAST(NULL AS ARRAY<STRUCT<a:INT,b:STRING>>)) FROM fx")
	// Explode in Mutate: one row per element, other columns repeated.
	sameAsSQL(t, s, fx.Mutate("e", F.Explode("arr")).Select("id", "e"), "SELECT id, e FROM fx LATERAL VIEW explode(arr) t AS e")
}

func TestFunctionArgumentErrors(t *testing.T) {
	s := session(t)
	cars := s.Table("mtcars")
	for name, tc := range map[string]struct {
		df   *F.DataFrame
		want string
	}{
		"value as column": {cars.Select(F.Exp(2.0)), "frame: exp: got a float64, want a column name (string) or a Column (use Lit for values)"},
		"greatest":        {cars.Select(F.Greatest("mpg", 3)), "frame: greatest argument 2: got a int, want a column name (string) or a Column (use Lit for values)"},
		"create_map odd":  {cars.Select(F.CreateMap(F.Lit("a"))), "frame: CreateMap needs key, value pairs; got 1 arguments"},
		"named_struct":    {cars.Select(F.NamedStruct(1, "mpg")), "frame: NamedStruct argument 1: got a int, want a field name"},
		"nil column":      {cars.Select(F.Upper(nil)), "frame: upper: got nil, want a column name or a Column"},
	} {
		if err := tc.df.Err(); err == nil || err.Error() != tc.want {
			t.Errorf("%s: Err = %v, want %s", name, err, tc.want)
		}
	}
	if _, err := cars.Select(F.Call("no_such_function", "mpg")).Count(ctx); err == nil || !strings.Contains(err.Error(), "UNRESOLVED_ROUTINE") {
		t.Errorf("unknown function error = %v", err)
	}
}
