package connect_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/sparkgo/sparkgo/connect"
	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// fakeServer is an in-process Spark Connect server for faults a real server
// does not produce on demand. Every execution answers the same scripted
// result (the responses in result, numbered r0, r1, …); each attach to it —
// ExecutePlan or ReattachExecute, counted together in arrival order — follows
// the next entry of script: fail at once, re-send responses the client
// already has, stop after some responses, end cleanly or with an error.
// ReattachExecute resumes after last_response_id, as Spark does. The server
// records every request it gets.
type fakeServer struct {
	pb.UnimplementedSparkConnectServiceServer

	addr       string
	serverSide string // the server_side_session_id the server reports

	mu           sync.Mutex
	result       []*pb.ExecutePlanResponse
	script       []fakeAttach
	attaches     int
	ops          map[string]map[string]int // operation id → response id → index in result
	executes     []*pb.ExecutePlanRequest
	reattaches   []*pb.ReattachExecuteRequest
	releases     []*pb.ReleaseExecuteRequest
	interrupts   []*pb.InterruptRequest
	fetches      []*pb.FetchErrorDetailsRequest
	errorDetails map[string]*pb.FetchErrorDetailsResponse
	released     chan struct{}     // signalled on each ReleaseExecute
	conf         map[string]string // session configuration set so far
	confSets     int               // Config set operations received
	confRefusal  error             // if set, every Config set fails with it
}

// fakeAll as fakeAttach.send means all the responses that remain.
const fakeAll = -1

// fakeAttach is what one ExecutePlan or ReattachExecute call does.
type fakeAttach struct {
	// fail, if set, is returned at once. A failed ExecutePlan creates no
	// operation, as if the request never reached the server.
	fail error
	// resend is how many responses before the resume point to send again
	// first, under new response ids (duplicates the client must drop).
	resend int
	// send is how many responses to send from the resume point, or fakeAll.
	send int
	// hold, after the responses, waits until the client has released them
	// all with ReleaseExecute(release_until).
	hold bool
	// block, after the responses, keeps the stream open until the client
	// goes away.
	block bool
	// end ends the stream after the responses; nil ends it cleanly.
	end error
}

