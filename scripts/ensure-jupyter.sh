#!/usr/bin/env bash
# Creates, or reuses, a Python virtualenv holding the Jupyter client-side
# packages that the kernel's integration tests drive (jupyter_client,
# jupyter_kernel_test, nbclient, nbformat, ipykernel), and prints the path of
# that venv's python on stdout. Everything else goes to stderr.
#
# The venv lives outside the clone, in ${SPARKGO_CACHE:-$HOME/.cache/sparkgo}/jupyter-venv,
# so it survives fresh clones. A stamp file records the package list; the
# venv is rebuilt when the list changes or an import fails.
#
# Needs python3 with the venv module (scripts/ensure-deps.sh installs it).
# Set SPARKGO_PYTHON to choose the interpreter that creates the venv.
set -euo pipefail

log() { printf 'ensure-jupyter: %s\n' "$*" >&2; }

cache="${SPARKGO_CACHE:-$HOME/.cache/sparkgo}"
venv="$cache/jupyter-venv"
py="$venv/bin/python"
# PyPI names. Bump the stamp (the list) to force a reinstall.
pkgs=(jupyter_client jupyter_kernel_test nbclient nbformat ipykernel)
stamp="$venv/.sparkgo-stamp"
want="v1 ${pkgs[*]}"

check() {
	[ -x "$py" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
		"$py" -c 'import jupyter_client, jupyter_kernel_test, nbclient, nbformat, ipykernel' >/dev/null 2>&1
}

if check; then
	echo "$py"
	exit 0
fi

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
exec 9>"$cache/jupyter-venv.lock"
if command -v flock >/dev/null 2>&1; then
	flock 9
fi
if check; then
	echo "$py"
	exit 0
fi

log "creating $venv with $base (first run takes a minute)"
rm -rf "$venv"
"$base" -m venv "$venv" >&2
"$py" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
"$py" -m pip install --quiet --disable-pip-version-check "${pkgs[@]}" >&2
"$py" -c 'import jupyter_client, jupyter_kernel_test, nbclient, nbformat, ipykernel' >&2
echo "$want" >"$stamp"
log "ready: $py"
echo "$py"
