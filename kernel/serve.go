package kernel

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sparkgo/sparkgo/kernel/wire"
)

// ServeOptions configures [Serve].
type ServeOptions struct {
	// Version is the kernel's implementation_version in kernel_info.
	Version string
	// Logger receives protocol diagnostics; nil discards them.
	Logger *slog.Logger
}

// execQueueSize bounds the execute requests waiting behind a running cell.
const execQueueSize = 1024

// server answers the Jupyter messaging protocol for one kernel.
type server struct {
	k    *wire.Kernel
	x    *Executor
	log  *slog.Logger
	opts ServeOptions

	queue     chan queuedRequest // execute requests, run in order by one goroutine
	executing atomic.Bool
	stdinMu   sync.Mutex // one input request at a time
	waitMu    sync.Mutex
	waiting   string      // msg_id of the pending input_request
	answer    chan string // where stdinLoop sends its answer
	shutdown  chan bool   // the restart flag of a shutdown_request
}

// Serve runs a kernel on the sockets described by info until a
// shutdown_request arrives or ctx is cancelled (on SIGTERM, say). It then
// closes the executor, releasing the Spark session, and the sockets.
//
// Execute requests run one at a time, in order, on their own goroutine;
// other shell requests (complete, inspect, is_complete, history, kernel_info,
// comm_info) are answered at once, even while a cell runs. Control requests
// (interrupt, shutdown, kernel_info) have a goroutine of their own.
func Serve(ctx context.Context, info *wire.ConnectionInfo, x *Executor, opts ServeOptions) error {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	k, err := wire.Listen(ctx, info, wire.WithLogger(log))
	if err != nil {
		return err
	}
	s := &server{k: k, x: x, log: log, opts: opts,
		queue: make(chan queuedRequest, execQueueSize), shutdown: make(chan bool, 1)}

	s.publish(nil, wire.Status, map[string]any{"execution_state": "starting"})
	var wg sync.WaitGroup
	wg.Add(4)
	go func() { defer wg.Done(); s.shellLoop() }()
	go func() { defer wg.Done(); s.stdinLoop() }()
	go func() { defer wg.Done(); s.controlLoop() }()
	go func() { defer wg.Done(); s.executeLoop(ctx) }()

	select {
	case <-ctx.Done():
	case <-s.shutdown:
	}
	closeErr := x.Close() // interrupts the running cell first
	cancel()
	k.Close()
	close(s.queue)
	wg.Wait()
	if closeErr != nil {
		log.Warn("closing the Spark session", "err", closeErr)
	}
	return nil
}

func (s *server) publish(parent *wire.Message, t wire.MsgType, content any) {
	if err := s.k.Publish(parent, t, content); err != nil && !errors.Is(err, wire.ErrClosed) {
		s.log.Warn("publish", "type", t, "err", err)
	}
}

func (s *server) reply(req *wire.Message, t wire.MsgType, content any) {
	if err := s.k.Reply(req, t, content); err != nil && !errors.Is(err, wire.ErrClosed) {
		s.log.Warn("reply", "type", t, "err", err)
	}
}

func (s *server) status(parent *wire.Message, state string) {
	s.publish(parent, wire.Status, map[string]any{"execution_state": state})
}

// withStatus answers req between busy and idle. While a cell runs the
// kernel stays busy, and an idle for a concurrent request would tell the
// front end otherwise, so then the status messages are left out.
func (s *server) withStatus(req *wire.Message, handle func()) {
	quiet := s.executing.Load()
	if !quiet {
		s.status(req, "busy")
	}
	handle()
	if !quiet {
		s.status(req, "idle")
	}
}

