// Package kernelspec installs and removes the Jupyter kernelspec that lets
// Jupyter, VS Code and nbclient start sparkgo-kernel: a directory named after
// the kernel holding kernel.json and the logos, under one of Jupyter's data
// directories (share/jupyter/kernels/NAME).
package kernelspec

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
)

// Defaults used when [Options] leaves a field empty.
const (
	DefaultName        = "sparkgo"
	DefaultDisplayName = "Go (sparkgo)"
)

// Options chooses where the kernelspec goes and what it says. At most one
// of User, SysPrefix and Prefix may be set; with none, User is assumed,
// which is what `jupyter kernelspec install --user` does.
type Options struct {
	// Name is the kernelspec's directory name, the name notebooks record in
	// metadata.kernelspec.name. Default "sparkgo". Jupyter lower-cases
	// kernel names when it lists them, so Install does too.
	Name string
	// DisplayName is what the launcher and the kernel picker show.
	// Default "Go (sparkgo)".
	DisplayName string
	// User installs into the Jupyter user data directory.
	User bool
	// SysPrefix installs into the active Python environment ($VIRTUAL_ENV or
	// $CONDA_PREFIX), so that the kernel is seen by that environment's
	// Jupyter only.
	SysPrefix bool
	// Prefix installs into DIR/share/jupyter/kernels/NAME, for packaging and
	// for Jupyter installs found through JUPYTER_PATH.
	Prefix string
	// Env is kernel.json's "env": variables Jupyter sets when it starts the
	// kernel (SPARK_REMOTE, for instance).
	Env map[string]string
	// Executable is the sparkgo-kernel binary Jupyter runs. Default: the
	// running program, made absolute with symlinks resolved, so that the
	// spec keeps working when the command was found through PATH.
	Executable string
}

// Spec is the content of kernel.json, as Jupyter's kernelspec documentation
// describes it.
type Spec struct {
	Argv                  []string          `json:"argv"`
	DisplayName           string            `json:"display_name"`
	Language              string            `json:"language"`
	InterruptMode         string            `json:"interrupt_mode"`
	KernelProtocolVersion string            `json:"kernel_protocol_version"`
	Env                   map[string]string `json:"env"`
	Metadata              map[string]any    `json:"metadata"`
}

// ProtocolVersion is the messaging protocol version the spec declares: the
// version jupyter_client itself speaks, and the lowest at which
// jupyter_kernel_test tolerates additive message fields.
const ProtocolVersion = "5.4"

// Files written into the kernelspec directory. Uninstall removes the whole
// directory, as `jupyter kernelspec remove` does.
const (
	KernelJSON = "kernel.json"
	Logo32     = "logo-32x32.png"
	Logo64     = "logo-64x64.png"
	LogoSVG    = "logo-svg.svg"
)

var validName = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// Install writes the kernelspec and returns its directory. An existing
// kernelspec of the same name in the same place is overwritten, so running
// install again after upgrading sparkgo-kernel repairs a stale path.
func Install(opts Options) (dir string, err error) {
	dir, err = kernelDir(opts)
	if err != nil {
		return "", err
	}
	exe, err := executable(opts.Executable)
	if err != nil {
		return "", err
	}
	spec := MakeSpec(exe, opts)
	data, err := json.MarshalIndent(spec, "", " ")
	if err != nil {
		return "", err
	}
	files := []struct {
		name string
		data func() ([]byte, error)
	}{
		{KernelJSON, func() ([]byte, error) { return append(data, '\n'), nil }},
		{Logo32, func() ([]byte, error) { return logoPNG(32) }},
		{Logo64, func() ([]byte, error) { return logoPNG(64) }},
		{LogoSVG, func() ([]byte, error) { return logoSVG(), nil }},
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	for _, f := range files {
		b, err := f.data()
		if err != nil {
			return "", fmt.Errorf("kernelspec: %s: %w", f.name, err)
		}
		if err := writeFile(filepath.Join(dir, f.name), b); err != nil {
			return "", fmt.Errorf("kernelspec: %w", err)
		}
	}
	return dir, nil
}

// MakeSpec returns the kernel.json content for the binary exe; Install
// writes it. Exported so that a `--check` command can compare an installed
// spec with what Install would write.
func MakeSpec(exe string, opts Options) Spec {
	display := opts.DisplayName
	if display == "" {
		display = DefaultDisplayName
	}
	env := opts.Env
	if env == nil {
		env = map[string]string{}
	}
	return Spec{
		Argv:          []string{exe, "kernel", "--connection-file", "{connection_file}"},
		DisplayName:   display,
		Language:      "go",
		InterruptMode: "message",
		// Declared so that clients send interrupt_request instead of
		// SIGINT, which would otherwise kill a Go process that has not yet
		// installed its handler.
		KernelProtocolVersion: ProtocolVersion,
		Env:                   env,
		Metadata:              map[string]any{"debugger": false},
	}
}

// Uninstall removes the kernelspec directory and returns it. It fails when
// no kernelspec of that name is installed in the chosen place, naming where
// it looked and, when it finds one, the other place that holds it.
func Uninstall(opts Options) (dir string, err error) {
	dir, err = kernelDir(opts)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(dir, KernelJSON)); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("kernelspec: %w", err)
		}
		msg := fmt.Sprintf("kernelspec: %q is not installed in %s", filepath.Base(dir), dir)
		if elsewhere := findElsewhere(opts, dir); elsewhere != "" {
			msg += " (there is one in " + elsewhere + "; choose its scope with --user, --sys-prefix or --prefix)"
		}
		return "", errors.New(msg)
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	return dir, nil
}

