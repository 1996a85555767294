#!/usr/bin/env bash
# with-spark.sh CMD...: runs CMD with SPARK_REMOTE pointing at a local Spark
# Connect server. The server is started (and the managed Spark installed on
# first use) by bin/sparkgo-kernel; a server this script started is stopped
# when CMD ends, one that was already running is left alone.
#
# SPARKGO_PORT (default 15002), SPARKGO_SPARK_VERSION (default 4.1) and
# SPARKGO_DRIVER_MEMORY (default 2g) adjust the server.
set -euo pipefail

port="${SPARKGO_PORT:-15002}"
version="${SPARKGO_SPARK_VERSION:-4.1}"
kernel="$(dirname "$0")/../bin/sparkgo-kernel"

"$kernel" service install --version "$version" >&2
started=no
if ! "$kernel" service status --port "$port" >/dev/null 2>&1; then
	started=yes
fi
url="$("$kernel" service start --version "$version" --port "$port" --driver-memory "${SPARKGO_DRIVER_MEMORY:-2g}")"
echo "with-spark: Spark Connect at $url" >&2
cleanup() {
	if [ "$started" = yes ]; then
		"$kernel" service stop --port "$port" >&2 || true
	fi
}
trap cleanup EXIT
SPARK_REMOTE="$url" "$@"
