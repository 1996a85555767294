package frame_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/sparkgo/sparkgo/datasets"
	F "github.com/sparkgo/sparkgo/frame"
)

// The examples run against the Spark Connect server named by SPARK_REMOTE
// (go test provides one: see internal/sparktest). Most use R's mtcars,
// copied to the session by datasets.CopyMtcars.

func ExampleConnect() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "") // SPARK_REMOTE, e.g. sc://localhost:15002
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	row, err := s.Sql(ctx, "SELECT 6 * 7 AS answer").First(ctx)
	fmt.Println(row["answer"], err)
	// Output: 42 <nil>
}

func ExampleDataFrame_GroupBy() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	byCyl := datasets.CopyMtcars(ctx, s).
		GroupBy("cyl").
		Agg(F.Count("*").Alias("n"), F.Round(F.Mean("mpg"), 2).Alias("mpg"), F.Max("hp").Alias("max_hp")).
		OrderBy("cyl")
	rows, err := byCyl.CollectMaps(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		fmt.Println(r["cyl"], r["n"], r["mpg"], r["max_hp"])
	}
	// Output:
	// 4 11 26.66 113
	// 6 7 19.74 175
	// 8 14 15.1 335
}

func ExampleDataFrame_Filter() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	cars := datasets.CopyMtcars(ctx, s)
	// A Column condition…
	efficient := cars.Filter(F.Col("mpg").Gt(25).And(F.Col("am").Eq(1)))
	// …or a SQL condition.
	strong := cars.Filter("hp > 200 AND model LIKE 'M%'")
	n1, _ := efficient.Count(ctx)
	n2, _ := strong.Count(ctx)
	fmt.Println(n1, n2)
	// Output: 6 1
}

func ExampleDataFrame_Mutate() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	cars := datasets.CopyMtcars(ctx, s).Mutate(
		"kpl", F.Round(F.Col("mpg").Times(0.425144), 2),
		"heavy", F.Col("wt").Gt(3.5),
		"maker", F.SubstringIndex("model", " ", 1),
		"tx", F.When(F.Col("am").Eq(1), "manual").Otherwise("automatic"),
	)
	rows, err := cars.Select("model", "kpl", "heavy", "maker", "tx").OrderBy("model").Take(ctx, 3)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		fmt.Println(r["model"], r["kpl"], r["heavy"], r["maker"], r["tx"])
	}
	// Output:
	// AMC Javelin 6.46 false AMC automatic
	// Cadillac Fleetwood 4.42 true Cadillac automatic
	// Camaro Z28 5.65 true Camaro automatic
}

func ExampleDataFrame_Join() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	cars := datasets.CopyMtcars(ctx, s).Mutate("maker", F.SubstringIndex("model", " ", 1))
	makers := s.Sql(ctx, "SELECT * FROM VALUES ('Mazda', 'Japan'), ('Merc', 'Germany') AS makers(maker, country)")
	// Join on a shared column name, kept once…
	byName := cars.Join(makers, "maker", "inner").GroupBy("country").Count().OrderBy("country")
	rows, _ := byName.CollectMaps(ctx)
	fmt.Println(rows)
	// …or on a condition, telling the sides apart with DataFrame.Col.
	byCond := cars.Join(makers, cars.Col("maker").Eq(makers.Col("maker")), "left").
		Select(cars.Col("model"), makers.Col("country")).
		OrderBy("model")
	rows, _ = byCond.Take(ctx, 2)
	fmt.Println(rows)
	// Output:
	// [map[count:7 country:Germany] map[count:2 country:Japan]]
	// [map[country:<nil> model:AMC Javelin] map[country:<nil> model:Cadillac Fleetwood]]
}

// Window functions: ranks and running totals within groups. A cumulative
// sum or mean is Sum or Mean over a frame of rows from the first to the
// current one.
func ExampleWindow() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	byCyl := F.Window().PartitionBy("cyl").OrderBy(F.Col("mpg").Desc(), "model")
	running := byCyl.RowsBetween(F.UnboundedPreceding, F.CurrentRow)
	ranked := datasets.CopyMtcars(ctx, s).Select("model", "cyl", "mpg",
		F.RowNumber().Over(byCyl).Alias("rank"),
		F.Lag("mpg", 1, nil).Over(byCyl).Alias("prev_mpg"),
		F.Sum("hp").Over(running).Alias("cum_hp"),
	)
	rows, err := ranked.Filter("rank <= 2").OrderBy("cyl", "rank").CollectMaps(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		fmt.Println(r["cyl"], r["rank"], r["model"], r["mpg"], r["prev_mpg"], r["cum_hp"])
	}
	// Output:
	// 4 1 Toyota Corolla 33.9 <nil> 65
	// 4 2 Fiat 128 32.4 33.9 131
	// 6 1 Hornet 4 Drive 21.4 <nil> 110
	// 6 2 Mazda RX4 21 21.4 220
	// 8 1 Pontiac Firebird 19.2 <nil> 175
	// 8 2 Hornet Sportabout 18.7 19.2 350
}

