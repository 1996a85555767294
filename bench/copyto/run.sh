#!/usr/bin/env bash
# The CopyTo benchmark: sparkgo's frame.Session.CopyTo (bench/copyto) side by
# side with PySpark's Spark Connect client (bench/copyto/pyspark_copyto.py,
# spark.createDataFrame(pandas_df) + createOrReplaceTempView), copying the
# same 1M rows x 4 columns (bigint, double, string, timestamp) to the same
# server in the same run.
#
#   SPARK_REMOTE=sc://localhost:15002 bash bench/copyto/run.sh [N]
#
# It starts no server: SPARK_REMOTE must name a running Spark Connect server.
# Each measurement is a fresh process (so a fresh session, which must receive
# all the data); after one warm-up run of each client, the clients take turns
# N times (default 5), and a markdown table of medians is printed.
#
# Environment:
#   SPARK_REMOTE   connection string of the server (required)
#   N              runs per client (default 5; the first argument overrides)
#   ROWS           rows to copy (default 1000000)
#   SPARKGO_CACHE  where the bench venv lives (default ~/.cache/sparkgo); it
#                  is shared with bench/run.sh, which creates it the same way
#   PYTHON         interpreter to build the venv with (default python3)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
N=${1:-${N:-5}}
ROWS=${ROWS:-1000000}

die() { echo "bench/copyto/run.sh: $*" >&2; exit 1; }

# --- the server and the PySpark venv --------------------------------------
# shellcheck source=/dev/null
source "$here/../lib.sh"
require_counts N ROWS
require_server
bench_venv

# --- the Go client ----------------------------------------------------------
out=$(mktemp -d "${TMPDIR:-/tmp}/sparkgo-bench-copyto.XXXXXX")
(cd "$root" && go build -o "$out/copyto" ./bench/copyto)

run_sparkgo() { "$out/copyto" -remote "$SPARK_REMOTE" -rows "$ROWS" -n 1 "$@"; }
run_pyspark() { "$vpy" "$here/pyspark_copyto.py" --remote "$SPARK_REMOTE" --rows "$ROWS" -n 1; }

{
	machine_info
	echo "$("$vpy" -c 'import sys,pyspark,pyarrow,pandas,grpc; print("python %s, pyspark %s, pyarrow %s, pandas %s, grpcio %s" % (sys.version.split()[0], pyspark.__version__, pyarrow.__version__, pandas.__version__, grpc.__version__))')"
	echo "server: $SPARK_REMOTE; rows: $ROWS; runs per client: $N (after 1 warm-up each)"
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >&2

results=$out/results.jsonl
echo "warm-up ..." >&2
run_sparkgo >/dev/null
run_pyspark >/dev/null
for ((i = 1; i <= N; i++)); do
	echo "round $i/$N ..." >&2
	# Alternate who goes first, so that neither always follows the other's
	# garbage on the server.
	if ((i % 2)); then
		run_sparkgo | tee -a "$results" >&2
		run_pyspark | tee -a "$results" >&2
	else
		run_pyspark | tee -a "$results" >&2
		run_sparkgo | tee -a "$results" >&2
	fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); raw results: $results" >&2
echo >&2

"$vpy" - "$results" <<'PYEOF'
import json, statistics, sys

runs = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    runs.setdefault(r["client"], []).append(r)
order = [c for c in ("sparkgo", "pyspark") if c in runs]
med = {c: {k: statistics.median(r[k] for r in runs[c]) for k in ("wall_s", "cpu_s", "verify_s")} for c in order}
base = med["pyspark"]

def ratio(x, y):
    return "%.2f×" % (x / y) if y else "n/a"

print("| client | runs | median copy wall s | min / max wall s | median client CPU s | max RSS MB | wall ÷ PySpark | CPU ÷ PySpark | median verify query s |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for c in order:
    m = med[c]
    walls = [r["wall_s"] for r in runs[c]]
    rss = max(r["max_rss_mb"] for r in runs[c])
    print("| %s | %d | %.2f | %.2f / %.2f | %.2f | %.0f | %s | %s | %.2f |" % (
        c, len(runs[c]), m["wall_s"], min(walls), max(walls), m["cpu_s"], rss,
        ratio(m["wall_s"], base["wall_s"]), ratio(m["cpu_s"], base["cpu_s"]), m["verify_s"]))
w = med["sparkgo"]["wall_s"] / base["wall_s"]
print()
print("sparkgo / PySpark copy wall: %.2f× (target ≤ 0.5×: %s)" % (w, "met" if w <= 0.5 else "NOT met"))
PYEOF
