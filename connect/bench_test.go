package connect_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sparkgo/sparkgo/internal/sparktest"
)

// collectBenchQuery is the query of the collect benchmark (bench/collect,
// docs/benchmarks.md): a long, a double, a string and a timestamp column
// over 8 partitions.
func collectBenchQuery(rows int64) string {
	return fmt.Sprintf("SELECT id, CAST(id AS DOUBLE) * 1.5 AS d, CONCAT('row-', CAST(id AS STRING)) AS s, "+
		"TIMESTAMP_SECONDS(id) AS ts FROM range(0, %d, 1, 8)", rows)
}

// BenchmarkCollect runs the collect query for 1M rows against the test
// server and reads every record batch, summing the long column. Most of the
// time is the server's; see bench/run.sh for the client's CPU time and the
// comparison with PySpark.
func BenchmarkCollect(b *testing.B) {
	const rows = 1_000_000
	sess := sparktest.Session(b)
	ctx := context.Background()
	query := collectBenchQuery(rows)
	want := int64(rows) * (rows - 1) / 2

	b.ReportAllocs()
	for b.Loop() {
		rs, err := sess.SQL(ctx, query)
		if err != nil {
			b.Fatal(err)
		}
		var n, sum int64
		for rs.Next() {
			rec := rs.RecordBatch()
			n += rec.NumRows()
			for _, v := range rec.Column(0).(*array.Int64).Int64Values() {
				sum += v
			}
		}
		if err := rs.Err(); err != nil {
			b.Fatal(err)
		}
		rs.Close()
		if n != rows || sum != want {
			b.Fatalf("got %d rows summing to %d, want %d rows summing to %d", n, sum, int64(rows), want)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
