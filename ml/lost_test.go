package ml

import (
	"context"
	"errors"
	"testing"
	"time"

	pb "github.com/sparkgo/sparkgo/connect/proto"
	"github.com/sparkgo/sparkgo/datasets"
	"github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/internal/sparktest"
)

// TestSummaryLost evicts a model from the server's memory (Spark 4.1
// offloads it to disk and drops its summary), then reads its summary,
// which the client rebuilds from the training data.
func TestSummaryLost(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s := frame.NewSession(sparktest.Session(t))
	if v := sparkVersion(ctx, s); v < "4.1" {
		t.Logf("Spark %s has no eviction; nothing to test", v)
		return
	}
	cars := datasets.CopyMtcars(ctx, s).Drop("model")
	m, err := LinearRegression(ctx, cars, "mpg ~ wt + hp", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	evict := true
	if _, err := run(ctx, s, &pb.MlCommand{Command: &pb.MlCommand_Delete_{Delete: &pb.MlCommand_Delete{
		ObjRefs: []*pb.ObjectRef{{Id: m.id}}, EvictOnly: &evict}}}); err != nil {
		t.Fatal(err)
	}
	_, err = run(ctx, s, &pb.MlCommand{Command: &pb.MlCommand_Fetch{Fetch: &pb.Fetch{ObjRef: &pb.ObjectRef{Id: m.id},
		Methods: []*pb.Fetch_Method{{Method: "summary"}, {Method: "r2adj"}}}}})
	if !errors.Is(err, errSummaryLost) {
		t.Fatalf("after eviction, the server answered %v, not MODEL_SUMMARY_LOST", err)
	}
	r2, err := m.Float(ctx, "summary.r2")
	if err != nil {
		t.Fatal(err)
	}
	if round3(r2) != 0.827 {
		t.Errorf("r2 %v", r2)
	}
	// DataFrame-valued attributes carry the training data to rebuild it too.
	if _, err := run(ctx, s, &pb.MlCommand{Command: &pb.MlCommand_Delete_{Delete: &pb.MlCommand_Delete{
		ObjRefs: []*pb.ObjectRef{{Id: m.id}}, EvictOnly: &evict}}}); err != nil {
		t.Fatal(err)
	}
	n, err := m.FetchFrame("summary.residuals").Count(ctx)
	if err != nil || n != 32 {
		t.Errorf("residuals after eviction: %d, %v", n, err)
	}
}

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }
