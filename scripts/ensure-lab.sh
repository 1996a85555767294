#!/usr/bin/env bash
# Creates, or reuses, what the JupyterLab browser test of the kernel
# (kernel/lab_test.go, TestJupyterLab) needs besides Chromium:
#
#   - a Python virtualenv with JupyterLab, in ${cache}/lab-venv
#   - an npm prefix with playwright-core (which drives the system Chromium;
#     it downloads no browser), in ${cache}/lab-node
#
# where cache is ${SPARKGO_CACHE:-$HOME/.cache/sparkgo}, outside the clone,
# so both survive fresh clones. Stamp files record the pinned versions; each
# part is rebuilt when its pin changes or its check fails.
#
# On success it prints exactly two lines on stdout, everything else going to
# stderr:
#
#   JUPYTER=<path of the venv's jupyter-lab>
#   NODE_PATH=<node_modules directory that holds playwright-core>
#
# so that `eval "$(scripts/ensure-lab.sh)"` sets both variables.
#
# Needs python3 with the venv module, and node and npm (scripts/ensure-deps.sh
# installs them). Set SPARKGO_PYTHON to choose the interpreter that creates
# the venv.
set -euo pipefail

log() { printf 'ensure-lab: %s\n' "$*" >&2; }

cache="${SPARKGO_CACHE:-$HOME/.cache/sparkgo}"

# Pins. Bump one to force a reinstall of its part.
jupyterlab_version=4.6.6
playwright_version=1.65.1

venv="$cache/lab-venv"
py="$venv/bin/python"
lab="$venv/bin/jupyter-lab"
venv_stamp="$venv/.sparkgo-stamp"
venv_want="v1 jupyterlab==$jupyterlab_version"

prefix="$cache/lab-node"
node_path="$prefix/node_modules"
node_stamp="$prefix/.sparkgo-stamp"
node_want="v1 playwright-core@$playwright_version"

check_venv() {
	[ -x "$py" ] && [ -x "$lab" ] && [ -f "$venv_stamp" ] && [ "$(cat "$venv_stamp")" = "$venv_want" ] &&
		"$py" -c "import importlib.metadata as m, sys; sys.exit(m.version('jupyterlab') != '$jupyterlab_version')" >/dev/null 2>&1
}

check_node() {
	[ -f "$node_stamp" ] && [ "$(cat "$node_stamp")" = "$node_want" ] &&
		NODE_PATH="$node_path" node -e 'require("playwright-core")' >/dev/null 2>&1
}

report() {
	echo "JUPYTER=$lab"
	echo "NODE_PATH=$node_path"
}

if check_venv && check_node; then
	report
	exit 0
fi

command -v node >/dev/null 2>&1 || { log "node not found: run scripts/ensure-deps.sh or install Node.js 18+"; exit 1; }
command -v npm >/dev/null 2>&1 || { log "npm not found: run scripts/ensure-deps.sh or install npm"; exit 1; }
base="${SPARKGO_PYTHON:-}"
if [ -z "$base" ]; then
	base="$(command -v python3 || true)"
fi
if [ -z "$base" ]; then
	log "python3 not found: run scripts/ensure-deps.sh or install Python 3.9+"
	exit 1
fi

mkdir -p "$cache"
# Serialise concurrent runs (parallel go test processes) on one lock.
exec 9>"$cache/lab.lock"
if command -v flock >/dev/null 2>&1; then
	flock 9
fi

if ! check_venv; then
	log "creating $venv with $base and jupyterlab==$jupyterlab_version (first run takes a minute)"
	rm -rf "$venv"
	"$base" -m venv "$venv" >&2
	"$py" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
	"$py" -m pip install --quiet --disable-pip-version-check "jupyterlab==$jupyterlab_version" >&2
	"$py" -c 'import jupyterlab, jupyter_server' >&2
	echo "$venv_want" >"$venv_stamp"
	log "ready: $lab"
fi

if ! check_node; then
	log "installing playwright-core@$playwright_version into $prefix"
	rm -rf "$prefix"
	mkdir -p "$prefix"
	# A package.json of its own keeps npm from walking up to another project.
	printf '{"name":"sparkgo-lab","private":true}\n' >"$prefix/package.json"
	# playwright-core has no install script and downloads no browser; the
	# environment variable is belt and braces.
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
		--save-exact "playwright-core@$playwright_version" >&2
	NODE_PATH="$node_path" node -e 'require("playwright-core")' >&2
	echo "$node_want" >"$node_stamp"
	log "ready: $node_path/playwright-core"
fi

report
