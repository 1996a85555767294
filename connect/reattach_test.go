package connect_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/uuid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/sparkgo/sparkgo/connect"
	pb "github.com/sparkgo/sparkgo/connect/proto"
	"github.com/sparkgo/sparkgo/internal/sparktest"
)

var errUnavailable = status.Error(codes.Unavailable, "error reading from server: connection reset by peer")

// lastResponseIDs returns the last_response_id of each reattach ("-" when
// unset).
func lastResponseIDs(reqs []*pb.ReattachExecuteRequest) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = "-"
		if r.LastResponseId != nil {
			out[i] = r.GetLastResponseId()
		}
	}
	return out
}

// TestReattachAfterStreamEndsWithoutResultComplete checks that a stream the
// server ends cleanly before ResultComplete (as Spark does after 2 minutes
// or 1 GiB) is resumed with ReattachExecute after the last response received,
// and that every row arrives once.
func TestReattachAfterStreamEndsWithoutResultComplete(t *testing.T) {
	// r0 schema, r1-r4 four batches of 10 rows, r5 metrics, r6 ResultComplete.
	tests := []struct {
		name   string
		script []fakeAttach
		want   []string // last_response_id of each reattach
	}{
		{"once", []fakeAttach{{send: 3}}, []string{"r2"}},
		{"twice", []fakeAttach{{send: 3}, {send: 2}}, []string{"r2", "r4"}},
		{"before ResultComplete", []fakeAttach{{send: 6}}, []string{"r5"}},
		{"before any response", []fakeAttach{{send: 0}}, []string{"-"}},
		{"empty streams", []fakeAttach{{send: 2}, {send: 0}, {send: 0}, {send: 1}}, []string{"r1", "r1", "r1", "r2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeServer(t, fakeResult(t, 1, 10, 10, 10, 10), tt.script...)
			sess := f.session(t)
			ids, err := fakeRead(t, sess)
			if err != nil {
				t.Fatalf("reading: %v", err)
			}
			checkIDs(t, ids, 40)

			executes, reattaches, _ := f.requests()
			if len(executes) != 1 {
				t.Fatalf("got %d ExecutePlan requests, want 1", len(executes))
			}
			ex := executes[0]
			if _, err := uuid.Parse(ex.GetOperationId()); err != nil {
				t.Errorf("operation id %q is not a UUID", ex.GetOperationId())
			}
			var reattachable, chunking bool
			for _, o := range ex.GetRequestOptions() {
				reattachable = reattachable || o.GetReattachOptions().GetReattachable()
				chunking = chunking || o.GetResultChunkingOptions().GetAllowArrowBatchChunking()
			}
			if !reattachable || !chunking {
				t.Errorf("ExecutePlan options %v: reattachable %v, chunking %v; want both", ex.GetRequestOptions(), reattachable, chunking)
			}
			if ex.GetSessionId() != sess.ID() || ex.GetUserContext().GetUserId() != "alice" ||
				!strings.Contains(ex.GetClientType(), "sparkgo/"+connect.Version) || ex.GetClientObservedServerSideSessionId() != "srv-1" {
				t.Errorf("ExecutePlan envelope: session %q, user %q, client type %q, observed %q; want %q, alice, sparkgo/%s…, srv-1",
					ex.GetSessionId(), ex.GetUserContext().GetUserId(), ex.GetClientType(), ex.GetClientObservedServerSideSessionId(), sess.ID(), connect.Version)
			}
			if got := lastResponseIDs(reattaches); !slices.Equal(got, tt.want) {
				t.Fatalf("reattached after %v, want %v", got, tt.want)
			}
			for i, r := range reattaches {
				if r.GetOperationId() != ex.GetOperationId() || r.GetSessionId() != ex.GetSessionId() ||
					!proto.Equal(r.GetUserContext(), ex.GetUserContext()) || r.GetClientType() != ex.GetClientType() ||
					r.GetClientObservedServerSideSessionId() != "srv-1" {
					t.Errorf("reattach %d = %v, want the envelope and operation of %v", i, r, ex)
				}
			}
		})
	}
}

