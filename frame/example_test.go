package frame_test

import (
	"context"
	"fmt"
	"log"

	F "github.com/sparkgo/sparkgo/frame"
)

// The examples need a Spark Connect server (SPARK_REMOTE), so they are
// compiled but not run by go test.

func ExampleConnect() {
	ctx := context.Background()
	s, err := F.Connect(ctx, "") // SPARK_REMOTE, e.g. sc://localhost:15002
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	rows, err := s.Sql(ctx, "SELECT 1 AS one").CollectMaps(ctx)
	fmt.Println(rows, err)
}

func ExampleDataFrame_GroupBy() {
	ctx := context.Background()
	s, _ := F.Connect(ctx, "")
	byCyl := s.Table("mtcars").
		GroupBy("cyl").
		Agg(F.Count("*").Alias("n"), F.Mean("mpg").Alias("mpg"), F.Max("hp").Alias("max_hp")).
		OrderBy("cyl")
	rows, err := byCyl.CollectMaps(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		fmt.Println(r["cyl"], r["n"], r["mpg"], r["max_hp"])
	}
}

func ExampleDataFrame_Filter() {
	ctx := context.Background()
	s, _ := F.Connect(ctx, "")
	cars := s.Table("mtcars")
	// A Column condition…
	efficient := cars.Filter(F.Col("mpg").Gt(25).And(F.Col("am").Eq(1)))
	// …or a SQL condition.
	strong := cars.Filter("hp > 200 AND car LIKE 'M%'")
	n1, _ := efficient.Count(ctx)
	n2, _ := strong.Count(ctx)
	fmt.Println(n1, n2)
}

func ExampleDataFrame_Mutate() {
	ctx := context.Background()
	s, _ := F.Connect(ctx, "")
	cars := s.Table("mtcars").Mutate(
		"kpl", F.Round(F.Col("mpg").Times(0.425144), 2),
		"heavy", F.Col("wt").Gt(3.5),
		"maker", F.SubstringIndex("car", " ", 1),
		"tx", F.When(F.Col("am").Eq(1), "manual").Otherwise("automatic"),
	)
	rows, _ := cars.Select("car", "kpl", "heavy", "maker", "tx").Take(ctx, 5)
	fmt.Println(rows)
}

func ExampleDataFrame_Join() {
	ctx := context.Background()
	s, _ := F.Connect(ctx, "")
	cars := s.Table("mtcars")
	makers := s.Sql(ctx, "SELECT * FROM VALUES ('Mazda', 'Japan'), ('Merc', 'Germany') AS makers(maker, country)")
	withMaker := cars.Mutate("maker", F.SubstringIndex("car", " ", 1))
	// Join on a shared column name, kept once…
	byName := withMaker.Join(makers, "maker", "left")
	// …or on a condition, telling the sides apart with DataFrame.Col.
	byCond := withMaker.Join(makers, withMaker.Col("maker").Eq(makers.Col("maker")), "inner").
		Select(withMaker.Col("car"), makers.Col("country"))
	rows, _ := byName.Select("car", "country").Take(ctx, 3)
	fmt.Println(rows)
	rows, _ = byCond.Take(ctx, 3)
	fmt.Println(rows)
}

// Window functions: ranks and running totals within groups. A cumulative
// sum or mean is Sum or Mean over a frame of rows from the first to the
// current one.
func ExampleWindow() {
	ctx := context.Background()
	s, _ := F.Connect(ctx, "")
	byCyl := F.Window().PartitionBy("cyl").OrderBy(F.Col("mpg").Desc(), "car")
	running := byCyl.RowsBetween(F.UnboundedPreceding, F.CurrentRow)
	ranked := s.Table("mtcars").Select("car", "cyl", "mpg",
		F.RowNumber().Over(byCyl).Alias("rank"),
		F.Lag("mpg", 1, nil).Over(byCyl).Alias("prev_mpg"),
		F.Sum("hp").Over(running).Alias("cum_hp"),
		F.Mean("mpg").Over(running).Alias("cum_mean_mpg"),
		F.First("car", false).Over(byCyl).Alias("best_in_cyl"),
	)
	rows, _ := ranked.Filter("rank <= 3").OrderBy("cyl", "rank").CollectMaps(ctx)
	fmt.Println(rows)
}

