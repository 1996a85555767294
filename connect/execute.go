package connect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/google/uuid"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// ExecuteOptions adjusts one execution. The zero value is ready to use.
type ExecuteOptions struct {
	// OperationID identifies the execution on the server (for
	// InterruptOperation); "" means a new random UUID.
	OperationID string
	// Tags label the execution so that InterruptTag can cancel it; a tag must
	// be non-empty and contain no comma.
	Tags []string
	// OnProgress, if set, receives the server's progress reports (about every
	// two seconds while something changes). It runs on the goroutine that
	// reads the stream and should return quickly.
	OnProgress func(Progress)
	// OnMetrics, if set, receives the per-plan-node metrics sent at the end of
	// a query.
	OnMetrics func([]NodeMetrics)
	// NoResultChunking stops the server from splitting Arrow batches larger
	// than a gRPC message into chunks (Spark 4.1+). Leave it false.
	NoResultChunking bool
	// ChunkSize asks the server (Spark 4.1+) to split Arrow batches into
	// chunks of at most this many bytes (at least 1 KiB); 0 means the
	// server's limit. The client re-joins the chunks.
	ChunkSize int64
}

// Progress is a snapshot of a running execution's Spark stages.
type Progress struct {
	OperationID    string
	Stages         []StageProgress
	InflightTasks  int64
	Tasks          int64 // tasks of all stages so far
	CompletedTasks int64 // completed tasks of all stages so far
	BytesRead      int64 // input bytes read by all stages so far
}

// StageProgress is the progress of one Spark stage.
type StageProgress struct {
	StageID        int64
	Tasks          int64
	CompletedTasks int64
	BytesRead      int64
	Done           bool
}

// NodeMetrics are the SQL metrics of one node of the executed plan.
type NodeMetrics struct {
	Name   string
	PlanID int64
	Parent int64
	Values map[string]MetricValue
}

// MetricValue is one SQL metric, such as "number of output rows".
type MetricValue struct {
	Name  string
	Value int64
	Type  string
}

// execution drives one reattachable ExecutePlan: it sends the plan, reads
// the response stream on its own goroutine, reattaches when the stream ends
// early or breaks, releases consumed responses on the server, and hands the
// responses to the consumer through a bounded channel (so a slow consumer
// slows the stream instead of growing memory).
type execution struct {
	s      *Session
	req    *pb.ExecutePlanRequest
	opts   ExecuteOptions
	ctx    context.Context
	cancel context.CancelCauseFunc
	out    chan execItem
	done   chan struct{}
	// closing is closed when the consumer stops reading.
	closing   chan struct{}
	closeOnce sync.Once

	// Owned by the run goroutine.
	lastResponseID string
	receivedAny    bool
	complete       bool
	rel            *releaser
}

type execItem struct {
	resp *pb.ExecutePlanResponse
	buf  *resultBuffer // holds resp's Arrow data, or nil
	err  error
}

// errEmptyStream stands for a result stream that ended with no response and
// no ResultComplete; it is retried like an unavailable server.
var errEmptyStream = status.Error(codes.Unavailable, "the result stream ended without any response")

// errRowsClosed is the cause of an execution's context when its consumer
// stopped reading early.
var errRowsClosed = errors.New("connect: rows closed")

// execute starts plan on the server and returns the running execution.
func (s *Session) execute(ctx context.Context, plan *pb.Plan, opts ExecuteOptions) (*execution, error) {
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	opts = withContextDefaults(ctx, opts)
	for _, t := range opts.Tags {
		if err := checkTag(t); err != nil {
			return nil, err
		}
	}
	opID := opts.OperationID
	if opID == "" {
		opID = uuid.NewString()
	} else if _, err := uuid.Parse(opID); err != nil {
		return nil, fmt.Errorf("connect: operation id %q is not a UUID", opID)
	}
	reqOpts := []*pb.ExecutePlanRequest_RequestOption{{
		RequestOption: &pb.ExecutePlanRequest_RequestOption_ReattachOptions{
			ReattachOptions: &pb.ReattachOptions{Reattachable: true}},
	}}
	if !opts.NoResultChunking {
		chunking := &pb.ResultChunkingOptions{AllowArrowBatchChunking: true}
		if opts.ChunkSize > 0 {
			chunking.PreferredArrowChunkSize = &opts.ChunkSize
		}
		reqOpts = append(reqOpts, &pb.ExecutePlanRequest_RequestOption{
			RequestOption: &pb.ExecutePlanRequest_RequestOption_ResultChunkingOptions{
				ResultChunkingOptions: chunking},
		})
	}
	sid, uc, ct, obs := s.Header()
	req := &pb.ExecutePlanRequest{
		SessionId: sid, UserContext: uc, ClientType: &ct, ClientObservedServerSideSessionId: obs,
		Plan: plan, OperationId: &opID, Tags: opts.Tags, RequestOptions: reqOpts,
	}
	ectx, cancel := context.WithCancelCause(ctx)
	e := &execution{
		s: s, req: req, opts: opts, ctx: ectx, cancel: cancel,
		out:     make(chan execItem, 4),
		done:    make(chan struct{}),
		closing: make(chan struct{}),
		rel:     newReleaser(s, req),
	}
	go e.run()
	return e, nil
}