// DataDir returns the Jupyter data directory (a share/jupyter directory)
// that opts selects; kernelspecs live in its kernels subdirectory.
func DataDir(opts Options) (string, error) {
	n := 0
	for _, set := range []bool{opts.User, opts.SysPrefix, opts.Prefix != ""} {
		if set {
			n++
		}
	}
	if n > 1 {
		return "", errors.New("kernelspec: choose only one of --user, --sys-prefix and --prefix")
	}
	switch {
	case opts.Prefix != "":
		p, err := filepath.Abs(opts.Prefix)
		if err != nil {
			return "", fmt.Errorf("kernelspec: prefix: %w", err)
		}
		return filepath.Join(p, "share", "jupyter"), nil
	case opts.SysPrefix:
		for _, v := range []string{"VIRTUAL_ENV", "CONDA_PREFIX"} {
			if p := os.Getenv(v); p != "" {
				return filepath.Join(p, "share", "jupyter"), nil
			}
		}
		return "", errors.New("kernelspec: --sys-prefix needs an active Python environment, but neither $VIRTUAL_ENV nor $CONDA_PREFIX is set; activate one, or use --user or --prefix DIR")
	}
	return userDataDir()
}

// userDataDir follows jupyter_core's jupyter_data_dir, so that the spec
// lands where `jupyter kernelspec list` looks.
func userDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return filepath.Abs(d)
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("APPDATA"); d != "" {
			return filepath.Join(d, "jupyter"), nil
		}
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("kernelspec: %w", err)
		}
		return filepath.Join(home, "Library", "Jupyter"), nil
	default:
		if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "jupyter"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	if runtime.GOOS == "windows" {
		// jupyter_core's own fallback when APPDATA is missing.
		return filepath.Join(home, ".jupyter", "data"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// kernelDir validates the name and returns DataDir/kernels/NAME.
func kernelDir(opts Options) (string, error) {
	name := opts.Name
	if name == "" {
		name = DefaultName
	}
	if !validName.MatchString(name) || name == "." || name == ".." {
		return "", fmt.Errorf("kernelspec: invalid kernel name %q: use letters, digits, '.', '_' and '-' only", name)
	}
	data, err := DataDir(opts)
	if err != nil {
		return "", err
	}
	return filepath.Join(data, "kernels", strings.ToLower(name)), nil
}

// findElsewhere looks for the kernelspec in the other scopes, to turn
// "not installed" into an actionable message.
func findElsewhere(opts Options, looked string) string {
	var scopes []Options
	for _, o := range []Options{{User: true}, {SysPrefix: true}} {
		o.Name = opts.Name
		scopes = append(scopes, o)
	}
	for _, o := range scopes {
		d, err := kernelDir(o)
		if err != nil || d == looked {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, KernelJSON)); err == nil {
			return d
		}
	}
	return ""
}

// executable resolves the binary kernel.json will name. An explicit path is
// only made absolute, so that a deliberate symlink (a version-independent
// /usr/local/bin entry, say) survives upgrades.
func executable(path string) (string, error) {
	if path != "" {
		abs, err := filepath.Abs(path)
		if err != nil {
			return "", fmt.Errorf("kernelspec: executable: %w", err)
		}
		if _, err := os.Stat(abs); err != nil {
			return "", fmt.Errorf("kernelspec: executable: %w", err)
		}
		return abs, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("kernelspec: cannot find the running executable (%w); pass its path explicitly", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	exe, err = filepath.Abs(exe)
	if err != nil {
		return "", fmt.Errorf("kernelspec: executable: %w", err)
	}
	// `go run` builds into a temporary go-build directory that is deleted
	// when it exits; a spec naming it would break on first use.
	if slices.Contains(strings.Split(filepath.ToSlash(exe), "/"), "exe") && strings.Contains(exe, "go-build") {
		return "", fmt.Errorf("kernelspec: %s is a temporary `go run` binary; `go install` sparkgo-kernel first or pass the executable's path", exe)
	}
	return exe, nil
}

// writeFile replaces name atomically, so that a Jupyter starting a kernel
// meanwhile never reads a half-written kernel.json.
func writeFile(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
