package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/sparkgo/sparkgo/connect/local"
)

// These tests need no Spark: they cover dispatch, usage errors and the
// service commands on a port where nothing runs. The real server lifecycle
// is tested in package connect/local.
func TestRun(t *testing.T) {
	t.Setenv(local.CacheEnv, t.TempDir())
	const port = "15198"
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{args: nil, code: exitUsage, stderr: "usage: sparkgo-kernel"},
		{args: []string{"nope"}, code: exitUsage, stderr: `unknown command "nope"`},
		{args: []string{"run"}, code: exitUsage, stderr: "usage: sparkgo-kernel run NOTEBOOK.ipynb"},
		{args: []string{"run", "a.ipynb", "b.ipynb"}, code: exitUsage, stderr: "one notebook or script at a time"},
		{args: []string{"run", "/nonexistent/nb.ipynb"}, code: exitFailure, stderr: "no such file"},
		{args: []string{"install", "--bogus"}, code: exitUsage, stderr: "flag provided but not defined"},
		{args: []string{"install", "--env", "NOEQUALS"}, code: exitUsage, stderr: "--env wants KEY=VALUE"},
		{args: []string{"uninstall", "--prefix", "/nonexistent/prefix"}, code: exitFailure, stderr: "not installed"},
		{args: []string{"kernel"}, code: exitUsage, stderr: "usage:"},
		{args: []string{"kernel", "--connection-file", "/nonexistent/c.json"}, code: exitFailure, stderr: "no such file"},
		{args: []string{"help"}, code: exitOK, stdout: "service start"},
		{args: []string{"version"}, code: exitOK, stdout: "sparkgo-kernel devel"},
		{args: []string{"service"}, code: exitUsage, stderr: "needs an action"},
		{args: []string{"service", "restart"}, code: exitUsage, stderr: `unknown service action "restart"`},
		{args: []string{"service", "start", "--bogus"}, code: exitUsage, stderr: "flag provided but not defined"},
		{args: []string{"service", "stop", "--port", port, "extra"}, code: exitUsage, stderr: "unexpected arguments"},
		{args: []string{"service", "status", "--port", port}, code: exitNotRunning, stdout: "not running (no sparkgo service on port " + port},
		{args: []string{"service", "stop", "--port", port}, code: exitOK, stderr: "service not running"},
		{args: []string{"service", "logs", "--port", port}, code: exitFailure, stderr: "no log for port " + port},
		{args: []string{"service", "list"}, code: exitOK, stderr: "no known Spark Connect services"},
		{args: []string{"service", "start", "--port", port, "--spark-home", "/nonexistent/spark"}, code: exitFailure, stderr: "invalid spark home"},
		{args: []string{"service", "start", "--port", port, "--driver-memory", "lots"}, code: exitFailure, stderr: `invalid driver memory "lots"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("run(%q) = %d, want %d\nstdout: %s\nstderr: %s", tt.args, code, tt.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("run(%q) stdout = %q, want it to contain %q", tt.args, stdout.String(), tt.stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("run(%q) stderr = %q, want it to contain %q", tt.args, stderr.String(), tt.stderr)
			}
		})
	}
}
