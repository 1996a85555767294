#!/usr/bin/env bash
# The collect benchmark: sparkgo (bench/collect) side by side with PySpark's
# Spark Connect client (bench/pyspark_collect.py, df.toArrow() and
# df.toPandas()), against the same server in the same run.
#
#   SPARK_REMOTE=sc://localhost:15002 bash bench/run.sh [N]
#
# It starts no server: SPARK_REMOTE must name a running Spark Connect server.
# Each measurement is a fresh process and a fresh execution of the query;
# after one warm-up run of each client, the clients take turns N times
# (default 3), and a markdown table of medians is printed. Besides the
# defaults of each client, every round also runs sparkgo with the server's
# Arrow batch size and PySpark with sparkgo's (100 000 rows), so that the
# effect of that one setting is visible on both sides.
#
# Environment:
#   SPARK_REMOTE   connection string of the server (required)
#   N              runs per client (default 3; the first argument overrides)
#   ROWS           rows of the query (default 10000000)
#   TUNED=1        also run the Go client with GOMAXPROCS=1
#                  ("sparkgo-gomaxprocs1"; see docs/benchmarks.md)
#   SPARKGO_CACHE  where the bench venv lives (default ~/.cache/sparkgo)
#   PYTHON         interpreter to build the venv with (default python3)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
N=${1:-${N:-3}}
ROWS=${ROWS:-10000000}

die() { echo "bench/run.sh: $*" >&2; exit 1; }

# --- the server and the PySpark venv --------------------------------------
# shellcheck source=/dev/null
source "$here/lib.sh"
require_counts N ROWS
require_server
bench_venv

# --- the Go client ----------------------------------------------------------
out=$(mktemp -d "${TMPDIR:-/tmp}/sparkgo-bench.XXXXXX")
(cd "$root" && go build -o "$out/collect" ./bench/collect)

run_sparkgo() { "$out/collect" -remote "$SPARK_REMOTE" -rows "$ROWS" -n 1 "$@"; }
run_pyspark() { "$vpy" "$here/pyspark_collect.py" --remote "$SPARK_REMOTE" --rows "$ROWS" -n 1 --mode "$@"; }
# sparkgo asks for 100 000-row Arrow batches (connect.DefaultArrowBatchRows);
# the first two variants show what that setting alone does on either side,
# the third what reusing result buffers does (connect.Options.DisableBufferReuse).
run_variants() {
	run_sparkgo -batch-rows -1 -label sparkgo-serverbatch
	run_pyspark toArrow --batch-rows 100000 --label=-batch100k
	run_sparkgo -no-reuse -label sparkgo-noreuse
}

{
	machine_info
	echo "$("$vpy" -c 'import sys,pyspark,pyarrow,pandas,grpc; print("python %s, pyspark %s, pyarrow %s, pandas %s, grpcio %s" % (sys.version.split()[0], pyspark.__version__, pyarrow.__version__, pandas.__version__, grpc.__version__))')"
	echo "server: $SPARK_REMOTE; rows: $ROWS; runs per client: $N (after 1 warm-up each)"
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >&2

results=$out/results.jsonl
echo "warm-up ..." >&2
run_sparkgo >/dev/null
run_pyspark toArrow >/dev/null
run_pyspark toPandas >/dev/null
run_variants >/dev/null
if [[ ${TUNED:-} == 1 ]]; then
	GOMAXPROCS=1 run_sparkgo -label sparkgo-gomaxprocs1 >/dev/null
fi
for ((i = 1; i <= N; i++)); do
	echo "round $i/$N ..." >&2
	run_sparkgo | tee -a "$results" >&2
	run_pyspark toArrow | tee -a "$results" >&2
	run_pyspark toPandas | tee -a "$results" >&2
	run_variants | tee -a "$results" >&2
	if [[ ${TUNED:-} == 1 ]]; then
		GOMAXPROCS=1 run_sparkgo -label sparkgo-gomaxprocs1 | tee -a "$results" >&2
	fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); raw results: $results" >&2
echo >&2

"$vpy" - "$results" <<'EOF'
import json, statistics, sys

runs = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    runs.setdefault(r["client"], []).append(r)
order = [c for c in ("sparkgo", "sparkgo-gomaxprocs1", "sparkgo-serverbatch", "sparkgo-noreuse", "pyspark-toArrow",
                     "pyspark-toArrow-batch100k", "pyspark-toPandas") if c in runs]
med = {c: (statistics.median(r["wall_s"] for r in runs[c]), statistics.median(r["cpu_s"] for r in runs[c])) for c in order}
base = med["pyspark-toArrow"]

def ratio(x, y):
    return "%.2f×" % (x / y) if y else "n/a"

print("| client | runs | median wall s | median client CPU s | max RSS MB | wall ÷ toArrow | CPU ÷ toArrow |")
print("|---|---:|---:|---:|---:|---:|---:|")
for c in order:
    w, u = med[c]
    rss = max(r["max_rss_mb"] for r in runs[c])
    print("| %s | %d | %.2f | %.2f | %.0f | %s | %s |" % (c, len(runs[c]), w, u, rss, ratio(w, base[0]), ratio(u, base[1])))
w, u = med["sparkgo"]
print()
print("sparkgo / pyspark-toArrow: wall %.2f× (target ≤ 0.8×: %s), client CPU %.2f× (target ≤ 0.5×: %s)" % (
    w / base[0], "met" if w / base[0] <= 0.8 else "NOT met",
    u / base[1], "met" if u / base[1] <= 0.5 else "NOT met"))
EOF
