//go:build unix

package kernel_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/connect/local"
	"github.com/sparkgo/sparkgo/internal/jupytertest"
)

// jcKernelName is the name of the kernelspec the Python tests start.
const jcKernelName = "sparkgo-test"

// jcPythonTimeout bounds one test_*.py file; the whole suite takes well under
// three minutes on a warm machine.
const jcPythonTimeout = 4 * time.Minute

// TestJupyterClients drives the real sparkgo-kernel binary with the real
// Jupyter client libraries: jupyter_kernel_test's conformance suite,
// jupyter_client for what that suite leaves out (Spark, interrupt, stdin,
// comms, restart, malformed messages) and nbclient for whole notebooks. The
// Python side lives in testdata/jupyter; each test_*.py file runs as a
// subtest, with its unittest output in the log.
//
// The kernel gets a real Spark Connect server: the one in SPARK_REMOTE (as
// `make test` provides) or else the local service, started on demand as
// package internal/sparktest does. Python comes from
// scripts/ensure-jupyter.sh. When either is missing the test fails; it never
// skips, except under -short.
func TestJupyterClients(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the kernel, Spark and Python; skipped under -short")
	}
	python := jupytertest.Python(t)
	remote := jcSparkRemote(t)
	tmp := t.TempDir()
	bin := jcBuildKernel(t, tmp)
	history := filepath.Join(tmp, "history.jsonl")
	jupyterPath := jcWriteKernelspec(t, tmp, bin, map[string]string{
		connect.RemoteEnv: remote,
		"SPARKGO_HISTORY": history,
	})

	files, err := filepath.Glob(filepath.Join("testdata", "jupyter", "test_*.py"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/jupyter/test_*.py files")
	}
	sort.Strings(files)
	notebooks := []string{
		jcAbs(t, filepath.Join("..", "testdata", "notebooks")),
		jcAbs(t, filepath.Join("testdata", "jupyter", "notebooks")),
	}
	env := append(os.Environ(),
		"JUPYTER_PATH="+jupyterPath,
		// Connection files and runtime state stay in the test's directory.
		"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "runtime"),
		"JUPYTER_PLATFORM_DIRS=1",
		"PYTHONUNBUFFERED=1",
		"PYTHONDONTWRITEBYTECODE=1",
		"SPARKGO_TEST_KERNEL="+jcKernelName,
		"SPARKGO_TEST_NOTEBOOK_DIRS="+strings.Join(notebooks, string(os.PathListSeparator)),
	)

	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".py")
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			ctx, cancel := context.WithTimeout(context.Background(), jcPythonTimeout)
			defer cancel()
			var out bytes.Buffer
			cmd := exec.CommandContext(ctx, python, "-m", "unittest", "-v", filepath.Base(f))
			cmd.Dir = filepath.Dir(f)
			cmd.Env = env
			cmd.Stdout = &out
			cmd.Stderr = &out
			// On timeout, have Python dump its threads' stacks (see
			// kernelharness.py), then kill its process group.
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			cmd.Cancel = func() error {
				_ = cmd.Process.Signal(syscall.SIGUSR1)
				time.Sleep(time.Second)
				return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			}
			cmd.WaitDelay = 10 * time.Second
			err := cmd.Run()
			t.Logf("python -m unittest -v %s (%s):\n%s", filepath.Base(f), time.Since(start).Round(time.Millisecond), jcCompactLog(out.String()))
			if pids := jcRunningKernels(bin); len(pids) > 0 {
				jcKillAll(pids)
				t.Errorf("%s left kernel processes running: %v", f, pids)
			}
			if n := jcDataRaces(out.String()); n > 0 {
				t.Errorf("the kernel reported %d data races (see the log above)", n)
			}
			switch {
			case ctx.Err() != nil:
				t.Errorf("%s did not finish within %s (Python's stacks are in the log above)", f, jcPythonTimeout)
			case err != nil:
				t.Errorf("%s failed: %v (the unittest output is above)", f, err)
			}
		})
	}
}

// jcDataRaces counts the race detector's reports in the kernel's output,
// leaving out the one the detector cannot follow: a cell run (or compiled)
// after an interrupted one "races" with the interrupted cell's yaegi
// goroutine, which has finished (the engine waits for it by watching
// goroutine stacks, which gives the detector no happens-before edge). Such
// a report names that goroutine as finished and created by
// EvalWithContext; any other report counts.
func jcDataRaces(out string) int {
	n := 0
	reports := strings.Split(out, "WARNING: DATA RACE")
	for _, r := range reports[1:] {
		if end := strings.Index(r, "=================="); end >= 0 {
			r = r[:end]
		}
		finishedEval := regexp.MustCompile(`Goroutine \d+ \(finished\) created at:\s+github\.com/traefik/yaegi/interp\.\(\*Interpreter\)\.EvalWithContext\(\)`)
		if finishedEval.MatchString(r) {
			continue
		}
		n++
	}
	return n
}

