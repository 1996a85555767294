// Command copyto is the sparkgo half of the CopyTo benchmark: it builds 1M
// rows of Go structs (bigint, double, string, timestamp), copies them to a
// Spark Connect server as a temporary view with frame.Session.CopyTo, and
// prints one JSON line per run with the wall time of the copy, the CPU time
// of this process during it and its peak resident memory. A query then
// checks the copied rows (count and sums), timed separately.
// bench/copyto/pyspark_copyto.py is the PySpark half (createDataFrame of a
// pandas DataFrame + createOrReplaceTempView); bench/copyto/run.sh runs both.
//
//	go run ./bench/copyto -remote sc://localhost:15002 -n 3
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/frame"
)

// Row is one benchmark row; bench/copyto/pyspark_copyto.py builds the same
// values: id, id * 1.5, "row-<id>", and the timestamp of id seconds after
// the epoch.
type Row struct {
	ID int64     `spark:"id"`
	D  float64   `spark:"d"`
	S  string    `spark:"s"`
	TS time.Time `spark:"ts"`
}

type result struct {
	Client   string  `json:"client"`
	Rows     int     `json:"rows"`
	Route    string  `json:"route"`
	WallS    float64 `json:"wall_s"`
	CPUS     float64 `json:"cpu_s"`
	MaxRSSMB float64 `json:"max_rss_mb"`
	VerifyS  float64 `json:"verify_s"`
	// With -breakdown: the copy's two halves.
	EncodeS float64 `json:"encode_s,omitempty"`    // Go rows to the inline Arrow relation, in this process
	SendS   float64 `json:"send_view_s,omitempty"` // sending it and the server building the view
}

func main() {
	remote := flag.String("remote", os.Getenv(connect.RemoteEnv), "Spark Connect connection string (default $SPARK_REMOTE)")
	n := flag.Int("n", 1, "number of runs, each copying the rows anew")
	rows := flag.Int("rows", 1_000_000, "rows to copy")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the copies to this file")
	label := flag.String("label", "sparkgo", "client name printed in the JSON lines")
	breakdown := flag.Bool("breakdown", false, "time the encoding and the sending+view creation separately (CreateDataFrame with an inline relation, then CreateTempView) instead of CopyTo")
	forceCache := flag.Bool("force-cache", false, "CopyOptions.ForceCache: upload the data as cached artifacts instead of inline")
	flag.Parse()
	if *remote == "" {
		fatalf("no server: pass -remote sc://host:port or set %s", connect.RemoteEnv)
	}
	ctx := context.Background()
	s, err := frame.Connect(ctx, *remote)
	if err != nil {
		fatalf("%v", err)
	}
	defer s.Close()

	data := make([]Row, *rows)
	for i := range data {
		data[i] = Row{ID: int64(i), D: float64(i) * 1.5, S: fmt.Sprintf("row-%d", i), TS: time.Unix(int64(i), 0).UTC()}
	}
	runtime.GC()

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
	for run := 0; run < *n; run++ {
		// Each run copies different bytes, so that no run reuses the
		// artifacts cached by an earlier one.
		for i := range data {
			data[i].D = float64(i)*1.5 + float64(run)
		}
		var encode, send float64
		if *breakdown {
			// Inline relations up to 64 MiB, as CopyTo sends them for a view.
			if err := s.Conn().SetConf(ctx, map[string]string{"spark.sql.session.localRelationCacheThreshold": "67108864"}); err != nil {
				fatalf("%v", err)
			}
		}
		cpu0 := cpuSeconds()
		t0 := time.Now()
		if *breakdown {
			df := s.CreateDataFrame(ctx, data, frame.CopyOptions{})
			if err := df.Err(); err != nil {
				fatalf("%v", err)
			}
			rel := df.Relation()
			for rel.GetProject() != nil { // packed rows are unpacked by projections
				rel = rel.GetProject().GetInput()
			}
			if rel.GetLocalRelation() == nil {
				fatalf("the relation is not inline")
			}
			encode = time.Since(t0).Seconds()
			if err := df.CreateTempView(ctx, "bench_copyto", true); err != nil {
				fatalf("%v", err)
			}
			send = time.Since(t0).Seconds() - encode
		} else {
			df := s.CopyTo(ctx, "bench_copyto", data, frame.CopyOptions{Overwrite: true, ForceCache: *forceCache})
			if err := df.Err(); err != nil {
				fatalf("%v", err)
			}
		}
		wall := time.Since(t0).Seconds()
		cpu := cpuSeconds() - cpu0

		t1 := time.Now()
		got, err := s.Sql(ctx, "SELECT count(*) AS n, sum(id) AS ids, sum(length(s)) AS chars, max(ts) AS hi FROM bench_copyto").CollectMaps(ctx)
		if err != nil {
			fatalf("verify: %v", err)
		}
		verify := time.Since(t1).Seconds()
		nr := int64(*rows)
		if got[0]["n"] != nr || got[0]["ids"] != nr*(nr-1)/2 || !got[0]["hi"].(time.Time).Equal(time.Unix(nr-1, 0)) {
			fatalf("the server has the wrong rows: %v", got[0])
		}
		route := "CopyTo"
		if *breakdown {
			route = "CreateDataFrame(inline)+CreateTempView"
		}
		out, _ := json.Marshal(result{Client: *label, Rows: *rows, Route: route, WallS: wall, CPUS: cpu, MaxRSSMB: maxRSSMB(), VerifyS: verify, EncodeS: encode, SendS: send})
		fmt.Println(string(out))
	}
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func maxRSSMB() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Maxrss) / 1024
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "copyto: "+format+"\n", args...)
	os.Exit(1)
}
