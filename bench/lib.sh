# Shared set-up of the benchmark scripts; source it after setting `die`.
#
#   require_counts   checks that the named variables are positive integers
#   require_server   checks that SPARK_REMOTE names a server that answers
#   bench_venv       creates or reuses the PySpark venv and sets $vpy
#   machine_info     prints the machine, Go and Java lines of a report

cache=${SPARKGO_CACHE:-$HOME/.cache/sparkgo}
venv=$cache/bench-venv
py=${PYTHON:-python3}

require_counts() {
	local v
	for v in "$@"; do
		[[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, got '${!v}'"
	done
}

machine_info() {
	echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
	echo "go: $(go version | awk '{print $3}'), java: $(java -version 2>&1 | head -1 | sed 's/.*version "\(.*\)".*/\1/' || echo '?')"
}

require_server() {
	[[ -n ${SPARK_REMOTE:-} ]] || die "SPARK_REMOTE is not set. This benchmark starts no server: run a Spark Connect server and set e.g. SPARK_REMOTE=sc://localhost:15002"
	local hostport=${SPARK_REMOTE#sc://} host port
	hostport=${hostport%%/*}
	hostport=${hostport%%;*}
	if [[ $hostport =~ ^\[([^]]+)\](:([0-9]+))?$ ]]; then
		host=${BASH_REMATCH[1]} port=${BASH_REMATCH[3]:-15002}
	elif [[ $hostport =~ ^([^:]+)(:([0-9]+))?$ ]]; then
		host=${BASH_REMATCH[1]} port=${BASH_REMATCH[3]:-15002}
	else
		die "cannot read host and port from SPARK_REMOTE=$SPARK_REMOTE"
	fi
	if ! timeout 5 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; then
		die "no Spark Connect server answers at $host:$port (SPARK_REMOTE=$SPARK_REMOTE). Start one first; this benchmark starts none."
	fi
}

check_venv() {
	"$venv/bin/python" - <<'PYEOF' 2>/dev/null
import pyspark, pandas, pyarrow, numpy, grpc, grpc_status, google.rpc, zstandard
assert pyspark.__version__.startswith("4.1."), pyspark.__version__
PYEOF
}

bench_venv() {
	if ! [[ -x $venv/bin/python ]] || ! check_venv; then
		echo "bench: setting up $venv with pyspark[connect]==4.1.* ..." >&2
		mkdir -p "$cache"
		[[ -x $venv/bin/python ]] || "$py" -m venv "$venv"
		# pip honours PIP_FIND_LINKS, PIP_INDEX_URL... from the environment.
		"$venv/bin/python" -m pip install --quiet 'pyspark[connect]==4.1.*' >&2
		check_venv || die "the venv at $venv lacks pyspark 4.1 or one of pandas, pyarrow, numpy, grpcio, grpcio-status, googleapis-common-protos, zstandard after pip install"
	fi
	vpy=$venv/bin/python
}
