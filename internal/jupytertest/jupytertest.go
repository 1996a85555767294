// Package jupytertest gives tests the Python that drives real Jupyter
// clients: the cached virtualenv of scripts/ensure-jupyter.sh, holding
// jupyter_client, jupyter_kernel_test, nbclient, nbformat and ipykernel.
package jupytertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	once   sync.Once
	python string
	failed string
)

// Python returns the virtualenv's python, creating the virtualenv on first
// use (about a minute). A machine that cannot provide it fails the test: a
// test that needs Jupyter is the point, not something to skip.
func Python(t testing.TB) string {
	t.Helper()
	once.Do(func() { python, failed = ensure() })
	if failed != "" {
		t.Fatal(failed)
	}
	return python
}

func ensure() (string, string) {
	root, err := RepoRoot()
	if err != nil {
		return "", err.Error()
	}
	script := filepath.Join(root, "scripts", "ensure-jupyter.sh")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "bash", script)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", "cannot get a Python with the Jupyter clients from " + script + ": " + err.Error() + "\n" + stderr.String()
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1], ""
}

// RepoRoot returns the directory holding go.mod, found from the working
// directory up (tests run in their package's directory).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