// Pivot widens (pivot_wider), Unpivot lengthens (pivot_longer).
func ExampleGroupedData_Pivot() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	// One row per cyl, one column per value of am (0 and 1).
	wide := datasets.CopyMtcars(ctx, s).GroupBy("cyl").Pivot("am", 0, 1).Agg(F.Count("*")).OrderBy("cyl")
	rows, _ := wide.CollectMaps(ctx)
	for _, r := range rows {
		fmt.Println(r["cyl"], r["0"], r["1"])
	}
	// Back to one row per (cyl, am).
	long := wide.Unpivot([]any{"cyl"}, []any{"`0`", "`1`"}, "am", "n")
	rows, _ = long.OrderBy("cyl", "am").Take(ctx, 2)
	fmt.Println(rows)
	// Output:
	// 4 3 8
	// 6 4 3
	// 8 12 2
	// [map[am:0 cyl:4 n:3] map[am:1 cyl:4 n:8]]
}

func ExampleDataFrame_Unpivot() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	sales := s.Sql(ctx, "SELECT * FROM VALUES ('north', 10, 11), ('south', 20, 21) AS sales(region, q1, q2)")
	// nil values: every column that is not an id.
	long := sales.Unpivot([]any{"region"}, nil, "quarter", "amount")
	rows, _ := long.OrderBy("region", "quarter").CollectMaps(ctx)
	for _, r := range rows {
		fmt.Println(r["region"], r["quarter"], r["amount"])
	}
	// Output:
	// north q1 10
	// north q2 11
	// south q1 20
	// south q2 21
}

// Write and Read work with files on the Spark server's file systems.
func ExampleDataFrame_Write() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	cars := datasets.CopyMtcars(ctx, s)
	// One directory per cyl value (cyl=4.0/, cyl=6.0/, cyl=8.0/), one file
	// per partition of the data in each.
	err = cars.Write().
		Format("parquet").
		Mode("overwrite").
		PartitionBy("cyl").
		Save(ctx, filepath.Join(dir, "by_cyl"))
	if err != nil {
		log.Fatal(err)
	}
	// A single CSV file: ask for one partition explicitly.
	err = cars.Coalesce(1).Write().Format("csv").Option("header", "true").Save(ctx, filepath.Join(dir, "csv"))
	if err != nil {
		log.Fatal(err)
	}
	eights, _ := s.Read().Parquet(filepath.Join(dir, "by_cyl", "cyl=8.0")).Count(ctx)
	fromCSV := s.Read().Option("header", "true").Schema("model STRING, mpg DOUBLE").Csv(filepath.Join(dir, "csv"))
	best, _ := fromCSV.OrderBy(F.Col("mpg").Desc()).First(ctx)
	fmt.Println(eights, best["model"], best["mpg"])
	// Output: 14 Toyota Corolla 33.9
}

func ExampleSession_Read() {
	ctx := context.Background()
	s, _ := F.Connect(ctx, "")
	// Paths are on the Spark server's file systems.
	flights := s.Read().
		Option("header", "true").
		Schema("origin STRING, dest STRING, delay INT").
		Csv("/data/flights/*.csv")
	events := s.Read().Parquet("/data/events")
	logs := s.Read().Format("json").Option("multiLine", "true").Load("/data/logs.json")
	n, err := flights.Filter(F.Col("delay").Gt(60)).Count(ctx)
	fmt.Println(n, err, events.Err(), logs.Err())
}

func ExampleSession_Catalog() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	datasets.CopyMtcars(ctx, s) // the temporary view mtcars
	cat := s.Catalog()
	tables, err := cat.ListTables(ctx, "", "mt*")
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range tables {
		fmt.Println(t.Name, t.TableType, t.IsTemporary)
	}
	cols, _ := cat.ListColumns(ctx, "mtcars")
	for _, c := range cols[:3] {
		fmt.Println(c.Name, c.DataType)
	}
	ok, _ := cat.TableExists(ctx, "mtcars")
	fmt.Println(ok)
	// Output:
	// mtcars TEMPORARY true
	// model string
	// mpg double
	// cyl double
	// true
}

func ExampleDataFrame_FillNA() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	df := s.Sql(ctx, "SELECT * FROM VALUES (1, 'a', 1.5D), (NULL, NULL, NULL) AS t(i, s, d)")
	zeros := df.FillNA(0)                                          // i and d
	labels := df.FillNA("unknown")                                 // s
	each := df.FillNA(map[string]any{"i": -1, "s": "?", "d": 0.5}) // per column
	complete := df.DropNA("any", 0)                                // rows without NULLs
	for _, x := range []*F.DataFrame{zeros, labels, each, complete} {
		rows, _ := x.OrderBy("i").CollectMaps(ctx)
		fmt.Println(rows)
	}
	// Output:
	// [map[d:0 i:0 s:<nil>] map[d:1.5 i:1 s:a]]
	// [map[d:<nil> i:<nil> s:unknown] map[d:1.5 i:1 s:a]]
	// [map[d:0.5 i:-1 s:?] map[d:1.5 i:1 s:a]]
	// [map[d:1.5 i:1 s:a]]
}

