// Package sparktest gives tests a real Spark Connect server: the one named
// by SPARK_REMOTE (as `make test` provides), or else a local service that it
// starts for the test binary and stops afterwards. When no server can be
// had, the test binary fails loudly; it never skips.
package sparktest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/connect/local"
)

// Main runs the tests of a package that needs Spark; call it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(sparktest.Main(m)) }
//
// It makes sure SPARK_REMOTE names a live server for the tests.
func Main(m *testing.M) int {
	stop, err := ensureServer()
	if err != nil {
		fmt.Fprintf(os.Stderr, "sparktest: no Spark Connect server for the tests: %v\n", err)
		return 1
	}
	defer stop()
	return m.Run()
}

// Session opens a session on the test server and closes it when t ends.
func Session(t testing.TB) *connect.Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := connect.Connect(ctx, "")
	if err != nil {
		t.Fatalf("connecting to the test server: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// ensureServer checks SPARK_REMOTE, or else starts (or reuses) the local
// service on its default port and points SPARK_REMOTE at it. A service it
// starts is left running for the next test binary, as `make test` stops it.
func ensureServer() (stop func(), err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if os.Getenv(connect.RemoteEnv) == "" {
		svc, err := local.Ensure(ctx, local.Options{Progress: os.Stderr})
		if err != nil {
			return nil, fmt.Errorf("%s is not set and the local service did not start: %w", connect.RemoteEnv, err)
		}
		if !svc.Reused {
			fmt.Fprintf(os.Stderr, "sparktest: started Spark %s at %s (stop it with: sparkgo-kernel service stop --port %d)\n", svc.Version, svc.URL, svc.Port)
		}
		os.Setenv(connect.RemoteEnv, svc.URL)
	}
	s, err := connect.Connect(ctx, "")
	if err != nil {
		return nil, err
	}
	s.Close()
	return func() {}, nil
}