// newFakeServer serves a fake on 127.0.0.1:0 until t ends.
func newFakeServer(t *testing.T, result []*pb.ExecutePlanResponse, script ...fakeAttach) *fakeServer {
	t.Helper()
	f := &fakeServer{
		serverSide:   "srv-1",
		result:       result,
		script:       script,
		ops:          map[string]map[string]int{},
		errorDetails: map[string]*pb.FetchErrorDetailsResponse{},
		released:     make(chan struct{}, 1),
		conf:         map[string]string{},
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = ln.Addr().String()
	srv := grpc.NewServer()
	pb.RegisterSparkConnectServiceServer(srv, f)
	go srv.Serve(ln)
	t.Cleanup(srv.Stop)
	return f
}

// session connects a client to the fake. The session is closed, and the
// client's Arrow memory checked for leaks, when t ends.
func (f *fakeServer) session(t *testing.T) *connect.Session {
	t.Helper()
	cfg, err := connect.ParseConnString("sc://" + f.addr + "/;user_id=alice")
	if err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sess, err := connect.NewSession(ctx, cfg, connect.Options{Allocator: mem})
	if err != nil {
		t.Fatalf("NewSession(%s): %v", cfg, err)
	}
	t.Cleanup(func() { sess.Close() })
	return sess
}

// nextAttach numbers the next attach and returns its script entry; f.mu
// is held.
func (f *fakeServer) nextAttach() (int, fakeAttach) {
	n := f.attaches
	f.attaches++
	if n < len(f.script) {
		return n, f.script[n]
	}
	return n, fakeAttach{send: fakeAll}
}

func (f *fakeServer) ExecutePlan(req *pb.ExecutePlanRequest, stream grpc.ServerStreamingServer[pb.ExecutePlanResponse]) error {
	f.mu.Lock()
	f.executes = append(f.executes, proto.CloneOf(req))
	n, a := f.nextAttach()
	if a.fail != nil {
		f.mu.Unlock()
		return a.fail
	}
	opID := req.GetOperationId()
	if _, ok := f.ops[opID]; ok {
		f.mu.Unlock()
		return sparkStatus(codes.Internal, "INVALID_HANDLE.OPERATION_ALREADY_EXISTS", "Operation already exists.")
	}
	ids := map[string]int{}
	f.ops[opID] = ids
	f.mu.Unlock()
	return f.stream(stream, n, req.GetSessionId(), opID, ids, 0, a)
}

func (f *fakeServer) ReattachExecute(req *pb.ReattachExecuteRequest, stream grpc.ServerStreamingServer[pb.ExecutePlanResponse]) error {
	f.mu.Lock()
	f.reattaches = append(f.reattaches, proto.CloneOf(req))
	n, a := f.nextAttach()
	ids, ok := f.ops[req.GetOperationId()]
	from := 0
	if ok && req.LastResponseId != nil {
		i, known := ids[req.GetLastResponseId()]
		if !known {
			f.mu.Unlock()
			return sparkStatus(codes.Internal, "INVALID_CURSOR.POSITION_NOT_FOUND", "Unknown response id "+req.GetLastResponseId()+".")
		}
		from = i + 1
	}
	f.mu.Unlock()
	if a.fail != nil {
		return a.fail
	}
	if !ok {
		return sparkStatus(codes.Internal, "INVALID_HANDLE.OPERATION_NOT_FOUND",
			"[INVALID_HANDLE.OPERATION_NOT_FOUND] The handle "+req.GetOperationId()+" is invalid. Operation not found. SQLSTATE: HY000")
	}
	return f.stream(stream, n, req.GetSessionId(), req.GetOperationId(), ids, from, a)
}

// stream sends the result from index from on for attach number attach,
// following a.
func (f *fakeServer) stream(stream grpc.ServerStreamingServer[pb.ExecutePlanResponse], attach int, sessionID, opID string, ids map[string]int, from int, a fakeAttach) error {
	send := func(i int, id string) error {
		r := proto.CloneOf(f.result[i])
		r.SessionId, r.OperationId, r.ResponseId = sessionID, opID, id
		if r.ServerSideSessionId == "" {
			r.ServerSideSessionId = f.serverSide
		}
		f.mu.Lock()
		ids[id] = i
		f.mu.Unlock()
		return stream.Send(r)
	}
	for i := max(from-a.resend, 0); i < from; i++ {
		if err := send(i, fmt.Sprintf("r%d-again%d", i, attach)); err != nil {
			return err
		}
	}
	end := len(f.result)
	if a.send != fakeAll {
		end = min(from+a.send, end)
	}
	for i := from; i < end; i++ {
		if err := send(i, fmt.Sprintf("r%d", i)); err != nil {
			return err
		}
	}
	if a.hold && end > 0 {
		if err := f.awaitRelease(stream.Context(), ids, end-1); err != nil {
			return err
		}
	}
	if a.block {
		<-stream.Context().Done()
		return stream.Context().Err()
	}
	return a.end
}

// awaitRelease waits until a ReleaseExecute(release_until) of a response at
// index last or later arrives.
func (f *fakeServer) awaitRelease(ctx context.Context, ids map[string]int, last int) error {
	timeout := time.After(5 * time.Second)
	for {
		f.mu.Lock()
		for _, r := range f.releases {
			if i, ok := ids[r.GetReleaseUntil().GetResponseId()]; ok && r.GetReleaseUntil() != nil && i >= last {
				f.mu.Unlock()
				return nil
			}
		}
		f.mu.Unlock()
		select {
		case <-f.released:
		case <-ctx.Done():
			return ctx.Err()
		case <-timeout:
			return status.Errorf(codes.FailedPrecondition, "fake: response r%d not released within 5s", last)
		}
	}
}

func (f *fakeServer) ReleaseExecute(_ context.Context, req *pb.ReleaseExecuteRequest) (*pb.ReleaseExecuteResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.releases = append(f.releases, proto.CloneOf(req))
	select {
	case f.released <- struct{}{}:
	default:
	}
	resp := &pb.ReleaseExecuteResponse{SessionId: req.GetSessionId(), ServerSideSessionId: f.serverSide}
	if _, ok := f.ops[req.GetOperationId()]; ok {
		resp.OperationId = proto.String(req.GetOperationId())
	}
	return resp, nil
}

func (f *fakeServer) AnalyzePlan(_ context.Context, req *pb.AnalyzePlanRequest) (*pb.AnalyzePlanResponse, error) {
	if req.GetSparkVersion() == nil {
		return nil, status.Error(codes.Unimplemented, "the fake only knows spark_version")
	}
	return &pb.AnalyzePlanResponse{
		SessionId: req.GetSessionId(), ServerSideSessionId: f.serverSide,
		Result: &pb.AnalyzePlanResponse_SparkVersion_{SparkVersion: &pb.AnalyzePlanResponse_SparkVersion{Version: "4.1.4"}},
	}, nil
}

// Config knows get_all (with a prefix, stripped from the keys like Spark
// does) and set.
func (f *fakeServer) Config(_ context.Context, req *pb.ConfigRequest) (*pb.ConfigResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	resp := &pb.ConfigResponse{SessionId: req.GetSessionId(), ServerSideSessionId: f.serverSide}
	switch op := req.GetOperation(); {
	case op.GetGetAll() != nil:
		prefix := op.GetGetAll().GetPrefix()
		for k, v := range f.conf {
			if rest, ok := strings.CutPrefix(k, prefix); ok {
				resp.Pairs = append(resp.Pairs, &pb.KeyValue{Key: rest, Value: &v})
			}
		}
	case op.GetSet() != nil:
		f.confSets++
		if f.confRefusal != nil {
			return nil, f.confRefusal
		}
		for _, kv := range op.GetSet().GetPairs() {
			f.conf[kv.GetKey()] = kv.GetValue()
		}
	default:
		return nil, status.Error(codes.Unimplemented, "the fake only knows get_all and set")
	}
	return resp, nil
}

func (f *fakeServer) Interrupt(_ context.Context, req *pb.InterruptRequest) (*pb.InterruptResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.interrupts = append(f.interrupts, proto.CloneOf(req))
	return &pb.InterruptResponse{SessionId: req.GetSessionId(), ServerSideSessionId: f.serverSide,
		InterruptedIds: []string{req.GetOperationId()}}, nil
}

func (f *fakeServer) ReleaseSession(_ context.Context, req *pb.ReleaseSessionRequest) (*pb.ReleaseSessionResponse, error) {
	return &pb.ReleaseSessionResponse{SessionId: req.GetSessionId(), ServerSideSessionId: f.serverSide}, nil
}

func (f *fakeServer) FetchErrorDetails(_ context.Context, req *pb.FetchErrorDetailsRequest) (*pb.FetchErrorDetailsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fetches = append(f.fetches, proto.CloneOf(req))
	d, ok := f.errorDetails[req.GetErrorId()]
	if !ok {
		return &pb.FetchErrorDetailsResponse{SessionId: req.GetSessionId(), ServerSideSessionId: f.serverSide}, nil
	}
	return d, nil
}

// confState returns the fake's session configuration and how many set
// operations it received.
func (f *fakeServer) confState() (map[string]string, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.conf), f.confSets
}

