//go:build linux

package kernel_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/connect"
)

// TestJupyterLab is the kernel as a person meets it: JupyterLab (from the
// venv of scripts/ensure-lab.sh) in headless Chromium (driven by
// playwright-core from kernel/testdata/lab/run_notebook.js) opens
// testdata/notebooks/quickstart.ipynb with the sparkgo kernel built from
// cmd/kernel, runs all cells from the Run menu against the Spark Connect
// server of SPARK_REMOTE (which TestMain sets), and must show every cell
// executed, no error, and the kernel's HTML tables. The screenshot goes to
// $SPARKGO_ARTIFACTS (default <repo>/.artifacts)/jupyterlab-quickstart.png.
//
// It needs python3 with venv and Chromium (SPARKGO_CHROMIUM, default
// /usr/bin/chromium), which scripts/ensure-deps.sh installs, and node with
// npm. It fails, never skips, when one is missing; like TestJupyterClients it is skipped under
// -short only.
func TestJupyterLab(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the kernel, Spark, JupyterLab and Chromium; skipped under -short")
	}
	root := labRepoRoot(t)
	chromiumPath := os.Getenv("SPARKGO_CHROMIUM")
	if chromiumPath == "" {
		chromiumPath = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium not found at %s (run scripts/ensure-deps.sh, or set SPARKGO_CHROMIUM): %v", chromiumPath, err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node not found (run scripts/ensure-deps.sh): %v", err)
	}
	remote := labSparkRemote(t)
	jupyterLab, nodePath := labEnsure(t, root)

	tmp := t.TempDir()
	dir := func(name string) string {
		d := filepath.Join(tmp, name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	binDir, jupyterPath, configDir, runtimeDir, dataDir := dir("bin"), dir("jupyter-path"), dir("config"), dir("runtime"), dir("data")
	settingsDir, workspacesDir, notebooks := dir("user-settings"), dir("workspaces"), dir("notebooks")

	// The kernel, built from this tree.
	kernelBin := filepath.Join(binDir, "sparkgo-kernel")
	build := exec.Command("go", "build", "-o", kernelBin, "./cmd/kernel")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/kernel: %v\n%s", err, out)
	}

	// Its kernelspec, named sparkgo as the notebook's metadata says.
	spec := map[string]any{
		"argv":           []string{kernelBin, "kernel", "--connection-file", "{connection_file}"},
		"display_name":   "Go (sparkgo)",
		"language":       "go",
		"interrupt_mode": "message",
	}
	labWriteJSON(t, filepath.Join(dir("jupyter-path/kernels/sparkgo"), "kernel.json"), spec)

	// JupyterLab's configuration: the app exposed to the page (the script
	// reads the notebook model), no news, no update checks, no
	// announcements toast, and every cell rendered (no windowing), so that
	// the DOM holds all outputs.
	labConfig := `c.LabApp.expose_app_in_browser = True
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.user_settings_dir = ` + strconv.Quote(settingsDir) + `
c.LabApp.workspaces_dir = ` + strconv.Quote(workspacesDir) + `
c.ServerApp.open_browser = False
`
	if err := os.WriteFile(filepath.Join(configDir, "jupyter_lab_config.py"), []byte(labConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	labWriteJSON(t, filepath.Join(dir("config/labconfig"), "page_config.json"), map[string]any{
		"disabledExtensions": map[string]bool{"@jupyterlab/apputils-extension:announcements": true},
	})
	labWriteJSON(t, filepath.Join(dir("user-settings/@jupyterlab/notebook-extension"), "tracker.jupyterlab-settings"),
		map[string]any{"windowingMode": "none"})
	labWriteJSON(t, filepath.Join(dir("user-settings/@jupyterlab/apputils-extension"), "notification.jupyterlab-settings"),
		map[string]any{"fetchNews": "false", "checkForUpdates": false})

	nb, err := os.ReadFile(filepath.Join(root, "testdata", "notebooks", "quickstart.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notebooks, "quickstart.ipynb"), nb, 0o644); err != nil {
		t.Fatal(err)
	}

	// JupyterLab, on 127.0.0.1 only, with a random token.
	port := labFreePort(t)
	token := labRandomHex(t, 24)
	labLog := filepath.Join(tmp, "jupyter-lab.log")
	logFile, err := os.Create(labLog)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	lab := exec.Command(jupyterLab,
		"--no-browser",
		"--allow-root", // a no-op unless root, which CI is
		"--ServerApp.ip=127.0.0.1",
		"--ServerApp.port="+strconv.Itoa(port),
		"--ServerApp.port_retries=0",
		"--IdentityProvider.token="+token, // ServerApp.token is deprecated
		"--ServerApp.root_dir="+notebooks,
	)
	lab.Dir = notebooks
	lab.Env = append(labEnviron(os.Environ()),
		"JUPYTER_PATH="+jupyterPath,
		"JUPYTER_CONFIG_DIR="+configDir,
		"JUPYTER_RUNTIME_DIR="+runtimeDir,
		"JUPYTER_DATA_DIR="+dataDir,
		"JUPYTER_PLATFORM_DIRS=1",
		connect.RemoteEnv+"="+remote,
		"SPARKGO_HISTORY=-",
	)
	lab.Stdout, lab.Stderr = logFile, logFile
	// Pdeathsig: a test binary killed by -timeout runs no defers; JupyterLab
	// then still gets SIGTERM, and shuts its kernels down.
	lab.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := lab.Start(); err != nil {
		t.Fatalf("starting %s: %v", jupyterLab, err)
	}
	// labDone is closed when JupyterLab has exited, with labErr set.
	labDone := make(chan struct{})
	var labErr error
	go func() { labErr = lab.Wait(); close(labDone) }()
	// Stop JupyterLab (which shuts its kernels down) on every way out, then
	// kill whatever of this test still runs: the kernel (its argv names the
	// binary in tmp) and Chromium (its argv carries the marker below).
	marker := "--sparkgo-lab-test=" + token
	defer func() {
		labStopGroup(t, lab.Process.Pid, labDone, 15*time.Second)
		labKillMarked(t, kernelBin)
		labKillMarked(t, marker)
		if t.Failed() {
			t.Logf("jupyter lab log (%s):\n%s", labLog, labTail(labLog, 80))
		}
	}()

	base := "http://127.0.0.1:" + strconv.Itoa(port)
	labWait(t, base, token, labDone, &labErr, 90*time.Second)
	t.Logf("JupyterLab %s ready at %s", labVersion(t, base, token), base)

	// The browser.
	artifacts := os.Getenv("SPARKGO_ARTIFACTS")
	if artifacts == "" {
		artifacts = filepath.Join(root, ".artifacts")
	}
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(artifacts, "jupyterlab-quickstart.png")
	_ = os.Remove(shot)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	script := filepath.Join(root, "kernel", "testdata", "lab", "run_notebook.js")
	run := exec.CommandContext(ctx, node, script,
		"--base", base, "--token", token, "--notebook", "quickstart.ipynb",
		"--screenshot", shot, "--chromium", chromiumPath, "--marker", marker,
		"--timeout-ms", "180000")
	run.Env = append(os.Environ(), "NODE_PATH="+nodePath)
	run.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	// On the context's end, SIGTERM lets playwright close Chromium.
	run.Cancel = func() error { return syscall.Kill(-run.Process.Pid, syscall.SIGTERM) }
	run.WaitDelay = 10 * time.Second
	var stdout bytes.Buffer
	run.Stdout = &stdout
	run.Stderr = &labLogWriter{t: t}
	start := time.Now()
	err = run.Run()
	if err != nil {
		t.Fatalf("run_notebook.js: %v (after %v)\nstdout: %s", err, time.Since(start).Round(time.Millisecond), stdout.String())
	}
	var sum labSummary
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		t.Fatalf("reading run_notebook.js's summary: %v\n%s", err, stdout.String())
	}
	t.Logf("notebook ran in the browser in %v", time.Since(start).Round(time.Millisecond))
	labCheckScreenshot(t, shot)
	labCheckNotebook(t, &sum)
}

// labSummary is the JSON that run_notebook.js prints.
type labSummary struct {
	TimedOut     bool     `json:"timedOut"`
	KernelDialog *string  `json:"kernelDialog"`
	Console      []string `json:"console"`
	PageErrors   []string `json:"pageErrors"`
	Notebook     struct {
		Ready               bool   `json:"ready"`
		Why                 string `json:"why"`
		KernelName          string `json:"kernelName"`
		KernelStatus        string `json:"kernelStatus"`
		KernelDisplayStatus string `json:"kernelDisplayStatus"`
		Cells               []struct {
			Index          int    `json:"index"`
			Type           string `json:"type"`
			Source         string `json:"source"`
			ExecutionCount *int   `json:"executionCount"`
			Outputs        []struct {
				OutputType string   `json:"outputType"`
				Name       string   `json:"name"`
				Text       string   `json:"text"`
				Ename      string   `json:"ename"`
				Evalue     string   `json:"evalue"`
				Traceback  string   `json:"traceback"`
				MimeTypes  []string `json:"mimeTypes"`
				HTML       string   `json:"html"`
			} `json:"outputs"`
		} `json:"cells"`
	} `json:"notebook"`
	DOM struct {
		Cells []struct {
			Index   int    `json:"index"`
			Prompt  string `json:"prompt"`
			Outputs []struct {
				Mime    string `json:"mime"`
				Classes string `json:"classes"`
				Text    string `json:"text"`
			} `json:"outputs"`
			SparkgoTables []struct {
				Rows    int    `json:"rows"`
				Text    string `json:"text"`
				Visible bool   `json:"visible"`
			} `json:"sparkgoTables"`
			SparkgoErrors []string `json:"sparkgoErrors"`
		} `json:"cells"`
		Dialogs []string `json:"dialogs"`
	} `json:"dom"`
}

func labCheckNotebook(t *testing.T, s *labSummary) {
	t.Helper()
	nb := &s.Notebook
	describe := func() string {
		var b strings.Builder
		for _, c := range nb.Cells {
			if c.Type != "code" {
				continue
			}
			n := "null"
			if c.ExecutionCount != nil {
				n = strconv.Itoa(*c.ExecutionCount)
			}
			fmt.Fprintf(&b, "cell %d [%s] %q\n", c.Index, n, labFirstLine(c.Source))
			for _, o := range c.Outputs {
				fmt.Fprintf(&b, "  %s %s %v %s%s%s\n", o.OutputType, o.Name, o.MimeTypes, labClip(o.Text, 300), labClip(o.Evalue, 300), labClip(o.Traceback, 600))
			}
		}
		return b.String()
	}
	if !nb.Ready {
		t.Fatalf("no notebook state: %s", nb.Why)
	}
	if s.KernelDialog != nil {
		t.Logf("a kernel dialog came up and was answered: %s", labClip(*s.KernelDialog, 300))
	}
	if len(s.PageErrors) > 0 {
		t.Logf("page errors: %q", s.PageErrors)
	}
	if nb.KernelName != "sparkgo" {
		t.Errorf("kernel %q, want sparkgo", nb.KernelName)
	}
	if s.TimedOut {
		t.Fatalf("the cells did not all run within 3 minutes with the kernel idle after (kernel %s):\n%s", nb.KernelStatus, describe())
	}
	if nb.KernelStatus != "idle" {
		t.Errorf("kernel status %q after the run, want idle", nb.KernelStatus)
	}
	code := 0
	for _, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		code++
		if c.ExecutionCount == nil || *c.ExecutionCount <= 0 {
			t.Errorf("cell %d (%q) has no execution count", c.Index, labFirstLine(c.Source))
		}
		if len(c.Outputs) == 0 {
			t.Errorf("cell %d (%q) has no output", c.Index, labFirstLine(c.Source))
		}
		for _, o := range c.Outputs {
			switch {
			case o.OutputType == "error":
				t.Errorf("cell %d (%q) failed: %s: %s\n%s", c.Index, labFirstLine(c.Source), o.Ename, o.Evalue, o.Traceback)
			case o.OutputType == "stream" && o.Name == "stderr":
				t.Logf("cell %d (%q) wrote to stderr: %s", c.Index, labFirstLine(c.Source), labClip(o.Text, 500))
				if labContainsAny(o.Text, "Traceback", "panic:", "goroutine ") {
					t.Errorf("cell %d (%q) wrote a traceback to stderr: %s", c.Index, labFirstLine(c.Source), o.Text)
				}
			case strings.Contains(o.HTML, `class="sparkgo sg-error"`):
				t.Errorf("cell %d (%q) shows an error: %s", c.Index, labFirstLine(c.Source), labClip(o.HTML, 1000))
			}
		}
	}
	if code != 8 {
		t.Errorf("%d code cells, want the 8 of quickstart.ipynb", code)
	}

	// The rendered page: no error output, tables where the cells return
	// DataFrames or run SQL.
	if len(s.DOM.Cells) != code {
		t.Errorf("%d code cells rendered, want %d", len(s.DOM.Cells), code)
	}
	for _, c := range s.DOM.Cells {
		for _, o := range c.Outputs {
			if o.Mime == "application/vnd.jupyter.stderr" && labContainsAny(o.Text, "Traceback", "panic:", "Error") {
				t.Errorf("cell %d renders an error: %s", c.Index, labClip(o.Text, 1000))
			}
		}
		for _, e := range c.SparkgoErrors {
			t.Errorf("cell %d renders a sparkgo error: %s", c.Index, labClip(e, 1000))
		}
	}
	if len(s.DOM.Dialogs) > 0 {
		t.Errorf("dialogs left open: %q", s.DOM.Dialogs)
	}
	cell := func(substr string) int {
		for _, c := range nb.Cells {
			if c.Type == "code" && strings.Contains(c.Source, substr) {
				return c.Index
			}
		}
		t.Fatalf("no code cell contains %q", substr)
		return -1
	}
	domCell := func(index int) int {
		for i, c := range s.DOM.Cells {
			if c.Index == index {
				return i
			}
		}
		t.Fatalf("cell %d is not rendered", index)
		return -1
	}
	// The summarise cell: a rendered sparkgo table with the manual cars' mean.
	sum := cell(`GroupBy("am")`)
	tables := s.DOM.Cells[domCell(sum)].SparkgoTables
	switch {
	case len(tables) == 0:
		t.Errorf("the summarise cell (%d) renders no sparkgo table", sum)
	case !tables[0].Visible:
		t.Errorf("the summarise cell's table is not visible")
	case tables[0].Rows != 2 || !strings.Contains(tables[0].Text, "24.4") || !strings.Contains(tables[0].Text, "17.1"):
		t.Errorf("the summarise cell's table has %d rows, want 2 with mpg 17.1 and 24.4: %s", tables[0].Rows, tables[0].Text)
	}
	// The data cell, the %sql cell, the filter cell and the predictions
	// show tables too.
	for _, want := range []struct {
		src  string
		rows int
		text string
	}{
		{"datasets.CopyMtcars", 0, "mpg"},
		{"%sql", 3, "cyl"},
		{"heavy :=", 0, "Cadillac Fleetwood"},
		{"fit.Predict", 6, "22.6"},
	} {
		i := cell(want.src)
		tables := s.DOM.Cells[domCell(i)].SparkgoTables
		if len(tables) == 0 {
			t.Errorf("cell %d (%q) renders no sparkgo table", i, want.src)
			continue
		}
		if want.rows > 0 && tables[0].Rows != want.rows {
			t.Errorf("cell %d (%q): table of %d rows, want %d", i, want.src, tables[0].Rows, want.rows)
		}
		if !strings.Contains(tables[0].Text, want.text) {
			t.Errorf("cell %d (%q): table without %q: %s", i, want.src, want.text, labClip(tables[0].Text, 500))
		}
	}
	if t.Failed() {
		t.Logf("cells:\n%s", describe())
	}
}

func labCheckScreenshot(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("the screenshot %s is not a PNG", path)
	}
	if fi.Size() <= 20<<10 {
		t.Errorf("the screenshot %s has %d bytes, want more than 20 KB", path, fi.Size())
	}
	t.Logf("screenshot: %s (%d KB)", path, fi.Size()>>10)
}