// TestReattachAfterBrokenStream checks that a stream broken by a retryable
// error is resumed after the last response received, after a backoff.
func TestReattachAfterBrokenStream(t *testing.T) {
	disconnected := sparkStatus(codes.Internal, "INVALID_CURSOR.DISCONNECTED",
		"[INVALID_CURSOR.DISCONNECTED] The cursor is invalid. The cursor has been disconnected by the server. SQLSTATE: HY109")
	tests := []struct {
		name   string
		script []fakeAttach
		want   []string
	}{
		{"UNAVAILABLE", []fakeAttach{{send: 3, end: errUnavailable}}, []string{"r2"}},
		{"INVALID_CURSOR.DISCONNECTED", []fakeAttach{{send: 3, end: disconnected}}, []string{"r2"}},
		{"RetryInfo", []fakeAttach{{send: 3, end: retryInfoStatus(codes.Aborted, "busy", 10*time.Millisecond)}}, []string{"r2"}},
		{"before any response", []fakeAttach{{send: 0, end: errUnavailable}}, []string{"-"}},
		{"reattach refused", []fakeAttach{{send: 3, end: errUnavailable}, {fail: errUnavailable}}, []string{"r2", "r2"}},
		{"again and again", []fakeAttach{
			{send: 2, end: errUnavailable}, {send: 1, end: errUnavailable}, {send: 0, end: disconnected},
			{send: 1, end: errUnavailable}, {send: 1}, {send: 1, end: errUnavailable},
		}, []string{"r1", "r2", "r2", "r3", "r4", "r5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeServer(t, fakeResult(t, 1, 10, 10, 10, 10), tt.script...)
			ids, err := fakeRead(t, f.session(t))
			if err != nil {
				t.Fatalf("reading: %v", err)
			}
			checkIDs(t, ids, 40)
			executes, reattaches, _ := f.requests()
			if len(executes) != 1 {
				t.Fatalf("got %d ExecutePlan requests, want 1", len(executes))
			}
			if got := lastResponseIDs(reattaches); !slices.Equal(got, tt.want) {
				t.Fatalf("reattached after %v, want %v", got, tt.want)
			}
		})
	}
}

// TestReattachResendsPlanThatNeverArrived checks that when the first
// ExecutePlan breaks before any response and the server does not know the
// operation (INVALID_HANDLE.OPERATION_NOT_FOUND on reattach), the client
// sends the same ExecutePlan again, with the same operation id.
func TestReattachResendsPlanThatNeverArrived(t *testing.T) {
	notFound := sparkStatus(codes.Internal, "INVALID_HANDLE.OPERATION_NOT_FOUND",
		"[INVALID_HANDLE.OPERATION_NOT_FOUND] The handle is invalid. Operation not found. SQLSTATE: HY000")
	tests := []struct {
		name           string
		script         []fakeAttach
		wantExecutes   int
		wantReattaches []string
	}{
		// The plan is lost: the reattach finds no operation, the plan is sent again.
		{"lost plan", []fakeAttach{{fail: errUnavailable}}, 2, []string{"-"}},
		// The resent plan races the original, which did arrive: the server
		// says OPERATION_ALREADY_EXISTS and the client attaches to it.
		{"resent plan already exists", []fakeAttach{{send: 0, end: errUnavailable}, {fail: notFound}}, 2, []string{"-", "-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeServer(t, fakeResult(t, 1, 10, 10, 10), tt.script...)
			ids, err := fakeRead(t, f.session(t))
			if err != nil {
				t.Fatalf("reading: %v", err)
			}
			checkIDs(t, ids, 30)
			executes, reattaches, _ := f.requests()
			if len(executes) != tt.wantExecutes {
				t.Fatalf("got %d ExecutePlan requests, want %d", len(executes), tt.wantExecutes)
			}
			for i, ex := range executes[1:] {
				if !proto.Equal(ex, executes[0]) {
					t.Errorf("ExecutePlan %d = %v, want the first one again: %v", i+1, ex, executes[0])
				}
			}
			if got := lastResponseIDs(reattaches); !slices.Equal(got, tt.wantReattaches) {
				t.Fatalf("reattached after %v, want %v", got, tt.wantReattaches)
			}
			for _, r := range reattaches {
				if r.GetOperationId() != executes[0].GetOperationId() {
					t.Errorf("reattach to operation %q, want %q", r.GetOperationId(), executes[0].GetOperationId())
				}
			}
		})
	}
}

