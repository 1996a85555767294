package connect_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/sparkgo/sparkgo/connect"

	"github.com/sparkgo/sparkgo/internal/sparktest"
)

// TestMain runs the package's tests against a real Spark Connect server.
func TestMain(m *testing.M) { os.Exit(sparktest.Main(m)) }

// serverAtLeast reports whether the test server runs Spark major.minor or
// newer, for features that appeared in later 4.x releases.
func serverAtLeast(t *testing.T, s *connect.Session, major, minor int) bool {
	t.Helper()
	v, err := s.SparkVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var maj, min int
	if _, err := fmt.Sscanf(v, "%d.%d", &maj, &min); err != nil {
		t.Fatalf("server version %q: %v", v, err)
	}
	return maj > major || (maj == major && min >= minor)
}