// requests returns copies of what the fake received so far.
func (f *fakeServer) requests() (executes []*pb.ExecutePlanRequest, reattaches []*pb.ReattachExecuteRequest, releases []*pb.ReleaseExecuteRequest) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.executes), slices.Clone(f.reattaches), slices.Clone(f.releases)
}

// waitReleaseAll waits until the fake got a ReleaseExecute(release_all),
// which the client sends asynchronously, and returns all the releases.
func (f *fakeServer) waitReleaseAll(t *testing.T) []*pb.ReleaseExecuteRequest {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, _, rels := f.requests()
		for _, r := range rels {
			if r.GetReleaseAll() != nil {
				time.Sleep(20 * time.Millisecond) // let anything sent wrongly after it arrive
				_, _, rels = f.requests()
				return rels
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no ReleaseExecute(release_all) within 5s; got %d releases", len(rels))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// sparkStatus is an error as the Spark Connect server sends it: a status
// with a google.rpc.ErrorInfo naming the error class.
func sparkStatus(code codes.Code, errorClass, msg string) error {
	st, err := status.New(code, msg).WithDetails(&errdetails.ErrorInfo{
		Reason: "org.apache.spark.SparkSQLException", Domain: "org.apache.spark",
		Metadata: map[string]string{"errorClass": errorClass, "sqlState": "HY000"},
	})
	if err != nil {
		panic(err)
	}
	return st.Err()
}

// retryInfoStatus is a status carrying google.rpc.RetryInfo, which makes any
// code retryable.
func retryInfoStatus(code codes.Code, msg string, delay time.Duration) error {
	st, err := status.New(code, msg).WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(delay)})
	if err != nil {
		panic(err)
	}
	return st.Err()
}

var fakeArrowSchema = arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.PrimitiveTypes.Int64}}, nil)