func (s *server) shellLoop() {
	for m := range s.k.Shell() {
		switch m.Header.MsgType {
		case wire.ExecuteRequest:
			select {
			case s.queue <- queuedRequest{m, time.Now()}:
			default:
				s.log.Warn("execute queue full: request dropped", "msg_id", m.Header.MsgID)
			}
		case wire.KernelInfoRequest:
			s.withStatus(m, func() { s.reply(m, wire.KernelInfoReply, s.kernelInfo()) })
		case wire.CompleteRequest:
			s.withStatus(m, func() { s.complete(m) })
		case wire.InspectRequest:
			s.withStatus(m, func() { s.inspect(m) })
		case wire.IsCompleteRequest:
			s.withStatus(m, func() { s.isComplete(m) })
		case wire.HistoryRequest:
			s.withStatus(m, func() { s.history(m) })
		case wire.CommInfoRequest:
			s.withStatus(m, func() {
				s.reply(m, wire.CommInfoReply, map[string]any{"status": "ok", "comms": map[string]any{}})
			})
		case wire.CommOpen:
			// No comm targets are registered: close the comm at once, as
			// ipykernel does, so the front end does not wait on it.
			s.withStatus(m, func() {
				var c struct {
					CommID string `json:"comm_id"`
					Target string `json:"target_name"`
				}
				if m.DecodeContent(&c) == nil && c.CommID != "" {
					s.log.Info("comm_open for an unknown target", "target", c.Target)
					s.publish(m, wire.CommClose, map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
				}
			})
		case wire.CommMsg, wire.CommClose:
			s.withStatus(m, func() {})
		case wire.ShutdownRequest:
			// Deprecated on shell since 5.4, still sent by old clients.
			s.shutdownRequest(m)
		default:
			s.log.Info("ignoring an unknown shell request", "type", m.Header.MsgType)
		}
	}
}

func (s *server) controlLoop() {
	for m := range s.k.Control() {
		switch m.Header.MsgType {
		case wire.KernelInfoRequest:
			s.status(m, "busy")
			s.reply(m, wire.KernelInfoReply, s.kernelInfo())
			s.status(m, "idle")
		case wire.InterruptRequest:
			s.x.Interrupt()
			s.reply(m, wire.InterruptReply, map[string]any{"status": "ok"})
		case wire.ShutdownRequest:
			s.shutdownRequest(m)
		case wire.DebugRequest:
			s.reply(m, wire.DebugReply, map[string]any{"status": "error", "ename": "NotImplemented",
				"evalue": "the sparkgo kernel has no debugger", "traceback": []string{}})
		default:
			s.log.Info("ignoring an unknown control request", "type", m.Header.MsgType)
		}
	}
}

func (s *server) shutdownRequest(m *wire.Message) {
	var c struct {
		Restart bool `json:"restart"`
	}
	_ = m.DecodeContent(&c)
	s.status(m, "busy")
	s.reply(m, wire.ShutdownReply, map[string]any{"status": "ok", "restart": c.Restart})
	s.status(m, "idle")
	select {
	case s.shutdown <- c.Restart:
	default:
	}
}

func (s *server) kernelInfo() map[string]any {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       wire.ProtocolVersion,
		"implementation":         "sparkgo",
		"implementation_version": s.opts.Version,
		"language_info": map[string]any{
			"name":            "go",
			"version":         goVersion,
			"mimetype":        "text/x-go",
			"file_extension":  ".go",
			"pygments_lexer":  "go",
			"codemirror_mode": "go",
		},
		"banner":     "sparkgo " + s.opts.Version + " — Go cells on Spark Connect. Type %help for help.",
		"help_links": []any{},
		"debugger":   false,
	}
}

