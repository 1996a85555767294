package display_test

import (
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/display"
)

func ExampleTable() {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "city", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "temp", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{1, 2, 3}, nil)
	b.Field(1).(*array.StringBuilder).AppendValues([]string{"東京", "Paris", ""}, []bool{true, true, false})
	b.Field(2).(*array.Float64Builder).AppendValues([]float64{21.5, 18.25, 0}, []bool{true, true, false})
	rec := b.NewRecordBatch()
	defer rec.Release()

	out := display.Table(rec, display.TableOptions{Source: "weather", TotalRows: -1, MaxRows: 2})
	fmt.Println(out.Text())
	// Output:
	// # Source: weather [?? x 3]
	//      id city   temp
	//   <i64> <chr> <dbl>
	// 1     1 東京  21.50
	// 2     2 Paris 18.25
	// # … with more rows
}

func ExampleSchema() {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "tags", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true,
			Metadata: arrow.NewMetadata([]string{"comment"}, []string{"free-form labels"})},
	}, nil)
	fmt.Println(display.Schema(schema).Text())
	// Output:
	// root
	//  |-- id: long (nullable = false)
	//  |-- tags: array (nullable = true)  # free-form labels
	//  |    |-- element: string (containsNull = true)
}

func ExampleError() {
	err := &connect.SparkError{
		ErrorClass: "UNRESOLVED_COLUMN.WITH_SUGGESTION",
		SQLState:   "42703",
		Message: "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `naem` cannot be resolved. " +
			"Did you mean one of the following? [`name`]. SQLSTATE: 42703",
		QueryContexts: []connect.QueryContext{{Kind: "SQL", Start: 7, Stop: 10, Fragment: "naem"}},
	}
	fmt.Println(display.Error(err, display.ErrorOptions{SQL: "SELECT naem FROM people"}).Text())
	// Output:
	// UNRESOLVED_COLUMN.WITH_SUGGESTION (SQLSTATE 42703)
	// A column, variable, or function parameter with name `naem` cannot be resolved.
	// Hint: Did you mean one of the following? [`name`].
	//
	// == SQL (line 1, position 8) ==
	// 1 | SELECT naem FROM people
	//   |        ^^^^
}

func ExampleModel() {
	card := display.ModelCard{
		Class: "LinearRegressionModel", SparkVersion: "4.0.1", Formula: "mpg ~ wt",
		Coefficients: []display.Coefficient{
			{Name: "wt", Estimate: -5.344, StdErr: display.Float(0.559), TValue: display.Float(-9.559), PValue: display.Float(1.29e-10)},
			{Name: "(Intercept)", Estimate: 37.285, StdErr: display.Float(1.878), TValue: display.Float(19.858), PValue: display.Float(8.24e-19)},
		},
		Metrics: []display.Metric{{Name: "r2", Value: 0.7528}, {Name: "rootMeanSquaredError", Value: 2.9491}},
	}
	fmt.Println(display.Model(card).Text())
	// Output:
	// ── MLlib model: LinearRegressionModel · Spark 4.0.1 ──
	// Formula: mpg ~ wt
	//
	// ── Coefficients:
	//             Estimate Std. Error t value Pr(>|t|)
	// (Intercept)   37.285      1.878  19.858  < 2e-16 ***
	// wt            -5.344      0.559  -9.559 1.29e-10 ***
	// ---
	// Signif. codes: 0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1
	//
	// ── Summary:
	// ▪ R²:   0.753   ▪ RMSE: 2.949
}

func ExampleProgress() {
	p := connect.Progress{Tasks: 40, CompletedTasks: 10, Stages: []connect.StageProgress{{StageID: 3, Tasks: 40, CompletedTasks: 10}}}
	fmt.Println(display.Progress(p, display.ProgressOptions{Elapsed: 1500 * time.Millisecond, Width: 60}).Text())
	fmt.Println(display.Progress(p, display.ProgressOptions{Elapsed: 4 * time.Second, Done: true, Rows: 1234}).Text())
	// Output:
	// ████▊░░░░░░░░░░░░░░  25% · 10/40 tasks · 0/1 stages · 1.5s
	// ✓ 1,234 rows in 4.0s · 1 stage, 40 tasks
}