// fakeIPC returns an Arrow IPC stream of one batch with column id = start,
// start+1, …, start+n-1.
func fakeIPC(t *testing.T, start, n int64) []byte {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := array.NewInt64Builder(mem)
	defer b.Release()
	for i := range n {
		b.Append(start + i)
	}
	col := b.NewArray()
	defer col.Release()
	rec := array.NewRecordBatch(fakeArrowSchema, []arrow.Array{col}, n)
	defer rec.Release()
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(fakeArrowSchema), ipc.WithAllocator(mem))
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fakeResult returns the responses of a query result as Spark sends them:
// the schema, one Arrow batch per size (split into chunks responses when
// chunks > 1, as Spark 4.1 does), the metrics and ResultComplete.
func fakeResult(t *testing.T, chunks int, sizes ...int64) []*pb.ExecutePlanResponse {
	t.Helper()
	long := &pb.DataType{Kind: &pb.DataType_Long_{Long: &pb.DataType_Long{}}}
	out := []*pb.ExecutePlanResponse{{Schema: &pb.DataType{Kind: &pb.DataType_Struct_{Struct: &pb.DataType_Struct{
		Fields: []*pb.DataType_StructField{{Name: "id", DataType: long}}}}}}}
	var off int64
	for _, n := range sizes {
		data := fakeIPC(t, off, n)
		if chunks <= 1 {
			out = append(out, fakeBatch(&pb.ExecutePlanResponse_ArrowBatch{RowCount: n, Data: data, StartOffset: proto.Int64(off)}))
		} else {
			size := (len(data) + chunks - 1) / chunks
			for i := range chunks {
				part := data[min(i*size, len(data)):min((i+1)*size, len(data))]
				out = append(out, fakeBatch(&pb.ExecutePlanResponse_ArrowBatch{
					RowCount: n, Data: part, StartOffset: proto.Int64(off),
					ChunkIndex: proto.Int64(int64(i)), NumChunksInBatch: proto.Int64(int64(chunks)),
				}))
			}
		}
		off += n
	}
	return append(out,
		&pb.ExecutePlanResponse{Metrics: &pb.ExecutePlanResponse_Metrics{}},
		&pb.ExecutePlanResponse{ResponseType: &pb.ExecutePlanResponse_ResultComplete_{
			ResultComplete: &pb.ExecutePlanResponse_ResultComplete{}}})
}

func fakeBatch(ab *pb.ExecutePlanResponse_ArrowBatch) *pb.ExecutePlanResponse {
	return &pb.ExecutePlanResponse{ResponseType: &pb.ExecutePlanResponse_ArrowBatch_{ArrowBatch: ab}}
}

// fakeRelation is the plan the tests execute; the fake ignores it.
var fakeRelation = &pb.Relation{RelType: &pb.Relation_Range{Range: &pb.Range{End: 10, Step: 1}}}

// fakeRead executes fakeRelation and returns the ids read, and the error that
// ended the result.
func fakeRead(t *testing.T, sess *connect.Session) ([]int64, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rows, err := sess.Execute(ctx, fakeRelation, connect.ExecuteOptions{})
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		ids = append(ids, rows.RecordBatch().Column(0).(*array.Int64).Int64Values()...)
	}
	return ids, rows.Err()
}

// checkIDs checks that ids are 0, 1, …, n-1.
func checkIDs(t *testing.T, ids []int64, n int64) {
	t.Helper()
	for i, id := range ids {
		if id != int64(i) {
			t.Fatalf("row %d: id %d, want %d (%d rows read, want %d)", i, id, i, len(ids), n)
		}
	}
	if int64(len(ids)) != n {
		t.Fatalf("read %d rows, want %d", len(ids), n)
	}
}

