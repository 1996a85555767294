package local

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Errors returned by this package wrap them, so test with
// errors.Is; the messages themselves say what to do.
var (
	// ErrJavaNotFound means no java executable was found.
	ErrJavaNotFound = errors.New("local: java not found")
	// ErrJavaTooOld means the Java runtime is older than the Spark version
	// requires (Java 17 for Spark 4.x).
	ErrJavaTooOld = errors.New("local: java too old")
	// ErrSparkNotFound means no Spark home was found (no SPARK_HOME, no
	// managed install, no pyspark).
	ErrSparkNotFound = errors.New("local: spark not found")
	// ErrInvalidSparkHome means a directory given as a Spark home lacks
	// bin/spark-submit or jars/spark-connect_2.13-*.jar.
	ErrInvalidSparkHome = errors.New("local: invalid spark home")
	// ErrPortInUse means the port is taken by a process that is not a live
	// service managed by this package.
	ErrPortInUse = errors.New("local: port in use")
	// ErrNotRunning means no service managed by this package runs on the
	// port. Stop returns it (wrapped) when there is nothing to stop; callers
	// usually treat it as success.
	ErrNotRunning = errors.New("local: service not running")
	// ErrStartFailed means the server process was launched but did not become
	// ready: it exited, timed out or the context was cancelled. The error is a
	// *StartError carrying the last log lines.
	ErrStartFailed = errors.New("local: spark connect server failed to start")
)

// StartError describes a server that was launched but did not become ready.
// It wraps ErrStartFailed and the underlying cause.
type StartError struct {
	// Port is the port the server was started on.
	Port int
	// Reason says what happened, such as "the server exited with exit
	// status 1" or "the server did not answer within 2m0s".
	Reason string
	// LogPath is the server's log file.
	LogPath string
	// LogTail holds the last lines of the log (about 20).
	LogTail []string
	// Err is the underlying cause, if any (an *exec.ExitError, a context
	// error, the last probe error).
	Err error
}

// Error returns the reason followed by the last log lines.
func (e *StartError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "local: spark connect server on port %d failed to start: %s", e.Port, e.Reason)
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	if len(e.LogTail) > 0 {
		fmt.Fprintf(&b, "\nlast %d lines of %s:\n", len(e.LogTail), e.LogPath)
		for _, l := range e.LogTail {
			b.WriteString("  ")
			b.WriteString(l)
			b.WriteByte('\n')
		}
	} else if e.LogPath != "" {
		fmt.Fprintf(&b, "\n(the log %s is empty)", e.LogPath)
	}
	return strings.TrimRight(b.String(), "\n")
}

// Unwrap returns ErrStartFailed and the underlying cause.
func (e *StartError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrStartFailed, e.Err}
	}
	return []error{ErrStartFailed}
}
