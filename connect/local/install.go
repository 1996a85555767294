package local

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Install makes sure a managed Spark of opts.Version (DefaultVersion when
// empty) exists in <cache>/spark/<major.minor>/ and returns it. A valid
// existing install is returned at once, without network access. Otherwise
// Install creates a Python virtualenv there (uv venv when uv is on PATH,
// else python3 -m venv) and installs the pyspark wheel, which bundles the
// Spark jars and the Connect server, with `uv pip install` or `pip install
// 'pyspark==<major.minor>.*'` (an exact pin when opts.Version has a patch
// number). The tools' output streams to opts.Progress. A failed install is
// removed. Concurrent calls, also from other processes, are serialized by a
// file lock; only opts.Version and opts.Progress are used.
func Install(ctx context.Context, opts Options) (*Spark, error) {
	version := opts.installVersion()
	mm, _, err := majorMinor(version)
	if err != nil {
		return nil, err
	}
	dir, err := ManagedDir(version)
	if err != nil {
		return nil, err
	}
	if sp, ok := existingManaged(dir, version); ok {
		return sp, nil
	}
	release, err := lockPath(ctx, filepath.Join(filepath.Dir(dir), mm+".lock"))
	if err != nil {
		return nil, err
	}
	defer release()
	// Another process may have finished the install while we waited.
	if sp, ok := existingManaged(dir, version); ok {
		return sp, nil
	}

	out := &tailWriter{w: opts.progress(), max: 8 << 10}
	spec := "pyspark==" + mm + ".*"
	if version != mm {
		spec = "pyspark==" + version
	}
	fmt.Fprintf(out, "sparkgo: installing Spark %s (%s) into %s\n", version, spec, dir)

	created := false
	py := venvPython(dir)
	uv, uvErr := exec.LookPath("uv")
	if _, err := os.Stat(py); err != nil {
		// No usable virtualenv: start from scratch.
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("local: removing incomplete install %s: %w", dir, err)
		}
		created = true
		var cmd *exec.Cmd
		if uvErr == nil {
			cmd = exec.CommandContext(ctx, uv, "venv", dir)
		} else {
			sysPy, err := findPython()
			if err != nil {
				return nil, fmt.Errorf("local: installing Spark needs python3 (3.10 or newer) on PATH, or uv: %w", err)
			}
			cmd = exec.CommandContext(ctx, sysPy, "-m", "venv", dir)
		}
		if err := runTo(cmd, out); err != nil {
			os.RemoveAll(dir)
			return nil, installError("creating the virtualenv", cmd, err, out)
		}
	}

	var cmd *exec.Cmd
	if uvErr == nil {
		cmd = exec.CommandContext(ctx, uv, "pip", "install", "--python", py, spec)
	} else {
		cmd = exec.CommandContext(ctx, py, "-m", "pip", "install", "--disable-pip-version-check", spec)
	}
	if err := runTo(cmd, out); err != nil {
		if created {
			os.RemoveAll(dir)
		}
		return nil, installError("installing pyspark", cmd, err, out)
	}
	sp, ok := existingManaged(dir, version)
	if !ok {
		_, _, err := venvSparkHome(dir)
		return nil, fmt.Errorf("local: pyspark installed into %s but it is not a usable Spark %s: %w", dir, version, err)
	}
	fmt.Fprintf(out, "sparkgo: Spark %s installed, SPARK_HOME=%s\n", sp.Version, sp.Home)
	return sp, nil
}

func existingManaged(dir, version string) (*Spark, bool) {
	home, v, err := venvSparkHome(dir)
	if err != nil || !versionMatches(version, v) {
		return nil, false
	}
	return &Spark{Home: home, Version: v, Source: "managed"}, true
}

func venvPython(venv string) string {
	if runtime.GOOS == "windows" {
		return filepath.Join(venv, "Scripts", "python.exe")
	}
	return filepath.Join(venv, "bin", "python")
}

func runTo(cmd *exec.Cmd, w io.Writer) error {
	fmt.Fprintf(w, "$ %s\n", strings.Join(cmd.Args, " "))
	cmd.Stdout = w
	cmd.Stderr = w
	return cmd.Run()
}

func installError(step string, cmd *exec.Cmd, err error, out *tailWriter) error {
	var output string
	if t := out.tail(); t != "" {
		output = "\noutput:\n" + t
	}
	return fmt.Errorf("local: %s failed (%s): %w%s\n(check network access to PyPI and that python3 is 3.10 or newer, or set SPARK_HOME to an existing Spark 4.x)",
		step, strings.Join(cmd.Args, " "), err, output)
}

// tailWriter forwards writes to w and keeps the last max bytes.
type tailWriter struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
	max int
}

func (t *tailWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = t.buf[len(t.buf)-t.max:]
	}
	return t.w.Write(p)
}

func (t *tailWriter) tail() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return lastLinesRaw(string(t.buf), 15)
}

func lastLinesRaw(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
