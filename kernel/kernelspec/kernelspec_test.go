package kernelspec

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/internal/jupytertest"
)

// fakeExe creates a stand-in for the sparkgo-kernel binary, since Install
// refuses to name a file that does not exist.
func fakeExe(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sparkgo-kernel")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func readSpec(t *testing.T, dir string) Spec {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, KernelJSON))
	if err != nil {
		t.Fatal(err)
	}
	var s Spec
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("kernel.json: %v\n%s", err, b)
	}
	return s
}

func TestInstallPrefix(t *testing.T) {
	exe := fakeExe(t)
	prefix := t.TempDir()
	opts := Options{Prefix: prefix, Executable: exe, Env: map[string]string{"SPARK_REMOTE": "sc://localhost"}}
	dir, err := Install(opts)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(prefix, "share", "jupyter", "kernels", "sparkgo"); dir != want {
		t.Errorf("dir = %s, want %s", dir, want)
	}
	got := readSpec(t, dir)
	want := Spec{
		Argv:                  []string{exe, "kernel", "--connection-file", "{connection_file}"},
		DisplayName:           "Go (sparkgo)",
		Language:              "go",
		InterruptMode:         "message",
		KernelProtocolVersion: "5.4",
		Env:                   map[string]string{"SPARK_REMOTE": "sc://localhost"},
		Metadata:              map[string]any{"debugger": false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("kernel.json = %+v\nwant %+v", got, want)
	}
	for name, size := range map[string]int{Logo32: 32, Logo64: 64} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("%s is %v, want %dx%d", name, b, size, size)
		}
		// The corners are transparent (rounded), the middle is opaque.
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("%s: corner alpha %d, want 0", name, a)
		}
		if _, _, _, a := img.At(size/2, size/2).RGBA(); a != 0xffff {
			t.Errorf("%s: centre alpha %d, want opaque", name, a)
		}
	}
	svg, err := os.ReadFile(filepath.Join(dir, LogoSVG))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(svg, new(struct{})); err != nil {
		t.Errorf("logo-svg.svg is not XML: %v", err)
	}

	// Installing again overwrites in place.
	opts.DisplayName = "Go 2"
	if _, err := Install(opts); err != nil {
		t.Fatal(err)
	}
	if s := readSpec(t, dir); s.DisplayName != "Go 2" {
		t.Errorf("reinstall kept display name %q", s.DisplayName)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}

	if d, err := Uninstall(opts); err != nil || d != dir {
		t.Fatalf("Uninstall = %q, %v", d, err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s still exists after Uninstall", dir)
	}
	_, err = Uninstall(opts)
	if err == nil || !strings.Contains(err.Error(), "not installed in "+dir) {
		t.Errorf("second Uninstall: %v, want an error naming %s", err, dir)
	}
}

func TestUserDataDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("JUPYTER_DATA_DIR", "")
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("APPDATA", filepath.Join(home, "AppData"))
	want := filepath.Join(home, ".local", "share", "jupyter")
	switch runtime.GOOS {
	case "darwin":
		want = filepath.Join(home, "Library", "Jupyter")
	case "windows":
		want = filepath.Join(home, "AppData", "jupyter")
	}
	if got, err := DataDir(Options{}); err != nil || got != want {
		t.Errorf("DataDir() = %q, %v; want %q", got, err, want)
	}
	if got, _ := DataDir(Options{User: true}); got != want {
		t.Errorf("DataDir(User) = %q, want %q", got, want)
	}
	jd := filepath.Join(home, "jd")
	t.Setenv("JUPYTER_DATA_DIR", jd)
	if got, _ := DataDir(Options{}); got != jd {
		t.Errorf("with JUPYTER_DATA_DIR: %q, want %q", got, jd)
	}
}

func TestXDGDataHome(t *testing.T) {
	if runtime.GOOS != "darwin" && runtime.GOOS != "windows" {
		t.Setenv("JUPYTER_DATA_DIR", "")
		x := t.TempDir()
		t.Setenv("XDG_DATA_HOME", x)
		if got, _ := DataDir(Options{}); got != filepath.Join(x, "jupyter") {
			t.Errorf("with XDG_DATA_HOME: %q", got)
		}
	}
}

func TestSysPrefix(t *testing.T) {
	t.Setenv("VIRTUAL_ENV", "")
	t.Setenv("CONDA_PREFIX", "")
	_, err := DataDir(Options{SysPrefix: true})
	if err == nil || !strings.Contains(err.Error(), "--user") || !strings.Contains(err.Error(), "--prefix") {
		t.Errorf("no environment: %v, want an error suggesting --user or --prefix", err)
	}
	conda := t.TempDir()
	t.Setenv("CONDA_PREFIX", conda)
	if got, _ := DataDir(Options{SysPrefix: true}); got != filepath.Join(conda, "share", "jupyter") {
		t.Errorf("conda: %q", got)
	}
	venv := t.TempDir()
	t.Setenv("VIRTUAL_ENV", venv)
	if got, _ := DataDir(Options{SysPrefix: true}); got != filepath.Join(venv, "share", "jupyter") {
		t.Errorf("venv wins over conda: %q", got)
	}
	if _, err := DataDir(Options{SysPrefix: true, Prefix: "x"}); err == nil {
		t.Error("two scopes accepted")
	}
}