// TestReattachNotAfterResultComplete checks that a stream that breaks
// after ResultComplete, the last response of a result, is not resumed: the
// result is complete, whatever happens to the operation on the server next.
func TestReattachNotAfterResultComplete(t *testing.T) {
	notFound := sparkStatus(codes.Internal, "INVALID_HANDLE.OPERATION_NOT_FOUND",
		"[INVALID_HANDLE.OPERATION_NOT_FOUND] The handle is invalid. Operation not found. SQLSTATE: HY000")
	f := newFakeServer(t, fakeResult(t, 1, 10, 10, 10),
		fakeAttach{send: fakeAll, end: errUnavailable}, fakeAttach{fail: notFound})
	ids, err := fakeRead(t, f.session(t))
	if err != nil {
		t.Fatalf("reading: %v", err)
	}
	checkIDs(t, ids, 30)
	if _, reattaches, _ := f.requests(); len(reattaches) != 0 {
		t.Fatalf("reattached %d times after ResultComplete, want never", len(reattaches))
	}
	f.waitReleaseAll(t)
}

// TestReattachFailures checks the errors that end a result: a lost
// operation after responses were received (resending the plan would repeat
// rows), and errors that are not retryable.
func TestReattachFailures(t *testing.T) {
	notFound := sparkStatus(codes.Internal, "INVALID_HANDLE.OPERATION_NOT_FOUND",
		"[INVALID_HANDLE.OPERATION_NOT_FOUND] The handle is invalid. Operation not found. SQLSTATE: HY000")
	divide := sparkStatus(codes.Internal, "DIVIDE_BY_ZERO",
		"[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012")
	tests := []struct {
		name           string
		script         []fakeAttach
		wantRows       int64
		wantClass      string
		wantErr        string
		wantReattaches int
	}{
		{"operation lost after responses", []fakeAttach{{send: 3, end: errUnavailable}, {fail: notFound}}, 20,
			"INVALID_HANDLE.OPERATION_NOT_FOUND", "[INVALID_HANDLE.OPERATION_NOT_FOUND] The handle is invalid. Operation not found. SQLSTATE: HY000", 1},
		{"query error mid-stream", []fakeAttach{{send: 2, end: divide}}, 10,
			"DIVIDE_BY_ZERO", "[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012", 0},
		{"query error after reattach", []fakeAttach{{send: 2}, {send: 1, end: divide}}, 20,
			"DIVIDE_BY_ZERO", "[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeServer(t, fakeResult(t, 1, 10, 10, 10), tt.script...)
			ids, err := fakeRead(t, f.session(t))
			checkIDs(t, ids, tt.wantRows)
			var se *connect.SparkError
			if !errors.As(err, &se) || se.ErrorClass != tt.wantClass || err.Error() != tt.wantErr {
				t.Fatalf("error = %v, want a SparkError %q", err, tt.wantErr)
			}
			executes, reattaches, _ := f.requests()
			if len(executes) != 1 || len(reattaches) != tt.wantReattaches {
				t.Fatalf("got %d ExecutePlan and %d ReattachExecute requests, want 1 and %d", len(executes), len(reattaches), tt.wantReattaches)
			}
			f.waitReleaseAll(t)
		})
	}
}

