// Command direct is the compiled-Go baseline of the kernel benchmark's
// overhead measurement (bench/kernel/run.sh): it connects one frame.Session
// to a Spark Connect server and, for every number N it reads on stdin, runs
// `spark.Sql(ctx, "select 1").Collect(ctx)` N times in a row and prints one
// JSON line with the N wall times in milliseconds. The kernel cell that
// bench/kernel/kernel_bench.py times runs the same call, so the difference
// of the medians is what the kernel adds.
//
//	go build -o /tmp/direct ./bench/kernel/direct
//	echo 20 | /tmp/direct -remote sc://localhost:15002
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/frame"
)

func main() {
	remote := flag.String("remote", os.Getenv(connect.RemoteEnv), "Spark Connect connection string (default $SPARK_REMOTE)")
	query := flag.String("query", "select 1", "the query each run collects")
	tag := flag.String("tag", "", "run each query under connect.WithTags(ctx, TAG), as the kernel tags a cell's executions (for an ablation)")
	progress := flag.Bool("progress", false, "run each query under connect.WithProgress with a no-op handler, as the kernel does (for an ablation)")
	flag.Parse()
	if *remote == "" {
		fatalf("no server: pass -remote sc://host:port or set %s", connect.RemoteEnv)
	}
	ctx := context.Background()
	if *tag != "" {
		ctx = connect.WithTags(ctx, *tag)
	}
	if *progress {
		ctx = connect.WithProgress(ctx, func(connect.Progress) {})
	}
	spark, err := frame.Connect(ctx, *remote)
	if err != nil {
		fatalf("connecting to %s: %v", *remote, err)
	}
	defer spark.Close()

	in := bufio.NewScanner(os.Stdin)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		n, err := strconv.Atoi(line)
		if err != nil || n < 1 {
			fatalf("want a positive count per line, got %q", line)
		}
		ms := make([]float64, n)
		for i := range ms {
			start := time.Now()
			tbl, err := spark.Sql(ctx, *query).Collect(ctx)
			ms[i] = float64(time.Since(start).Nanoseconds()) / 1e6
			if err != nil {
				fatalf("%s: %v", *query, err)
			}
			if tbl.NumRows() != 1 {
				fatalf("%s: %d rows, want 1", *query, tbl.NumRows())
			}
			tbl.Release()
		}
		if err := out.Encode(map[string]any{"ms": ms}); err != nil {
			fatalf("%v", err)
		}
	}
	if err := in.Err(); err != nil {
		fatalf("reading stdin: %v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "direct: "+format+"\n", args...)
	os.Exit(1)
}
