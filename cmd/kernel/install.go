package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sparkgo/sparkgo/kernel/kernelspec"
)

// envFlags collects repeated --env K=V flags.
type envFlags map[string]string

func (e envFlags) String() string { return fmt.Sprint(map[string]string(e)) }

func (e envFlags) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("--env wants KEY=VALUE, got %q", s)
	}
	e[k] = v
	return nil
}

// specFlags parses the flags install and uninstall share.
func specFlags(name string, args []string, stderr io.Writer, withInstallFlags bool) (kernelspec.Options, bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts kernelspec.Options
	fs.BoolVar(&opts.User, "user", false, "the Jupyter user data directory (the default)")
	fs.BoolVar(&opts.SysPrefix, "sys-prefix", false, "the active Python environment ($VIRTUAL_ENV or $CONDA_PREFIX)")
	fs.StringVar(&opts.Prefix, "prefix", "", "install under DIR/share/jupyter/kernels")
	fs.StringVar(&opts.Name, "name", kernelspec.DefaultName, "kernelspec name")
	env := envFlags{}
	if withInstallFlags {
		fs.StringVar(&opts.DisplayName, "display-name", kernelspec.DefaultDisplayName, "name shown in the launcher")
		fs.Var(env, "env", "KEY=VALUE set in the kernel's environment (repeatable), e.g. SPARK_REMOTE=sc://host:15002")
		fs.StringVar(&opts.Executable, "executable", "", "the sparkgo-kernel binary Jupyter runs (default: this one)")
	}
	if err := fs.Parse(args); err != nil {
		return opts, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", name, fs.Arg(0))
		return opts, false
	}
	if len(env) > 0 {
		opts.Env = env
	}
	return opts, true
}

// runInstall is `sparkgo-kernel install`: write the kernelspec.
func runInstall(args []string, stdout, stderr io.Writer) int {
	opts, ok := specFlags("install", args, stderr, true)
	if !ok {
		return exitUsage
	}
	dir, err := kernelspec.Install(opts)
	if err != nil {
		fmt.Fprintln(stderr, "sparkgo-kernel install:", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "Installed kernelspec %s in %s\n", kernelspecName(opts), dir)
	return exitOK
}

// runUninstall is `sparkgo-kernel uninstall`: remove the kernelspec.
func runUninstall(args []string, stdout, stderr io.Writer) int {
	opts, ok := specFlags("uninstall", args, stderr, false)
	if !ok {
		return exitUsage
	}
	dir, err := kernelspec.Uninstall(opts)
	if err != nil {
		fmt.Fprintln(stderr, "sparkgo-kernel uninstall:", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "Removed kernelspec %s from %s\n", kernelspecName(opts), dir)
	return exitOK
}

func kernelspecName(opts kernelspec.Options) string {
	if opts.Name == "" {
		return kernelspec.DefaultName
	}
	return strings.ToLower(opts.Name)
}