// TestFakeSessionReset checks that a response from another server-side
// session (the server restarted or dropped ours) ends the result with an
// error wrapping ErrSessionReset, whether Spark says so with a changed
// server_side_session_id or with an INVALID_HANDLE.SESSION_* error.
func TestFakeSessionReset(t *testing.T) {
	t.Run("changed server_side_session_id", func(t *testing.T) {
		result := fakeResult(t, 1, 10, 10, 10)
		result[2].ServerSideSessionId = "srv-2" // the second batch
		f := newFakeServer(t, result)
		sess := f.session(t)
		ids, err := fakeRead(t, sess)
		checkIDs(t, ids, 10)
		const want = "connect: the Spark session was reset: temporary views and cached data are gone; call Reconnect to start a new session (server session srv-1 became srv-2)"
		if !errors.Is(err, connect.ErrSessionReset) || err.Error() != want {
			t.Fatalf("error = %v, want one wrapping ErrSessionReset: %q", err, want)
		}
		if got := sess.ServerSessionID(); got != "srv-1" {
			t.Errorf("ServerSessionID() = %q after the reset, want the original srv-1", got)
		}
		f.waitReleaseAll(t)
	})
	t.Run("SESSION_CHANGED", func(t *testing.T) {
		f := newFakeServer(t, fakeResult(t, 1, 10), fakeAttach{fail: sparkStatus(codes.Internal, "INVALID_HANDLE.SESSION_CHANGED",
			"[INVALID_HANDLE.SESSION_CHANGED] The handle x is invalid. The existing Spark server driver instance has restarted. Please reconnect. SQLSTATE: HY000")})
		ids, err := fakeRead(t, f.session(t))
		if len(ids) != 0 {
			t.Fatalf("read %d rows, want none", len(ids))
		}
		var se *connect.SparkError
		if !errors.Is(err, connect.ErrSessionReset) || !errors.As(err, &se) || se.ErrorClass != "INVALID_HANDLE.SESSION_CHANGED" {
			t.Fatalf("error = %v, want ErrSessionReset wrapping a SparkError of class INVALID_HANDLE.SESSION_CHANGED", err)
		}
		const want = "connect: the Spark session was reset: temporary views and cached data are gone; call Reconnect to start a new session: " +
			"[INVALID_HANDLE.SESSION_CHANGED] The handle x is invalid. The existing Spark server driver instance has restarted. Please reconnect. SQLSTATE: HY000"
		if err.Error() != want {
			t.Fatalf("error = %q, want %q", err, want)
		}
	})
}

