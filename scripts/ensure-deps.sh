#!/usr/bin/env bash
# Installs what sparkgo's build, demo and tests need and the machine lacks:
# a JDK 17+ (Debian's openjdk-17) for the local Spark Connect server,
# Python's venv module for the managed pyspark install, and Chromium for
# the browser tests of display/. Go must already be
# installed. Everything downloaded is cached outside the clone
# (~/.cache/sparkgo), by `sparkgo-kernel service install`.
set -euo pipefail

log() { printf 'ensure-deps: %s\n' "$*" >&2; }

need_apt=()

java_major() {
	local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
	command -v "$java" >/dev/null 2>&1 || { echo 0; return; }
	"$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n1
}
if [ "$(java_major)" -lt 17 ] 2>/dev/null || [ -z "$(java_major)" ]; then
	log "no Java 17+ found: installing Debian's openjdk-17-jdk-headless"
	need_apt+=(openjdk-17-jdk-headless)
fi

# display's tests render HTML in headless Chromium; the kernel's JupyterLab
# test drives it with playwright-core, which needs Node.js and npm.
if ! command -v chromium >/dev/null 2>&1; then
	need_apt+=(chromium)
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	need_apt+=(nodejs npm)
fi

if ! command -v python3 >/dev/null 2>&1; then
	need_apt+=(python3 python3-venv python3-pip)
elif ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
	need_apt+=(python3-venv)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
	if ! command -v apt-get >/dev/null 2>&1; then
		log "missing: ${need_apt[*]}; install them with your package manager"
		exit 1
	fi
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
	log "installed ${need_apt[*]}"
fi

command -v go >/dev/null 2>&1 || { log "Go is not installed: get Go 1.26 from https://go.dev/dl/"; exit 1; }
