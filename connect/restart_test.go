package connect_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/connect/local"
)

// TestServerRestartIsReportedAsReset restarts a private server under a live
// session: the next call must say the session was reset, and Reconnect must
// give a working session without the old temporary views.
func TestServerRestartIsReportedAsReset(t *testing.T) {
	if testing.Short() {
		t.Skip("starts its own Spark server twice")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	const port = 15160
	opts := local.Options{Port: port, DriverMemory: "1g"}
	svc, err := local.Start(ctx, opts)
	if err != nil {
		t.Fatalf("starting a private Spark server: %v", err)
	}
	t.Cleanup(func() { local.Stop(context.Background(), port) })

	s, err := connect.Connect(ctx, svc.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.SQLRelation(ctx, "CREATE TEMP VIEW before_restart AS SELECT 1 AS x"); err != nil {
		t.Fatal(err)
	}
	oldServerSession := s.ServerSessionID()

	if err := local.Stop(ctx, port); err != nil {
		t.Fatal(err)
	}
	if _, err := local.Start(ctx, opts); err != nil {
		t.Fatalf("restarting the private Spark server: %v", err)
	}

	_, err = s.SQL(ctx, "SELECT * FROM before_restart")
	if !errors.Is(err, connect.ErrSessionReset) {
		t.Fatalf("query after a server restart = %v, want ErrSessionReset", err)
	}
	if !strings.Contains(err.Error(), "the Spark session was reset: temporary views and cached data are gone") {
		t.Errorf("error text = %q", err)
	}

	if err := s.Reconnect(ctx); err != nil {
		t.Fatalf("Reconnect: %v", err)
	}
	if s.ServerSessionID() == oldServerSession || s.ServerSessionID() == "" {
		t.Errorf("server session after Reconnect = %q, old %q", s.ServerSessionID(), oldServerSession)
	}
	_, err = s.SQL(ctx, "SELECT * FROM before_restart")
	var se *connect.SparkError
	if !errors.As(err, &se) || se.ErrorClass != "TABLE_OR_VIEW_NOT_FOUND" {
		t.Errorf("old view after Reconnect = %v, want TABLE_OR_VIEW_NOT_FOUND", err)
	}
	rows, err := s.SQL(ctx, "SELECT 41 + 1")
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := rows.ReadTable()
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	if tbl.NumRows() != 1 {
		t.Errorf("query after Reconnect returned %d rows", tbl.NumRows())
	}
}