// TestReattachDropsDuplicateBatches checks that batches a resumed stream
// sends again (same start_offset, new response ids) are not delivered twice.
func TestReattachDropsDuplicateBatches(t *testing.T) {
	// r0 schema, r1-r4 four batches of 10 rows, r5 metrics, r6 ResultComplete.
	tests := []struct {
		name   string
		script []fakeAttach
	}{
		{"batches again after a break", []fakeAttach{{send: 4, end: errUnavailable}, {resend: 2, send: fakeAll}}},
		{"schema and batches again", []fakeAttach{{send: 4, end: errUnavailable}, {resend: 4, send: fakeAll}}},
		{"batches again after a clean end", []fakeAttach{{send: 3}, {resend: 2, send: 1}, {resend: 3, send: fakeAll}}},
		{"all batches again before ResultComplete", []fakeAttach{{send: 6}, {resend: 6, send: fakeAll}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeServer(t, fakeResult(t, 1, 10, 10, 10, 10), tt.script...)
			ids, err := fakeRead(t, f.session(t))
			if err != nil {
				t.Fatalf("reading: %v", err)
			}
			checkIDs(t, ids, 40)
		})
	}
}

// TestReattachJoinsChunkedBatches checks that Arrow batches split into
// chunks (Spark 4.1) are joined again, also when the stream breaks between
// chunks and when a resumed stream repeats chunks.
func TestReattachJoinsChunkedBatches(t *testing.T) {
	// r0 schema; batches of 10, 20 and 30 rows in three chunks each: r1-r3,
	// r4-r6, r7-r9; r10 metrics; r11 ResultComplete.
	tests := []struct {
		name   string
		script []fakeAttach
	}{
		{"no faults", nil},
		{"break between chunks", []fakeAttach{{send: 6, end: errUnavailable}}},
		{"clean ends between chunks", []fakeAttach{{send: 2}, {send: 1}, {send: 4}}},
		{"batch again from its first chunk", []fakeAttach{{send: 6, end: errUnavailable}, {resend: 2, send: fakeAll}}},
		{"chunk of the batch being joined again", []fakeAttach{{send: 6, end: errUnavailable}, {resend: 1, send: fakeAll}}},
		{"chunks of a delivered batch again", []fakeAttach{{send: 5, end: errUnavailable}, {resend: 3, send: fakeAll}}},
		{"delivered batch again, then a partial one", []fakeAttach{{send: 8, end: errUnavailable}, {resend: 6, send: fakeAll}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeServer(t, fakeResult(t, 3, 10, 20, 30), tt.script...)
			ids, err := fakeRead(t, f.session(t))
			if err != nil {
				t.Fatalf("reading: %v", err)
			}
			checkIDs(t, ids, 60)
		})
	}

	t.Run("missing chunk", func(t *testing.T) {
		result := fakeResult(t, 3, 10, 20, 30)
		result = append(result[:5:5], result[6:]...) // drop chunk 1 of the second batch
		f := newFakeServer(t, result)
		ids, err := fakeRead(t, f.session(t))
		checkIDs(t, ids, 10)
		const want = "connect: chunk 2 of an Arrow batch arrived without chunk 1"
		if err == nil || err.Error() != want {
			t.Fatalf("error = %v, want %q", err, want)
		}
	})
}