func ExampleDataFrame_NAReplace() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	df := s.Sql(ctx, "SELECT * FROM VALUES (1, 'N/A', -1), (2, 'Oslo', 7) AS t(id, city, temp)")
	// Sentinel values become NULL: strings in every string column,
	// numbers in the columns named.
	clean := df.NAReplace(map[any]any{"N/A": nil}).NAReplace(map[any]any{-1: nil}, "temp")
	rows, _ := clean.OrderBy("id").CollectMaps(ctx)
	fmt.Println(rows)
	// Output: [map[city:<nil> id:1 temp:<nil>] map[city:Oslo id:2 temp:7]]
}

func ExampleDataFrame_SampleBy() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	// Keep every 4-cylinder car, about half of the 8-cylinder ones and no
	// 6-cylinder car; the same seed draws the same sample.
	sample := datasets.CopyMtcars(ctx, s).SampleBy("cyl", map[any]float64{4: 1, 8: 0.5}, 8)
	rows, _ := sample.GroupBy("cyl").Count().OrderBy("cyl").CollectMaps(ctx)
	fmt.Println(rows)
	// Output: [map[count:11 cyl:4] map[count:7 cyl:8]]
}

func ExampleDataFrame_FreqItems() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	// Gear counts in at least 40% of the cars.
	row, _ := datasets.CopyMtcars(ctx, s).FreqItems(0.4, "gear").First(ctx)
	fmt.Println(row)
	// Output: map[gear_freqItems:[3 4]]
}

func ExampleDataFrame_Describe() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	cars := datasets.CopyMtcars(ctx, s)
	stats, _ := cars.Describe("mpg", "hp").CollectMaps(ctx)
	for _, r := range stats {
		fmt.Println(r["summary"], r["mpg"], r["hp"])
	}
	quartiles, _ := cars.Select("mpg").Summary("25%", "50%", "75%").CollectMaps(ctx)
	fmt.Println(quartiles)
	// Output:
	// count 32 32
	// mean 20.090625 146.6875
	// stddev 6.026948052089104 68.56286848932059
	// min 10.4 52.0
	// max 33.9 335.0
	// [map[mpg:15.2 summary:25%] map[mpg:19.2 summary:50%] map[mpg:22.8 summary:75%]]
}

func ExampleDataFrame_Cache() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	powerful := datasets.CopyMtcars(ctx, s).Filter("hp > 200").Cache(ctx)
	if err := powerful.Err(); err != nil {
		log.Fatal(err)
	}
	n, _ := powerful.Count(ctx) // computes and caches the rows
	byCyl, _ := powerful.GroupBy("cyl").Count().CollectMaps(ctx)
	level, _ := powerful.StorageLevel(ctx)
	fmt.Println(n, byCyl, level)
	powerful.Unpersist(ctx, false)
	// Output: 7 [map[count:7 cyl:8]] MEMORY_AND_DISK
}

// WriteTo creates tables and writes to them with the operations of
// Spark's DataSource V2 API.
func ExampleDataFrame_WriteTo() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	s.Sql(ctx, "CREATE DATABASE IF NOT EXISTS example_writeto")
	defer s.Sql(ctx, "DROP DATABASE IF EXISTS example_writeto CASCADE")
	cars := datasets.CopyMtcars(ctx, s).Select("model", "cyl", "mpg")
	err = cars.WriteTo("example_writeto.cars").
		Using("parquet").
		PartitionedBy("cyl").
		TableProperty("source", "R datasets").
		Create(ctx)
	if err != nil {
		log.Fatal(err)
	}
	n, _ := s.Table("example_writeto.cars").Filter("cyl = 6").Count(ctx)
	fmt.Println(n)
	// A V2 table format (Delta Lake, Iceberg…) also takes Append,
	// Overwrite, OverwritePartitions, Replace and CreateOrReplace:
	//
	//	more.WriteTo("lake.db.cars").Append(ctx)
	//	fixed.WriteTo("lake.db.cars").Overwrite(ctx, "cyl = 6")
	// Output: 7
}

func ExampleCatalog_CreateTable() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	s.Sql(ctx, "CREATE DATABASE IF NOT EXISTS example_catalog")
	defer s.Sql(ctx, "DROP DATABASE IF EXISTS example_catalog CASCADE")
	cat := s.Catalog()
	people, err := cat.CreateTable(ctx, "example_catalog.people", F.TableSpec{
		Schema:      "id BIGINT, name STRING",
		Description: "people we know",
	})
	if err != nil {
		log.Fatal(err)
	}
	s.Sql(ctx, "INSERT INTO example_catalog.people VALUES (1, 'Ada'), (2, 'Grace')")
	rows, _ := people.OrderBy("id").CollectMaps(ctx)
	t, _ := cat.GetTable(ctx, "example_catalog.people")
	fmt.Println(rows, t.TableType, t.Description)
	// Output: [map[id:1 name:Ada] map[id:2 name:Grace]] MANAGED people we know
}