// TestFakeSparkErrorDetails checks that a Spark error is turned into a
// *SparkError from its ErrorInfo metadata and, when the server has them, the
// full details of FetchErrorDetails: untruncated message, query context,
// stack trace and cause chain.
func TestFakeSparkErrorDetails(t *testing.T) {
	const errorID = "5a9b2c9e-0b1f-4a47-9d62-0f3c1e6b9a10"
	truncated := "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `idd` cannot be resolved. Did you mean one of the following? [`id`]. SQLSTATE: 42703"
	st, err := status.New(codes.Internal, truncated).WithDetails(&errdetails.ErrorInfo{
		Reason: "org.apache.spark.sql.AnalysisException", Domain: "org.apache.spark",
		Metadata: map[string]string{
			"classes":           `["org.apache.spark.sql.AnalysisException"]`,
			"errorClass":        "UNRESOLVED_COLUMN.WITH_SUGGESTION",
			"sqlState":          "42703",
			"messageParameters": `{"objectName":"` + "`idd`" + `","proposal":"` + "`id`" + `"}`,
			"errorId":           errorID,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	full := truncated + "\n;\n'Project ['idd]\n+- Range (0, 10, step=1)\n"
	details := &pb.FetchErrorDetailsResponse{
		RootErrorIdx: proto.Int32(0),
		Errors: []*pb.FetchErrorDetailsResponse_Error{{
			ErrorTypeHierarchy: []string{"org.apache.spark.sql.AnalysisException", "java.lang.Exception", "java.lang.Throwable"},
			Message:            full,
			StackTrace: []*pb.FetchErrorDetailsResponse_StackTraceElement{{
				DeclaringClass: "org.apache.spark.sql.catalyst.analysis.CheckAnalysis", MethodName: "failAnalysis",
				FileName: proto.String("CheckAnalysis.scala"), LineNumber: 57,
			}},
			CauseIdx: proto.Int32(1),
			SparkThrowable: &pb.FetchErrorDetailsResponse_SparkThrowable{
				ErrorClass:        proto.String("UNRESOLVED_COLUMN.WITH_SUGGESTION"),
				MessageParameters: map[string]string{"objectName": "`idd`", "proposal": "`id`"},
				SqlState:          proto.String("42703"),
				QueryContexts: []*pb.FetchErrorDetailsResponse_QueryContext{{
					ContextType: pb.FetchErrorDetailsResponse_QueryContext_SQL,
					StartIndex:  7, StopIndex: 9, Fragment: "idd",
					Summary: "== SQL (line 1, position 8) ==\nSELECT idd FROM range(10)\n       ^^^\n",
				}},
			},
		}, {
			ErrorTypeHierarchy: []string{"java.lang.IllegalStateException", "java.lang.RuntimeException"},
			Message:            "inner failure",
		}},
	}
	wantFull := &connect.SparkError{
		ErrorClass:     "UNRESOLVED_COLUMN.WITH_SUGGESTION",
		SQLState:       "42703",
		Message:        full,
		Parameters:     map[string]string{"objectName": "`idd`", "proposal": "`id`"},
		ExceptionClass: "org.apache.spark.sql.AnalysisException",
		QueryContexts: []connect.QueryContext{{
			Kind: "SQL", Start: 7, Stop: 9, Fragment: "idd",
			Summary: "== SQL (line 1, position 8) ==\nSELECT idd FROM range(10)\n       ^^^\n",
		}},
		StackTrace: []connect.StackFrame{{Class: "org.apache.spark.sql.catalyst.analysis.CheckAnalysis", Method: "failAnalysis", File: "CheckAnalysis.scala", Line: 57}},
		Cause:      &connect.SparkError{ExceptionClass: "java.lang.IllegalStateException", Message: "inner failure"},
		ErrorID:    errorID,
		Code:       codes.Internal,
	}

	tests := []struct {
		name    string
		details *pb.FetchErrorDetailsResponse // nil: the server has none
		want    *connect.SparkError
	}{
		{"with details", details, wantFull},
		{"without details", nil, &connect.SparkError{
			ErrorClass: "UNRESOLVED_COLUMN.WITH_SUGGESTION", SQLState: "42703", Message: truncated,
			Parameters:     map[string]string{"objectName": "`idd`", "proposal": "`id`"},
			ExceptionClass: "org.apache.spark.sql.AnalysisException", ErrorID: errorID, Code: codes.Internal,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeServer(t, fakeResult(t, 1, 10), fakeAttach{fail: st.Err()})
			if tt.details != nil {
				f.mu.Lock()
				f.errorDetails[errorID] = tt.details
				f.mu.Unlock()
			}
			sess := f.session(t)
			ids, err := fakeRead(t, sess)
			if len(ids) != 0 {
				t.Fatalf("read %d rows, want none", len(ids))
			}
			var se *connect.SparkError
			if !errors.As(err, &se) {
				t.Fatalf("error = %T %v, want a *connect.SparkError", err, err)
			}
			if !reflect.DeepEqual(se, tt.want) {
				t.Fatalf("SparkError =\n%+v\ncause %+v\nwant\n%+v\ncause %+v", se, se.Cause, tt.want, tt.want.Cause)
			}
			if got := err.Error(); got != truncated {
				t.Errorf("Error() = %q, want %q", got, truncated)
			}
			if !errors.Is(err, &connect.SparkError{ErrorClass: "UNRESOLVED_COLUMN"}) {
				t.Errorf("errors.Is(err, UNRESOLVED_COLUMN) = false, want true")
			}
			f.mu.Lock()
			fetches := slices.Clone(f.fetches)
			f.mu.Unlock()
			if len(fetches) != 1 || fetches[0].GetErrorId() != errorID || fetches[0].GetSessionId() != sess.ID() ||
				fetches[0].GetUserContext().GetUserId() != "alice" || fetches[0].GetClientObservedServerSideSessionId() != "srv-1" {
				t.Fatalf("FetchErrorDetails requests = %v, want one for error %s of session %s", fetches, errorID, sess.ID())
			}
			// A failed execution is released too.
			f.waitReleaseAll(t)
		})
	}
}