// executeRequest is the content of execute_request. StoreHistory and
// StopOnError default to true when absent.
type executeRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      bool              `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

// queuedRequest is an execute request and when the kernel received it.
type queuedRequest struct {
	msg      *wire.Message
	received time.Time
}

// executeLoop runs execute requests in order. When a cell fails with
// stop_on_error, the requests queued behind it are aborted, and so are
// those that arrive later but were sent before the front end could know
// of the failure (Run All sends every cell at once; some reach the kernel
// only after the failure). That is judged on the front end's own clock,
// so the two machines' clocks need not agree: the failure happened, in
// client time, no earlier than the failed request's date plus how long the
// kernel held it. Leaving out the request's transit errs on the safe side:
// a program that sends its next cell the moment it sees the error reply
// must have it run.
func (s *server) executeLoop(ctx context.Context) {
	var abortSentBefore time.Time
	for q := range s.queue {
		if ctx.Err() != nil {
			continue
		}
		sent, dated := sentAt(q.msg)
		if dated && sent.Before(abortSentBefore) {
			s.abort(q.msg)
			continue
		}
		abortSentBefore = time.Time{}
		failedAt, stop := s.execute(ctx, q.msg)
		if !failedAt.IsZero() && stop {
			if dated {
				abortSentBefore = sent.Add(failedAt.Sub(q.received))
			}
			s.abortQueued()
		}
	}
}

// sentAt reads the date in m's header. A date that cannot be read reports
// false, and such a request is never aborted by mistake.
func sentAt(m *wire.Message) (time.Time, bool) {
	sent, err := time.Parse(time.RFC3339Nano, m.Header.Date)
	return sent, err == nil
}

// abortQueued answers the execute requests already queued behind a failed
// cell with status "aborted", as stop_on_error asks.
func (s *server) abortQueued() {
	for {
		select {
		case q, ok := <-s.queue:
			if !ok {
				return
			}
			s.abort(q.msg)
		default:
			return
		}
	}
}

func (s *server) abort(m *wire.Message) {
	s.status(m, "busy")
	s.reply(m, wire.ExecuteReply, map[string]any{"status": "aborted", "execution_count": s.x.count})
	s.status(m, "idle")
}

// execute runs one execute_request; it reports when the cell failed (zero
// if it did not), taken before the front end is told, and whether queued
// cells must then be aborted.
func (s *server) execute(ctx context.Context, m *wire.Message) (failedAt time.Time, stopOnError bool) {
	s.executing.Store(true)
	defer s.executing.Store(false)
	s.status(m, "busy")
	defer s.status(m, "idle")

	var req executeRequest
	if err := m.DecodeContent(&req); err != nil {
		s.reply(m, wire.ExecuteReply, map[string]any{"status": "error", "execution_count": s.x.count,
			"ename": "BadRequest", "evalue": err.Error(), "traceback": []string{err.Error()}})
		return time.Now(), false
	}
	store := req.StoreHistory == nil || *req.StoreHistory
	stopOnError = req.StopOnError == nil || *req.StopOnError
	if req.Silent {
		store = false
	}
	out := newIOPubOutput(s, m, req.AllowStdin)
	var cellOut Output = out
	if req.Silent {
		cellOut = discardOutput{}
	}
	opts := ExecOptions{Silent: req.Silent, StoreHistory: store, OnStart: func(count int) {
		if !req.Silent {
			s.publish(m, wire.ExecuteInput, map[string]any{"code": req.Code, "execution_count": count})
		}
	}}
	count, err := s.x.Run(ctx, req.Code, cellOut, opts)
	if err != nil {
		failedAt = time.Now()
	}
	out.Flush()
	if err != nil {
		ce := cellError(err)
		s.reply(m, wire.ExecuteReply, map[string]any{"status": "error", "execution_count": count,
			"ename": ce.Name, "evalue": ce.Value, "traceback": nonNil(ce.Traceback)})
		return failedAt, stopOnError
	}
	s.reply(m, wire.ExecuteReply, map[string]any{"status": "ok", "execution_count": count,
		"payload": out.payloads(), "user_expressions": s.userExpressions(ctx, req.UserExpressions)})
	return time.Time{}, stopOnError
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// userExpressions evaluates the expressions a front end asked for after a
// cell, each to a MIME bundle or an error.
func (s *server) userExpressions(ctx context.Context, exprs map[string]string) map[string]any {
	out := map[string]any{}
	for name, expr := range exprs {
		b, err := s.x.Evaluate(ctx, expr)
		if err != nil {
			ce := cellError(err)
			out[name] = map[string]any{"status": "error", "ename": ce.Name, "evalue": ce.Value, "traceback": nonNil(ce.Traceback)}
			continue
		}
		out[name] = map[string]any{"status": "ok", "data": b.Data, "metadata": metadataOf(b)}
	}
	return out
}

// input asks the front end of req for a line of text on the stdin channel
// and waits for its answer, or for the cell to be interrupted.
func (s *server) input(req *wire.Message, prompt string, password bool) (string, error) {
	s.stdinMu.Lock()
	defer s.stdinMu.Unlock()
	m, err := s.k.Session().NewMessage(wire.InputRequest, req, map[string]any{"prompt": prompt, "password": password})
	if err != nil {
		return "", err
	}
	m.Identities = req.Identities
	answer := make(chan string, 1)
	s.waitMu.Lock()
	s.waiting, s.answer = m.Header.MsgID, answer
	s.waitMu.Unlock()
	defer func() {
		s.waitMu.Lock()
		s.waiting, s.answer = "", nil
		s.waitMu.Unlock()
	}()
	if err := s.k.Send(wire.Stdin, m); err != nil {
		return "", err
	}
	select {
	case v := <-answer:
		return v, nil
	case <-s.x.cellCtx.Done():
		return "", errInterrupted
	case <-s.k.Done():
		return "", errors.New("the kernel is shutting down")
	}
}

// stdinLoop reads the stdin channel all the time, so that replies nobody
// waits for (stray, late or forged) are dropped instead of piling up, and
// hands the answer to the pending prompt to input.
func (s *server) stdinLoop() {
	for r := range s.k.Stdin() {
		var c struct {
			Value string `json:"value"`
		}
		s.waitMu.Lock()
		// jupyter_client's input() sends replies without a parent;
		// JupyterLab's name the prompt they answer.
		parent := r.ParentHeader.MsgID
		ok := r.Header.MsgType == wire.InputReply && s.waiting != "" && (parent == s.waiting || parent == "") &&
			r.DecodeContent(&c) == nil
		if ok {
			s.answer <- c.Value
			s.waiting = ""
		}
		s.waitMu.Unlock()
		if !ok {
			s.log.Info("ignoring a stdin message that answers no pending prompt", "type", r.Header.MsgType)
		}
	}
}

func (s *server) complete(m *wire.Message) {
	var c struct {
		Code      string `json:"code"`
		CursorPos int    `json:"cursor_pos"`
	}
	if err := m.DecodeContent(&c); err != nil {
		s.reply(m, wire.CompleteReply, errorContent(err))
		return
	}
	matches, start, end := s.x.Complete(c.Code, c.CursorPos)
	if matches == nil {
		matches = []string{}
	}
	s.reply(m, wire.CompleteReply, map[string]any{"status": "ok", "matches": matches,
		"cursor_start": start, "cursor_end": end, "metadata": map[string]any{}})
}

func (s *server) inspect(m *wire.Message) {
	var c struct {
		Code        string `json:"code"`
		CursorPos   int    `json:"cursor_pos"`
		DetailLevel int    `json:"detail_level"`
	}
	if err := m.DecodeContent(&c); err != nil {
		s.reply(m, wire.InspectReply, errorContent(err))
		return
	}
	b, found := s.x.Inspect(c.Code, c.CursorPos, c.DetailLevel)
	data := map[string]any{}
	if found {
		data = b.Data
	}
	s.reply(m, wire.InspectReply, map[string]any{"status": "ok", "found": found, "data": data, "metadata": map[string]any{}})
}

func (s *server) isComplete(m *wire.Message) {
	var c struct {
		Code string `json:"code"`
	}
	if err := m.DecodeContent(&c); err != nil {
		s.reply(m, wire.IsCompleteReply, errorContent(err))
		return
	}
	status, indent := s.x.IsComplete(c.Code)
	content := map[string]any{"status": status}
	if status == "incomplete" {
		content["indent"] = indent
	}
	s.reply(m, wire.IsCompleteReply, content)
}

func (s *server) history(m *wire.Message) {
	var c struct {
		Output  bool   `json:"output"`
		Access  string `json:"hist_access_type"`
		Session int    `json:"session"`
		Start   int    `json:"start"`
		Stop    int    `json:"stop"`
		N       int    `json:"n"`
		Pattern string `json:"pattern"`
		Unique  bool   `json:"unique"`
	}
	if err := m.DecodeContent(&c); err != nil {
		s.reply(m, wire.HistoryReply, errorContent(err))
		return
	}
	h := s.x.History()
	var entries []HistoryEntry
	switch c.Access {
	case "tail":
		entries = h.Tail(c.N)
	case "range":
		entries = h.Range(c.Session, c.Start, c.Stop)
	case "search":
		entries = h.Search(c.Pattern, c.N, c.Unique)
	}
	list := make([]any, 0, len(entries))
	for _, e := range entries {
		if c.Output {
			var out any
			if e.Output != "" {
				out = e.Output
			}
			list = append(list, []any{e.Session, e.Line, []any{e.Input, out}})
		} else {
			list = append(list, []any{e.Session, e.Line, e.Input})
		}
	}
	s.reply(m, wire.HistoryReply, map[string]any{"status": "ok", "history": list})
}

func errorContent(err error) map[string]any {
	return map[string]any{"status": "error", "ename": "BadRequest", "evalue": err.Error(),
		"traceback": []string{err.Error()}}
}
