// Command quickstart is the first sparkgo walkthrough as a plain Go program:
// it connects to Spark (SPARK_REMOTE, or the -remote flag), copies R's
// mtcars into the session, and prints the mean miles per gallon by
// transmission (0 = automatic, 1 = manual): 17.1 and 24.4.
//
// `make demo` starts a local Spark and runs it. The notebook version of this
// walkthrough comes with the sparkgo Jupyter kernel.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sparkgo/sparkgo/datasets"
	"github.com/sparkgo/sparkgo/display"
	F "github.com/sparkgo/sparkgo/frame"
)

func main() {
	remote := flag.String("remote", "", "Spark Connect connection string (default $SPARK_REMOTE)")
	flag.Parse()
	if err := run(*remote); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(remote string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	spark, err := F.Connect(ctx, remote)
	if err != nil {
		return err
	}
	defer spark.Close()
	version, err := spark.Conn().SparkVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("Connected to Spark %s at %s\n\n", version, spark.Conn().Config().Redacted())

	mtcars := datasets.CopyMtcars(ctx, spark)
	mpg := mtcars.
		GroupBy("am").
		Agg(F.Round(F.Mean("mpg"), 1).Alias("mpg"), F.Count("*").Alias("n")).
		OrderBy("am")

	fmt.Println("mtcars |> group_by(am) |> summarise(mpg = mean(mpg))")
	tbl, err := mpg.Collect(ctx)
	if err != nil {
		return err
	}
	defer tbl.Release()
	rec := array.NewTableReader(tbl, -1)
	defer rec.Release()
	for rec.Next() {
		fmt.Println(display.Table(rec.RecordBatch(), display.TableOptions{Source: "mtcars"}).Text())
	}
	return rec.Err()
}
