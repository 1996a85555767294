#!/usr/bin/env bash
# Creates, or reuses, the Python virtualenv holding PySpark's Spark Connect
# client (pip install 'pyspark[connect]==4.1.*'), and prints the path of its
# python on stdout. The benchmarks compare sparkgo with it, and the ml tests
# check that pipelines saved by one load in the other. The venv lives in
# ${SPARKGO_CACHE:-$HOME/.cache/sparkgo}/bench-venv, outside the clone.
set -euo pipefail
die() { printf 'ensure-pyspark: %s\n' "$*" >&2; exit 1; }
# shellcheck source=../bench/lib.sh
source "$(dirname "$0")/../bench/lib.sh"
bench_venv
echo "$vpy"