func (e *execution) operationID() string { return e.req.GetOperationId() }

// run reads responses until the result is complete, the consumer stops, or
// an error that cannot be retried.
func (e *execution) run() {
	defer close(e.done)
	defer close(e.out)
	// Free the execution's context once it is over, even when the
	// consumer never calls Close.
	defer e.cancel(context.Canceled)
	err := e.loop()
	if err != nil && !e.complete {
		if e.ctx.Err() != nil {
			// The caller cancelled or closed: stop the server-side work too.
			ictx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
			_, _ = e.s.InterruptOperation(ictx, e.operationID())
			cancel()
		}
	}
	e.rel.finish()
	if err != nil {
		// Deliver the error unless the consumer is gone.
		select {
		case e.out <- execItem{err: err}:
		case <-e.closing:
		}
	}
}

func (e *execution) loop() error {
	var (
		b           backoff
		stream      grpc.ServerStreamingClient[pb.ExecutePlanResponse]
		needExecute = true
		progressed  bool // the current stream delivered a response
	)
	for {
		if stream == nil {
			progressed = false
			var err error
			if needExecute {
				stream, err = e.s.client.ExecutePlan(e.ctx, e.req)
			} else {
				stream, err = e.reattach()
			}
			if err != nil {
				if b.wait(e.ctx, err) {
					continue
				}
				return e.s.convertError(e.ctx, err)
			}
			needExecute = false
		}
		resp, buf, err := e.recv(stream)
		switch {
		case err == nil:
			b.reset()
			progressed = true
			if err := e.handle(resp, buf); err != nil {
				return err
			}
			continue
		case e.complete:
			// ResultComplete is the last response: the result is whole
			// however the stream ends (normally io.EOF, but a connection
			// cut now must not reattach to an operation that may be gone).
			return nil
		case err == io.EOF:
			// The server ends streams after a while (2 min or 1 GiB) without
			// ResultComplete: pick the execution up where it stopped. A
			// stream that ended empty counts as a failed attempt, so that
			// a misbehaving server is not reattached to in a tight loop.
			stream = nil
			if !progressed && !b.wait(e.ctx, errEmptyStream) {
				return e.s.convertError(e.ctx, errEmptyStream)
			}
			continue
		}
		stream = nil
		if e.ctx.Err() != nil {
			return e.s.convertError(e.ctx, err)
		}
		switch errorClass(err) {
		case "INVALID_HANDLE.OPERATION_NOT_FOUND":
			if !e.receivedAny {
				// The first ExecutePlan never reached the server: send it again.
				needExecute = true
				continue
			}
		case "INVALID_HANDLE.OPERATION_ALREADY_EXISTS":
			// A resent ExecutePlan raced the original: attach to it instead.
			continue
		}
		if b.wait(e.ctx, err) {
			continue
		}
		return e.s.convertError(e.ctx, err)
	}
}

// recv receives the next response, into a recycled buffer unless the
// session disabled reuse.
func (e *execution) recv(stream grpc.ServerStreamingClient[pb.ExecutePlanResponse]) (*pb.ExecutePlanResponse, *resultBuffer, error) {
	if e.s.reuseBuffers {
		return recvPooled(stream)
	}
	resp, err := stream.Recv()
	return resp, nil, err
}

func (e *execution) reattach() (grpc.ServerStreamingClient[pb.ExecutePlanResponse], error) {
	req := &pb.ReattachExecuteRequest{
		SessionId: e.req.SessionId, UserContext: e.req.UserContext, ClientType: e.req.ClientType,
		ClientObservedServerSideSessionId: e.req.ClientObservedServerSideSessionId,
		OperationId:                       e.operationID(),
	}
	if e.lastResponseID != "" {
		id := e.lastResponseID
		req.LastResponseId = &id
	}
	return e.s.client.ReattachExecute(e.ctx, req)
}

// handle processes one response on the run goroutine, passing it and its
// buffer's reference on to the consumer or releasing them.
func (e *execution) handle(resp *pb.ExecutePlanResponse, buf *resultBuffer) error {
	passed := false
	defer func() {
		if !passed {
			buf.release()
		}
	}()
	if err := e.s.observe(resp.GetServerSideSessionId()); err != nil {
		return err
	}
	if id := resp.GetResponseId(); id != "" {
		e.lastResponseID = id
		e.receivedAny = true
		e.rel.until(id)
	}
	if p := resp.GetExecutionProgress(); p != nil {
		if e.opts.OnProgress != nil {
			e.opts.OnProgress(progressOf(e.operationID(), p))
		}
		return nil
	}
	if m := resp.GetMetrics(); m != nil && e.opts.OnMetrics != nil {
		e.opts.OnMetrics(metricsOf(m))
	}
	if resp.GetResultComplete() != nil {
		e.complete = true
		return nil
	}
	if resp.GetArrowBatch() == nil && resp.GetSchema() == nil && resp.GetResponseType() == nil {
		return nil // metrics or observed metrics only
	}
	select {
	case e.out <- execItem{resp: resp, buf: buf}:
		passed = true
		return nil
	case <-e.ctx.Done():
		return context.Cause(e.ctx)
	}
}

