#!/usr/bin/env bash
# Compare display.BenchmarkTableHTML (1,000 rows x 12 mixed columns to HTML)
# with pandas DataFrame.to_html on the same data, in the same run.
# Usage: bench/display/run.sh   (from the repository root or anywhere)
set -euo pipefail
cd "$(dirname "$0")/../.."
cache="${SPARKGO_CACHE:-$HOME/.cache/sparkgo}"
py=""
if [ -x "$cache/bench-venv/bin/python" ] && "$cache/bench-venv/bin/python" -c 'import pandas' 2>/dev/null; then
  py="$cache/bench-venv/bin/python"
else
  venv="$HOME/.cache/sparkgo/display-venv"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet pandas
  fi
  py="$venv/bin/python"
fi

echo "== go: display.BenchmarkTableHTML / BenchmarkTable (count 5)"
go_out="$(go test ./display -run '^$' -bench '^BenchmarkTable(HTML)?$' -benchtime 2s -count 5)"
echo "$go_out" | grep '^Benchmark'
echo "== pandas ($py)"
py_out="$("$py" bench/display/bench.py 1000)"
echo "$py_out"

go_ns="$(echo "$go_out" | awk '/^BenchmarkTableHTML/ {print $3}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
pd_ns="$(echo "$py_out" | sed -E 's/.*median ([0-9]+) ns\/op.*/\1/')"
awk -v g="$go_ns" -v p="$pd_ns" 'BEGIN {printf "== median: go %.2f ms, pandas %.2f ms, ratio go/pandas = %.3f (target <= 0.2)\n", g/1e6, p/1e6, g/p}'
