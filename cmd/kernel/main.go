// Command sparkgo-kernel is the sparkgo Jupyter kernel and its helper
// commands:
//
//	sparkgo-kernel kernel --connection-file FILE   (what Jupyter runs; see package kernel)
//	sparkgo-kernel install [--user|--sys-prefix|--prefix DIR] [--name N] [--display-name D] [--env K=V]
//	sparkgo-kernel uninstall [--user|--sys-prefix|--prefix DIR] [--name N]
//	sparkgo-kernel run NOTEBOOK.ipynb [-o OUT.ipynb] [--html OUT.html] [--keep-going]
//	sparkgo-kernel run SCRIPT.go
//
// The service commands manage local Spark Connect servers (see package
// github.com/sparkgo/sparkgo/connect/local):
//
//	sparkgo-kernel service install [--version 4.1]
//	sparkgo-kernel service start   [--version 4.1] [--port 15002] [--spark-home DIR] [--java-home DIR] [--driver-memory 2g] [--timeout 2m]
//	sparkgo-kernel service stop    [--port 15002]
//	sparkgo-kernel service status  [--port 15002]
//	sparkgo-kernel service logs    [--port 15002] [-n 50]
//	sparkgo-kernel service list
//
// Exit codes: 0 success; 1 failure; 2 usage error; 3 `service status` found
// no running service; 4 `run` ran a cell or script that failed.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "devel"

// Exit codes.
const (
	exitOK         = 0
	exitFailure    = 1
	exitUsage      = 2
	exitNotRunning = 3
)

func main() {
	// SIGINT interrupts a kernel's running cell (see runKernel) instead of
	// ending the kernel; for the other commands it cancels them.
	signals := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if len(os.Args) > 1 && os.Args[1] == "kernel" {
		signals = signals[1:]
	}
	ctx, stop := signal.NotifyContext(context.Background(), signals...)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usageText = `usage: sparkgo-kernel <command> [arguments]

commands:
  kernel --connection-file FILE
        serve a Jupyter kernel (the command a kernelspec runs)
  install [--user|--sys-prefix|--prefix DIR] [--name sparkgo] [--display-name NAME] [--env KEY=VALUE]
        write the Jupyter kernelspec
  uninstall [--user|--sys-prefix|--prefix DIR] [--name sparkgo]
        remove the kernelspec
  run NOTEBOOK.ipynb [-o OUT.ipynb] [--html OUT.html] [--keep-going]
        execute a notebook headlessly (in place without -o); exit 4 when a cell fails
  run SCRIPT.go
        run a Go script (cell code, or a main package) against Spark
  service install [--version 4.1]
        install a managed Spark (pyspark in a virtualenv) under the sparkgo cache
  service start [--version V] [--port N] [--spark-home DIR] [--java-home DIR] [--driver-memory 2g] [--timeout D]
        start a local Spark Connect server on 127.0.0.1 and print its sc:// URL
  service stop [--port N]
        stop the local Spark Connect server on a port
  service status [--port N]
        show version, port, pid, uptime and URL of the server on a port
  service logs [--port N] [-n LINES]
        print the last lines of the server's log
  service list
        show all known local servers
  version
        print the version

The default port is 15002 and the default Spark version 4.1.
`

func usage(w io.Writer) {
	fmt.Fprint(w, usageText)
}

// run executes the command line args and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "service":
		return runService(ctx, args[1:], stdout, stderr)
	case "kernel":
		return runKernel(ctx, args[1:], stderr)
	case "install":
		return runInstall(args[1:], stdout, stderr)
	case "uninstall":
		return runUninstall(args[1:], stdout, stderr)
	case "run":
		return runRun(ctx, args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "sparkgo-kernel", version)
		return exitOK
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	default:
		fmt.Fprintf(stderr, "sparkgo-kernel: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
}