func TestNames(t *testing.T) {
	exe := fakeExe(t)
	prefix := t.TempDir()
	for _, bad := range []string{"go kernel", "../x", "a/b", "..", "é"} {
		_, err := Install(Options{Name: bad, Prefix: prefix, Executable: exe})
		if err == nil || !strings.Contains(err.Error(), "invalid kernel name") {
			t.Errorf("Name %q: %v", bad, err)
		}
	}
	dir, err := Install(Options{Name: "SparkGo-1.2_x", Prefix: prefix, Executable: exe})
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(dir) != "sparkgo-1.2_x" {
		t.Errorf("dir %s: want the lower-cased name", dir)
	}
}

func TestExecutable(t *testing.T) {
	if _, err := Install(Options{Prefix: t.TempDir(), Executable: filepath.Join(t.TempDir(), "missing")}); err == nil {
		t.Error("missing executable accepted")
	}
	// The default is the running binary (here the test binary), absolute
	// and with symlinks resolved.
	exe, err := executable("")
	if err != nil {
		t.Fatal(err)
	}
	self, _ := os.Executable()
	self, _ = filepath.EvalSymlinks(self)
	if !filepath.IsAbs(exe) || exe != self {
		t.Errorf("executable() = %q, want %q", exe, self)
	}
	// An explicit relative path becomes absolute but keeps its symlink.
	dir := t.TempDir()
	target := fakeExe(t)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	t.Chdir(dir)
	got, err := executable("link")
	if err != nil || got != link {
		t.Errorf("executable(link) = %q, %v; want %q", got, err, link)
	}
}

func TestUninstallHint(t *testing.T) {
	exe := fakeExe(t)
	t.Setenv("JUPYTER_DATA_DIR", t.TempDir())
	userDir, err := Install(Options{Executable: exe})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Uninstall(Options{Prefix: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), userDir) {
		t.Errorf("Uninstall from the wrong scope: %v, want a hint naming %s", err, userDir)
	}
}

// TestJupyterLists installs into a user data directory and into a prefix
// and asks jupyter_client itself which kernels it sees and what they say.
func TestJupyterLists(t *testing.T) {
	python := jupytertest.Python(t)
	exe := fakeExe(t)
	home := t.TempDir()
	data := filepath.Join(home, "data")
	prefix := filepath.Join(home, "prefix")
	t.Setenv("JUPYTER_DATA_DIR", data)
	if _, err := Install(Options{Executable: exe, Env: map[string]string{"A": "1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := Install(Options{Executable: exe, Prefix: prefix, Name: "sparkgo-prefix", DisplayName: "Go (prefix)"}); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "-m", "jupyter_client.kernelspecapp", "list", "--json")
	cmd.Env = append(os.Environ(),
		"HOME="+home,
		"JUPYTER_DATA_DIR="+data,
		"JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(home, "config"),
	)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("jupyter kernelspec list: %v\n%s", err, stderr.String())
	}
	var listed struct {
		Kernelspecs map[string]struct {
			ResourceDir string `json:"resource_dir"`
			Spec        struct {
				Argv          []string          `json:"argv"`
				DisplayName   string            `json:"display_name"`
				Language      string            `json:"language"`
				InterruptMode string            `json:"interrupt_mode"`
				Env           map[string]string `json:"env"`
				Metadata      map[string]any    `json:"metadata"`
			} `json:"spec"`
		} `json:"kernelspecs"`
	}
	if err := json.Unmarshal(out, &listed); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for name, want := range map[string]struct{ dir, display string }{
		"sparkgo":        {filepath.Join(data, "kernels", "sparkgo"), "Go (sparkgo)"},
		"sparkgo-prefix": {filepath.Join(prefix, "share", "jupyter", "kernels", "sparkgo-prefix"), "Go (prefix)"},
	} {
		ks, ok := listed.Kernelspecs[name]
		if !ok {
			t.Errorf("jupyter does not list %q:\n%s", name, out)
			continue
		}
		if ks.ResourceDir != want.dir {
			t.Errorf("%s: resource_dir %s, want %s", name, ks.ResourceDir, want.dir)
		}
		s := ks.Spec
		if !reflect.DeepEqual(s.Argv, []string{exe, "kernel", "--connection-file", "{connection_file}"}) {
			t.Errorf("%s: argv %q", name, s.Argv)
		}
		if s.Language != "go" || s.DisplayName != want.display || s.InterruptMode != "message" {
			t.Errorf("%s: language %q, display_name %q, interrupt_mode %q", name, s.Language, s.DisplayName, s.InterruptMode)
		}
		if s.Metadata["debugger"] != false {
			t.Errorf("%s: metadata %v", name, s.Metadata)
		}
	}
	if env := listed.Kernelspecs["sparkgo"].Spec.Env; env["A"] != "1" {
		t.Errorf("env %v", env)
	}
}
