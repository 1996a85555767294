package connect_test

import (
	"os"
	"testing"

	"github.com/sparkgo/sparkgo/internal/sparktest"
)

// TestMain runs the package's tests against a real Spark Connect server.
func TestMain(m *testing.M) { os.Exit(sparktest.Main(m)) }