// jcCompactLog replaces the kernel's log lines about dropped messages (the
// fuzz test sends thousands) by a count.
func jcCompactLog(s string) string {
	var b strings.Builder
	dropped := 0
	flush := func() {
		if dropped > 0 {
			fmt.Fprintf(&b, "[%d kernel log lines \"dropped incoming message\" left out]\n", dropped)
			dropped = 0
		}
	}
	for _, line := range strings.SplitAfter(s, "\n") {
		if strings.Contains(line, `msg="dropped incoming message"`) {
			dropped++
			continue
		}
		flush()
		b.WriteString(line)
	}
	flush()
	return b.String()
}

var (
	jcSparkOnce   sync.Once
	jcSparkURL    string
	jcSparkErr    error
	jcSparkWaited time.Duration
)

// jcSparkRemote returns the Spark Connect URL for the kernel: SPARK_REMOTE,
// or else the local service on its default port, started (and installed)
// when needed and left running for the next test binary, as
// internal/sparktest does. (This package has no TestMain, so that the
// kernel package's other tests are free to declare theirs.)
func jcSparkRemote(t *testing.T) string {
	t.Helper()
	jcSparkOnce.Do(func() {
		start := time.Now()
		defer func() { jcSparkWaited = time.Since(start) }()
		if r := os.Getenv(connect.RemoteEnv); r != "" {
			jcSparkURL = r
		} else {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			svc, err := local.Ensure(ctx, local.Options{Progress: os.Stderr})
			if err != nil {
				jcSparkErr = fmt.Errorf("%s is not set and the local service did not start: %w", connect.RemoteEnv, err)
				return
			}
			jcSparkURL = svc.URL
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		s, err := connect.Connect(ctx, jcSparkURL)
		if err != nil {
			jcSparkErr = fmt.Errorf("connecting to Spark at %s: %w", jcSparkURL, err)
			return
		}
		s.Close()
	})
	if jcSparkErr != nil {
		t.Fatalf("no Spark Connect server for the kernel: %v", jcSparkErr)
	}
	t.Logf("Spark Connect server: %s (ready after %s)", jcSparkURL, jcSparkWaited.Round(time.Millisecond))
	return jcSparkURL
}

// jcBuildKernel builds cmd/kernel into dir.
func jcBuildKernel(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "sparkgo-kernel")
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the kernel: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := []string{"build", "-o", bin}
	if jcRaceEnabled() {
		// Under go test -race the kernel is built with the race detector
		// too: its reports end up in the log, and fail the test.
		args = append(args, "-race")
	}
	cmd := exec.CommandContext(ctx, goTool, append(args, "./cmd/kernel")...)
	cmd.Dir = ".."
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(cmd.Args[1:], " "), err, out)
	}
	t.Logf("go %s (%s)", strings.Join(cmd.Args[1:], " "), time.Since(start).Round(time.Millisecond))
	return bin
}

// jcRaceEnabled reports whether this test binary was built with -race.
func jcRaceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// jcWriteKernelspec writes share/jupyter/kernels/<jcKernelName>/kernel.json
// under dir and returns the JUPYTER_PATH that finds it.
func jcWriteKernelspec(t *testing.T, dir, bin string, env map[string]string) string {
	t.Helper()
	spec := map[string]any{
		"argv":           []string{bin, "kernel", "--connection-file", "{connection_file}"},
		"display_name":   "sparkgo test",
		"language":       "go",
		"interrupt_mode": "message",
		"env":            env,
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	share := filepath.Join(dir, "share", "jupyter")
	specDir := filepath.Join(share, "kernels", jcKernelName)
	if err := os.MkdirAll(specDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(specDir, "kernel.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return share
}

// jcRunningKernels lists the processes running bin (Linux only; elsewhere
// it finds none).
func jcRunningKernels(bin string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	if resolved, err := filepath.EvalSymlinks(bin); err == nil {
		bin = resolved
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err == nil && exe == bin {
			pids = append(pids, pid)
		}
	}
	return pids
}

// jcKillAll kills the given processes: kernels this test started (through
// jupyter_client) that outlived their Python test.
func jcKillAll(pids []int) {
	for _, pid := range pids {
		if p, err := os.FindProcess(pid); err == nil {
			_ = p.Kill()
		}
	}
}

func jcAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