// next returns the next response with the buffer holding its Arrow data
// (the caller releases it), io.EOF at the end, or the execution's error.
func (e *execution) next() (*pb.ExecutePlanResponse, *resultBuffer, error) {
	it, ok := <-e.out
	if !ok {
		return nil, nil, io.EOF
	}
	return it.resp, it.buf, it.err
}

// close stops the execution if it is still running and waits for its
// goroutine, so no callback runs after close returns.
func (e *execution) close() {
	e.closeOnce.Do(func() {
		close(e.closing)
		e.cancel(errRowsClosed)
	})
	<-e.done
	// Responses still queued go unread: their buffers can be reused.
	for it := range e.out {
		it.buf.release()
	}
}

func progressOf(opID string, p *pb.ExecutePlanResponse_ExecutionProgress) Progress {
	out := Progress{OperationID: opID, InflightTasks: p.GetNumInflightTasks()}
	for _, st := range p.GetStages() {
		sp := StageProgress{
			StageID: st.GetStageId(), Tasks: st.GetNumTasks(), CompletedTasks: st.GetNumCompletedTasks(),
			BytesRead: st.GetInputBytesRead(), Done: st.GetDone(),
		}
		out.Stages = append(out.Stages, sp)
		out.Tasks += sp.Tasks
		out.CompletedTasks += sp.CompletedTasks
		out.BytesRead += sp.BytesRead
	}
	return out
}

func metricsOf(m *pb.ExecutePlanResponse_Metrics) []NodeMetrics {
	var out []NodeMetrics
	for _, o := range m.GetMetrics() {
		nm := NodeMetrics{Name: o.GetName(), PlanID: o.GetPlanId(), Parent: o.GetParent(), Values: map[string]MetricValue{}}
		for k, v := range o.GetExecutionMetrics() {
			nm.Values[k] = MetricValue{Name: v.GetName(), Value: v.GetValue(), Type: v.GetMetricType()}
		}
		out = append(out, nm)
	}
	return out
}

// errorClass returns the Spark error class carried by a gRPC error, without
// asking the server for details.
func errorClass(err error) string {
	st, ok := status.FromError(err)
	if !ok {
		return ""
	}
	for _, d := range st.Details() {
		if ei, ok := d.(*errdetails.ErrorInfo); ok {
			return ei.GetMetadata()["errorClass"]
		}
	}
	return ""
}

// releaseEvery is how many responses are consumed between two
// ReleaseExecute(until) requests: releasing after every response doubled
// the RPCs of a large result for little gain, as the server bounds its
// replay buffer (10 MiB) anyway. (A variable for tests.)
var releaseEvery = 8

// releaser tells the server which responses it may drop, off the hot path:
// ReleaseExecute(until) as responses are consumed, ReleaseExecute(all) at
// the end. Requests are coalesced so that at most one is in flight.
type releaser struct {
	s       *Session
	req     *pb.ExecutePlanRequest
	mu      sync.Mutex
	last    string // newest response id not yet released
	pending int    // responses since the last release request
	end     bool
	kick    chan struct{}
	done    chan struct{}
}

func newReleaser(s *Session, req *pb.ExecutePlanRequest) *releaser {
	r := &releaser{s: s, req: req, kick: make(chan struct{}, 1), done: make(chan struct{})}
	go r.run()
	return r
}

func (r *releaser) until(responseID string) {
	r.mu.Lock()
	r.last = responseID
	r.pending++
	due := r.pending >= releaseEvery
	if due {
		r.pending = 0
	}
	r.mu.Unlock()
	if !due {
		return
	}
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// finish releases everything and stops the releaser; it does not wait for
// the server's answer.
func (r *releaser) finish() {
	r.mu.Lock()
	r.end = true
	r.mu.Unlock()
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

func (r *releaser) run() {
	defer close(r.done)
	for range r.kick {
		r.mu.Lock()
		last, end := r.last, r.end
		r.last = ""
		r.mu.Unlock()
		req := &pb.ReleaseExecuteRequest{
			SessionId: r.req.SessionId, UserContext: r.req.UserContext, ClientType: r.req.ClientType,
			ClientObservedServerSideSessionId: r.req.ClientObservedServerSideSessionId,
			OperationId:                       r.req.GetOperationId(),
		}
		switch {
		case end:
			req.Release = &pb.ReleaseExecuteRequest_ReleaseAll_{ReleaseAll: &pb.ReleaseExecuteRequest_ReleaseAll{}}
		case last != "":
			req.Release = &pb.ReleaseExecuteRequest_ReleaseUntil_{ReleaseUntil: &pb.ReleaseExecuteRequest_ReleaseUntil{ResponseId: last}}
		default:
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
		// Best effort: an unreleased buffer is dropped by the server after its
		// detach timeout anyway.
		_, _ = r.s.client.ReleaseExecute(ctx, req)
		cancel()
		if end {
			return
		}
	}
}
