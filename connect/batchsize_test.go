package connect_test

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/internal/sparktest"
)

const batchRowsKey = "spark.sql.execution.arrow.maxRecordsPerBatch"

// TestFakeArrowBatchRows checks what a new session asks of the server's
// Arrow batch size: sparkgo's default, the caller's, or nothing, and never
// over a value the server is configured with or at the cost of the session.
func TestFakeArrowBatchRows(t *testing.T) {
	tests := []struct {
		name      string
		opt       int
		preset    string // the server's own setting; "" for none
		refuse    bool
		wantValue string // "" for unset
		wantSets  int
	}{
		{name: "default", wantValue: "100000", wantSets: 1},
		{name: "caller's size", opt: 4096, wantValue: "4096", wantSets: 1},
		{name: "left to the server", opt: -1, wantSets: 0},
		{name: "server configured", preset: "2048", wantValue: "2048", wantSets: 0},
		{name: "server refuses", refuse: true, wantSets: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeServer(t, nil)
			if tt.preset != "" {
				f.conf[batchRowsKey] = tt.preset
			}
			if tt.refuse {
				f.confRefusal = sparkStatus(codes.InvalidArgument, "CANNOT_MODIFY_CONFIG", "Cannot modify the value of the Spark config")
			}
			cfg, err := connect.ParseConnString("sc://" + f.addr)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			sess, err := connect.NewSession(ctx, cfg, connect.Options{ArrowBatchRows: tt.opt})
			if err != nil {
				t.Fatalf("NewSession: %v", err)
			}
			defer sess.Close()
			conf, sets := f.confState()
			if conf[batchRowsKey] != tt.wantValue || sets != tt.wantSets {
				t.Errorf("server has %s=%q after %d set operations, want %q after %d", batchRowsKey, conf[batchRowsKey], sets, tt.wantValue, tt.wantSets)
			}
		})
	}
}

// TestArrowBatchRows checks the batch size on a real server: a session gets
// sparkgo's default, keeps the server's when asked to, and a reconnected
// session gets the default again.
func TestArrowBatchRows(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	base := sparktest.Session(t).Config()
	base.SessionID = ""

	s, err := connect.NewSession(ctx, base, connect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := s.GetConf(ctx, batchRowsKey); err != nil || got != "100000" {
		t.Fatalf("new session: %s = %q, %v; want 100000", batchRowsKey, got, err)
	}
	// A batch of a 250 000-row result holds at most 100 000 rows.
	rows, err := s.SQL(ctx, "SELECT id FROM range(0, 250000, 1, 1)")
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int64
	for rows.Next() {
		sizes = append(sizes, rows.RecordBatch().NumRows())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if len(sizes) != 3 || sizes[0] != 100000 || sizes[1] != 100000 || sizes[2] != 50000 {
		t.Errorf("batch sizes %v, want [100000 100000 50000]", sizes)
	}

	if err := s.SetConf(ctx, map[string]string{batchRowsKey: "777"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Reconnect(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := s.GetConf(ctx, batchRowsKey); err != nil || got != "100000" {
		t.Errorf("reconnected session: %s = %q, %v; want 100000", batchRowsKey, got, err)
	}

	server, err := connect.NewSession(ctx, base, connect.Options{ArrowBatchRows: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	if got, err := server.GetConf(ctx, batchRowsKey); err != nil || got != "10000" {
		t.Errorf("ArrowBatchRows -1: %s = %q, %v; want Spark's default 10000", batchRowsKey, got, err)
	}
}