// labSparkRemote returns SPARK_REMOTE, which TestMain (internal/sparktest)
// points at a live server before the tests run.
func labSparkRemote(t *testing.T) string {
	t.Helper()
	r := os.Getenv(connect.RemoteEnv)
	if r == "" {
		t.Fatalf("%s is not set: TestMain (internal/sparktest) should have set it", connect.RemoteEnv)
	}
	return r
}

// labEnsure runs scripts/ensure-lab.sh and returns its JUPYTER and
// NODE_PATH.
func labEnsure(t *testing.T, root string) (jupyterLab, nodePath string) {
	t.Helper()
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "ensure-lab.sh"))
	cmd.Stderr = &labLogWriter{t: t}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("scripts/ensure-lab.sh: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		switch k {
		case "JUPYTER":
			jupyterLab = v
		case "NODE_PATH":
			nodePath = v
		}
	}
	if jupyterLab == "" || nodePath == "" {
		t.Fatalf("scripts/ensure-lab.sh printed no JUPYTER= and NODE_PATH= lines: %q", out)
	}
	return jupyterLab, nodePath
}

// labEnviron drops the variables that would point JupyterLab at the user's own
// Jupyter set-up or at another Python.
func labEnviron(env []string) []string {
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "JUPYTER") || k == "PYTHONPATH" || k == "PYTHONHOME" || k == "VIRTUAL_ENV" {
			continue
		}
		out = append(out, kv)
	}
	return out
}

