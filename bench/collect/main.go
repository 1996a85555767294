//go:build unix

// Command collect is the sparkgo half of the collect benchmark: it runs one
// wide query on a Spark Connect server, reads every Arrow record batch of the
// result, and prints one JSON line per run with the wall time, the CPU time of
// this process and its peak resident memory. bench/pyspark_collect.py is the
// PySpark half; bench/run.sh runs both side by side.
//
//	go run ./bench/collect -remote sc://localhost:15002 -n 3
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sparkgo/sparkgo/connect"
)

// Query returns the benchmark query; bench/pyspark_collect.py sends the same
// text. 8 partitions, four columns: long, double, string, timestamp.
func Query(rows int64) string {
	return fmt.Sprintf("SELECT id, CAST(id AS DOUBLE) * 1.5 AS d, CONCAT('row-', CAST(id AS STRING)) AS s, "+
		"TIMESTAMP_SECONDS(id) AS ts FROM range(0, %d, 1, 8)", rows)
}

type result struct {
	Client   string  `json:"client"`
	Rows     int64   `json:"rows"`
	WallS    float64 `json:"wall_s"`
	CPUS     float64 `json:"cpu_s"`
	MaxRSSMB float64 `json:"max_rss_mb"`
}

func main() {
	remote := flag.String("remote", os.Getenv(connect.RemoteEnv), "Spark Connect connection string (default $SPARK_REMOTE)")
	n := flag.Int("n", 1, "number of runs, each a fresh execution of the query")
	rows := flag.Int64("rows", 10_000_000, "rows the query returns")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the runs (not of connecting) to this file")
	memProfile := flag.String("memprofile", "", "write an allocation profile to this file after the runs")
	label := flag.String("label", "sparkgo", "client name printed in the JSON lines")
	verbose := flag.Bool("v", false, "print batch counts and checksums to stderr")
	batchRows := flag.Int("batch-rows", 0, "connect.Options.ArrowBatchRows: rows per Arrow batch asked of the server (0: sparkgo's default, -1: the server's)")
	noReuse := flag.Bool("no-reuse", false, "connect.Options.DisableBufferReuse: read every result message into fresh memory")
	flag.Parse()
	if *remote == "" {
		fatalf("no server: pass -remote sc://host:port or set %s", connect.RemoteEnv)
	}

	ctx := context.Background()
	cfg, err := connect.ParseConnString(*remote)
	if err != nil {
		fatalf("%v", err)
	}
	sess, err := connect.NewSession(ctx, cfg, connect.Options{ArrowBatchRows: *batchRows, DisableBufferReuse: *noReuse})
	if err != nil {
		fatalf("%v", err)
	}
	defer sess.Close()

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fatalf("%v", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fatalf("%v", err)
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}

	query := Query(*rows)
	enc := json.NewEncoder(os.Stdout)
	for i := 0; i < *n; i++ {
		var ru0, ru1 syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
		cpu0 := cpuTime()
		t0 := time.Now()
		got, batches, sum, strBytes, err := collect(ctx, sess, query)
		wall := time.Since(t0)
		cpu := cpuTime() - cpu0
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
		if err != nil {
			fatalf("run %d: %v", i+1, err)
		}
		if got != *rows || sum != *rows*(*rows-1)/2 {
			fatalf("run %d: got %d rows summing to %d, want %d rows summing to %d", i+1, got, sum, *rows, *rows*(*rows-1)/2)
		}
		if *verbose {
			fmt.Fprintf(os.Stderr, "run %d: %d batches, %d string bytes; user %.3fs sys %.3fs, %d voluntary and %d involuntary context switches\n",
				i+1, batches, strBytes, time.Duration(ru1.Utime.Nano()-ru0.Utime.Nano()).Seconds(), time.Duration(ru1.Stime.Nano()-ru0.Stime.Nano()).Seconds(),
				ru1.Nvcsw-ru0.Nvcsw, ru1.Nivcsw-ru0.Nivcsw)
		}
		enc.Encode(result{Client: *label, Rows: got, WallS: round(wall.Seconds()), CPUS: round(cpu.Seconds()), MaxRSSMB: round(maxRSSMB())})
	}

	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			fatalf("%v", err)
		}
		pprof.Lookup("allocs").WriteTo(f, 0)
		f.Close()
	}
}

// collect runs the query and reads every batch, touching the data so that
// nothing is skipped: it sums the long column and the string lengths.
func collect(ctx context.Context, sess *connect.Session, query string) (rows, batches, sum, strBytes int64, err error) {
	rs, err := sess.SQL(ctx, query)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	defer rs.Close()
	for rs.Next() {
		rec := rs.RecordBatch()
		batches++
		rows += rec.NumRows()
		ids, ok := rec.Column(0).(*array.Int64)
		if !ok {
			return 0, 0, 0, 0, fmt.Errorf("column 0 is %s, want int64", rec.Column(0).DataType())
		}
		for _, v := range ids.Int64Values() {
			sum += v
		}
		switch s := rec.Column(2).(type) {
		case *array.String:
			off := s.ValueOffsets()
			strBytes += int64(off[len(off)-1] - off[0])
		case *array.LargeString:
			off := s.ValueOffsets()
			strBytes += off[len(off)-1] - off[0]
		}
	}
	return rows, batches, sum, strBytes, rs.Err()
}

// cpuTime is the user+system CPU time of this process, all threads.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// maxRSSMB is the peak resident set size of this process so far, in MiB
// (Linux reports ru_maxrss in KiB).
func maxRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		fatalf("getrusage: %v", err)
	}
	return float64(ru.Maxrss) / 1024
}

func round(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "collect: "+format+"\n", args...)
	os.Exit(1)
}
