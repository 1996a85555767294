#!/usr/bin/env bash
# The kernel benchmark: sparkgo-kernel side by side with ipykernel, driven by
# jupyter_client from bench/kernel/kernel_bench.py in one run:
#
#   (a) kernel start: process spawn -> first kernel_info_reply (median of STARTS)
#   (b) trivial cell round trip: execute_request -> execute_reply and iopub
#       idle (`1+1`, and `x := 1` / `x = 1`; median and p95 of CELLS)
#   (c) the kernel's overhead on `spark.Sql(ctx, "select 1").Collect(ctx)`:
#       the cell's round trip against the same call made by a compiled Go
#       client (bench/kernel/direct) on the same server (medians of
#       SPARK_CELLS, taking turns call by call)
#
#   SPARK_REMOTE=sc://localhost:15002 bash bench/kernel/run.sh
#
# It starts no server: SPARK_REMOTE must name a running Spark Connect server
# (`make bench` runs it under scripts/with-spark.sh). The Jupyter venv comes
# from scripts/ensure-jupyter.sh. It prints a markdown table on stdout, the
# set-up and progress on stderr.
#
# Environment:
#   SPARK_REMOTE   connection string of the server (required)
#   STARTS         kernel starts per kernel (default 20)
#   CELLS          trivial cells per kernel and cell (default 200)
#   SPARK_CELLS    select-1 cells of each kind and direct calls (default 200)
#   SPARKGO_CACHE  where the Jupyter venv lives (default ~/.cache/sparkgo)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
STARTS=${STARTS:-20}
CELLS=${CELLS:-200}
SPARK_CELLS=${SPARK_CELLS:-200}

die() { echo "bench/kernel/run.sh: $*" >&2; exit 1; }

# shellcheck source=/dev/null
source "$root/bench/lib.sh"
require_counts STARTS CELLS SPARK_CELLS
require_server
jpy=$(bash "$root/scripts/ensure-jupyter.sh")

out=$(mktemp -d "${TMPDIR:-/tmp}/sparkgo-kernel-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
(cd "$root" && go build -o "$out/sparkgo-kernel" ./cmd/kernel && go build -o "$out/direct" ./bench/kernel/direct)

{
	machine_info
	echo "$("$jpy" -c 'import sys, ipykernel, jupyter_client, zmq; print("python %s, ipykernel %s, jupyter_client %s, pyzmq %s (libzmq %s)" % (sys.version.split()[0], ipykernel.__version__, jupyter_client.__version__, zmq.__version__, zmq.zmq_version()))')"
	echo "server: $SPARK_REMOTE; starts: $STARTS; cells: $CELLS; spark cells: $SPARK_CELLS"
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	if awk -v n="$(nproc)" '{exit !($1 > n / 2)}' /proc/loadavg; then
		echo "WARNING: the machine is busy (1-minute load above half its CPUs); latencies will be inflated"
	fi
} >&2

"$jpy" "$here/kernel_bench.py" --sparkgo "$out/sparkgo-kernel" --direct "$out/direct" --remote "$SPARK_REMOTE" \
	--starts "$STARTS" --cells "$CELLS" --spark-cells "$SPARK_CELLS" --raw "$out/raw.json"
raw="${TMPDIR:-/tmp}/sparkgo-kernel-bench-raw.json"
cp "$out/raw.json" "$raw"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); raw timings: $raw" >&2