// Pivot widens (pivot_wider), Unpivot lengthens (pivot_longer).
func ExampleGroupedData_Pivot() {
	ctx := context.Background()
	s, _ := F.Connect(ctx, "")
	// One row per cyl, one column per value of am (0 and 1).
	wide := s.Table("mtcars").GroupBy("cyl").Pivot("am", 0, 1).Agg(F.Mean("mpg"))
	// Back to one row per (cyl, am).
	long := wide.Unpivot([]any{"cyl"}, []any{"`0`", "`1`"}, "am", "mean_mpg")
	rows, _ := long.OrderBy("cyl", "am").CollectMaps(ctx)
	fmt.Println(rows)
}

func ExampleDataFrame_Unpivot() {
	ctx := context.Background()
	s, _ := F.Connect(ctx, "")
	sales := s.Sql(ctx, "SELECT * FROM VALUES ('north', 10, 11), ('south', 20, 21) AS sales(region, q1, q2)")
	// nil values: every column that is not an id.
	long := sales.Unpivot([]any{"region"}, nil, "quarter", "amount")
	rows, _ := long.CollectMaps(ctx) // {region:north quarter:q1 amount:10} …
	fmt.Println(rows)
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

func ExampleDataFrame_Write() {
	ctx := context.Background()
	s, _ := F.Connect(ctx, "")
	cars := s.Table("mtcars")
	// One directory per cyl value (cyl=4/, cyl=6/, cyl=8/), one file per
	// partition of the data in each.
	err := cars.Write().
		Format("parquet").
		Mode("overwrite").
		PartitionBy("cyl").
		Save(ctx, "/tmp/mtcars_by_cyl")
	if err != nil {
		log.Fatal(err)
	}
	// A single CSV file: ask for one partition explicitly.
	err = cars.Coalesce(1).Write().Format("csv").Option("header", "true").Mode("overwrite").Save(ctx, "/tmp/mtcars_csv")
	if err != nil {
		log.Fatal(err)
	}
	// Tables of the catalog.
	if err := cars.Write().Mode("overwrite").SaveAsTable(ctx, "cars"); err != nil {
		log.Fatal(err)
	}
	if err := cars.Limit(2).Write().InsertInto(ctx, "cars", false); err != nil {
		log.Fatal(err)
	}
}

func ExampleSession_Catalog() {
	ctx := context.Background()
	s, _ := F.Connect(ctx, "")
	cat := s.Catalog()
	db, _ := cat.CurrentDatabase(ctx)
	tables, err := cat.ListTables(ctx, db, "")
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range tables {
		fmt.Println(t.Name, t.TableType, t.IsTemporary)
		cols, _ := cat.ListColumns(ctx, t.Name)
		for _, c := range cols {
			fmt.Println("  ", c.Name, c.DataType, c.Description)
		}
	}
	ok, _ := cat.TableExists(ctx, "mtcars")
	fmt.Println(ok)
}

func ExampleDataFrame_FillNA() {
	ctx := context.Background()
	s, _ := F.Connect(ctx, "")
	df := s.Sql(ctx, "SELECT * FROM VALUES (1, 'a', 1.5D), (NULL, NULL, NULL) AS t(i, s, d)")
	zeros := df.FillNA(0)                                          // i and d
	labels := df.FillNA("unknown")                                 // s
	each := df.FillNA(map[string]any{"i": -1, "s": "?", "d": 0.0}) // per column
	complete := df.DropNA("any", 0)                                // rows without NULLs
	for _, x := range []*F.DataFrame{zeros, labels, each, complete} {
		rows, _ := x.CollectMaps(ctx)
		fmt.Println(rows)
	}
}

func ExampleDataFrame_Describe() {
	ctx := context.Background()
	s, _ := F.Connect(ctx, "")
	stats, _ := s.Table("mtcars").Describe("mpg", "hp").CollectMaps(ctx)
	for _, r := range stats {
		fmt.Println(r["summary"], r["mpg"], r["hp"]) // count 32 …, mean 20.090625 …
	}
	quartiles, _ := s.Table("mtcars").Select("mpg").Summary("25%", "50%", "75%").CollectMaps(ctx)
	fmt.Println(quartiles)
}

func ExampleDataFrame_Cache() {
	ctx := context.Background()
	s, _ := F.Connect(ctx, "")
	big := s.Table("mtcars").Filter("hp > 100").Cache(ctx)
	if err := big.Err(); err != nil {
		log.Fatal(err)
	}
	n, _ := big.Count(ctx) // computes and caches the rows
	m, _ := big.GroupBy("cyl").Count().CollectMaps(ctx)
	level, _ := big.StorageLevel(ctx) // MEMORY_AND_DISK
	fmt.Println(n, m, level)
	big.Unpersist(ctx, false)
}