// TestReattachReleasesConsumedResponses checks the ReleaseExecute flow
// control: release_until for responses received, in order, then one
// release_all as the last request; and Interrupt plus release_all when the
// consumer stops early.
func TestReattachReleasesConsumedResponses(t *testing.T) {
	// The fake holds its streams until given responses are released.
	connect.ReleaseAfterEveryResponse(t)
	t.Run("complete", func(t *testing.T) {
		// r0 schema, r1-r8 batches, r9 metrics, r10 ResultComplete.
		f := newFakeServer(t, fakeResult(t, 1, 10, 10, 10, 10, 10, 10, 10, 10),
			fakeAttach{send: 3, hold: true, end: errUnavailable}, fakeAttach{send: 4, hold: true}, fakeAttach{send: fakeAll})
		sess := f.session(t)
		ids, err := fakeRead(t, sess)
		if err != nil {
			t.Fatalf("reading: %v", err)
		}
		checkIDs(t, ids, 80)
		releases := f.waitReleaseAll(t)
		executes, _, _ := f.requests()
		ex := executes[0]
		var untils []int
		for i, r := range releases {
			if r.GetOperationId() != ex.GetOperationId() || r.GetSessionId() != sess.ID() ||
				!proto.Equal(r.GetUserContext(), ex.GetUserContext()) || r.GetClientType() != ex.GetClientType() {
				t.Errorf("release %d = %v, want the envelope and operation of %v", i, r, ex)
			}
			if r.GetReleaseAll() != nil {
				if i != len(releases)-1 {
					t.Errorf("release_all is request %d of %d, want the last", i+1, len(releases))
				}
				continue
			}
			id := r.GetReleaseUntil().GetResponseId()
			n, err := strconv.Atoi(strings.TrimPrefix(id, "r"))
			if !strings.HasPrefix(id, "r") || err != nil || n > 10 {
				t.Fatalf("release %d until %q, not a response id sent", i, id)
			}
			if len(untils) > 0 && n <= untils[len(untils)-1] {
				t.Errorf("release_until r%d after r%d, want increasing", n, untils[len(untils)-1])
			}
			untils = append(untils, n)
		}
		// The holds guarantee releases up to r2 and r6 before the stream goes on.
		if !slices.Contains(untils, 2) || !slices.Contains(untils, 6) {
			t.Errorf("released until %v, want r2 and r6 among them", untils)
		}
	})

	t.Run("early close", func(t *testing.T) {
		f := newFakeServer(t, fakeResult(t, 1, 10, 10, 10, 10), fakeAttach{send: 3, block: true})
		sess := f.session(t)
		ctx := context.Background()
		rows, err := sess.Execute(ctx, fakeRelation, connect.ExecuteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !rows.Next() || rows.RecordBatch().NumRows() != 10 {
			t.Fatalf("first batch: %v, err %v", rows.RecordBatch(), rows.Err())
		}
		if err := rows.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if rows.Next() || rows.Err() != nil {
			t.Fatalf("after Close: Next true or Err %v", rows.Err())
		}
		releases := f.waitReleaseAll(t)
		if last := releases[len(releases)-1]; last.GetReleaseAll() == nil || last.GetOperationId() != rows.OperationID() {
			t.Errorf("last release = %v, want release_all of %s", last, rows.OperationID())
		}
		f.mu.Lock()
		interrupts := f.interrupts
		f.mu.Unlock()
		if len(interrupts) != 1 || interrupts[0].GetInterruptType() != pb.InterruptRequest_INTERRUPT_TYPE_OPERATION_ID ||
			interrupts[0].GetOperationId() != rows.OperationID() {
			t.Fatalf("Interrupt requests = %v, want one for operation %s", interrupts, rows.OperationID())
		}
	})
}

// TestReattachRealServerResumesAfterRelease checks, on a real server, the
// protocol steps the client relies on: an ExecutePlan stream abandoned
// mid-result can be resumed with ReattachExecute after the last response
// received, even once that response was released with
// ReleaseExecute(release_until); the resumed stream continues at the next
// row; and after release_all the operation is gone.
func TestReattachRealServerResumesAfterRelease(t *testing.T) {
	if testing.Short() {
		t.Skip("needs a Spark Connect server")
	}
	sess := sparktest.Session(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := sess.SetConf(ctx, map[string]string{"spark.sql.execution.arrow.maxRecordsPerBatch": "1000"}); err != nil {
		t.Fatal(err)
	}
	const n = 10_000
	client := sess.Client()
	sid, uc, ct, obs := sess.Header()
	opID := uuid.NewString()
	plan := &pb.Plan{OpType: &pb.Plan_Root{Root: &pb.Relation{RelType: &pb.Relation_Sql{Sql: &pb.SQL{
		Query: fmt.Sprintf("SELECT id FROM range(0, %d, 1, 2)", n)}}}}}
	sctx, stop := context.WithCancel(ctx)
	stream, err := client.ExecutePlan(sctx, &pb.ExecutePlanRequest{
		SessionId: sid, UserContext: uc, ClientType: &ct, ClientObservedServerSideSessionId: obs,
		OperationId: &opID, Plan: plan,
		RequestOptions: []*pb.ExecutePlanRequest_RequestOption{{RequestOption: &pb.ExecutePlanRequest_RequestOption_ReattachOptions{
			ReattachOptions: &pb.ReattachOptions{Reattachable: true}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	var next int64 // next id expected
	var last string
	read := func(stream grpc.ServerStreamingClient[pb.ExecutePlanResponse], maxBatches int) (complete bool) {
		t.Helper()
		for batches := 0; batches < maxBatches; {
			resp, err := stream.Recv()
			if err == io.EOF {
				return false
			}
			if err != nil {
				t.Fatalf("Recv after id %d: %v", next, err)
			}
			last = resp.GetResponseId()
			if resp.GetResultComplete() != nil {
				return true
			}
			ab := resp.GetArrowBatch()
			if ab == nil {
				continue
			}
			batches++
			if ab.GetStartOffset() != next {
				t.Fatalf("batch starts at row %d, want %d", ab.GetStartOffset(), next)
			}
			rd, err := ipc.NewReader(bytes.NewReader(ab.GetData()), ipc.WithAllocator(mem))
			if err != nil {
				t.Fatal(err)
			}
			for rd.Next() {
				for _, id := range rd.RecordBatch().Column(0).(*array.Int64).Int64Values() {
					if id != next {
						t.Fatalf("id %d, want %d", id, next)
					}
					next++
				}
			}
			rd.Release()
		}
		return false
	}
	read(stream, 3)
	stop() // abandon the stream, as a cut connection would
	if next != 3000 {
		t.Fatalf("read %d rows in 3 batches, want 3000", next)
	}
	rel := func(r *pb.ReleaseExecuteRequest) *pb.ReleaseExecuteResponse {
		t.Helper()
		r.SessionId, r.UserContext, r.ClientType, r.OperationId = sid, uc, &ct, opID
		resp, err := client.ReleaseExecute(ctx, r)
		if err != nil {
			t.Fatalf("ReleaseExecute: %v", err)
		}
		return resp
	}
	rel(&pb.ReleaseExecuteRequest{Release: &pb.ReleaseExecuteRequest_ReleaseUntil_{
		ReleaseUntil: &pb.ReleaseExecuteRequest_ReleaseUntil{ResponseId: last}}})

	reattach := func() grpc.ServerStreamingClient[pb.ExecutePlanResponse] {
		t.Helper()
		lastID := last
		s, err := client.ReattachExecute(ctx, &pb.ReattachExecuteRequest{
			SessionId: sid, UserContext: uc, ClientType: &ct, OperationId: opID, LastResponseId: &lastID,
		})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	complete := false
	for attempt := 0; !complete; attempt++ {
		if attempt == 5 {
			t.Fatalf("no ResultComplete after %d reattaches", attempt)
		}
		complete = read(reattach(), n)
	}
	if next != n {
		t.Fatalf("read %d rows, want %d", next, n)
	}
	if resp := rel(&pb.ReleaseExecuteRequest{Release: &pb.ReleaseExecuteRequest_ReleaseAll_{
		ReleaseAll: &pb.ReleaseExecuteRequest_ReleaseAll{}}}); resp.GetOperationId() != opID {
		t.Errorf("release_all answered operation %q, want %q", resp.GetOperationId(), opID)
	}
	// The operation is gone: reattaching fails.
	_, err = reattach().Recv()
	if err == nil || !strings.Contains(err.Error(), "INVALID_HANDLE.OPERATION_NOT_FOUND") {
		t.Fatalf("reattach after release_all: %v, want INVALID_HANDLE.OPERATION_NOT_FOUND", err)
	}
}