func labWait(t *testing.T, base, token string, done <-chan struct{}, doneErr *error, timeout time.Duration) {
	t.Helper()
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(timeout)
	for {
		select {
		case <-done:
			t.Fatalf("jupyter lab exited before it answered: %v", *doneErr)
		default:
		}
		req, _ := http.NewRequest("GET", base+"/api/status", nil)
		req.Header.Set("Authorization", "token "+token)
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("jupyter lab did not answer /api/status within %v: %v", timeout, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func labVersion(t *testing.T, base, token string) string {
	req, _ := http.NewRequest("GET", base+"/api", nil)
	req.Header.Set("Authorization", "token "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "?"
	}
	defer resp.Body.Close()
	var v struct {
		Version string `json:"version"`
	}
	if json.NewDecoder(resp.Body).Decode(&v) != nil {
		return "?"
	}
	return "(server " + v.Version + ")"
}

// labStopGroup sends SIGTERM to the process group of pid, waits up to grace
// for the process to end, then sends SIGKILL.
func labStopGroup(t *testing.T, pid int, done <-chan struct{}, grace time.Duration) {
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(grace):
		t.Logf("process group %d ignored SIGTERM for %v; killing it", pid, grace)
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-done
	}
}

// labKillMarked kills the processes (other than this one) whose command line
// contains marker, a string unique to this test run.
func labKillMarked(t *testing.T, marker string) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	self := os.Getpid()
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || !bytes.Contains(b, []byte(marker)) {
			continue
		}
		t.Logf("killing leftover process %d: %s", pid, labClip(strings.ReplaceAll(string(b), "\x00", " "), 200))
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

func labRepoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

func labFreePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func labRandomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func labWriteJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func labTail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func labFirstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func labClip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func labContainsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// labLogWriter logs each line written to it with t.Log.
type labLogWriter struct {
	t   *testing.T
	buf []byte
}

func (w *labLogWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		w.t.Log(string(w.buf[:i]))
		w.buf = w.buf[i+1:]
	}
	return len(p), nil
}

var _ io.Writer = (*labLogWriter)(nil)
