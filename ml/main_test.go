package ml_test

import (
	"os"
	"testing"

	"github.com/sparkgo/sparkgo/internal/sparktest"
)

func TestMain(m *testing.M) { os.Exit(sparktest.Main(m)) }
