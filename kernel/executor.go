package kernel

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/traefik/yaegi/interp"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/kernel/engine"
	"github.com/sparkgo/sparkgo/kernel/symbols"
	"github.com/sparkgo/sparkgo/nb"
)

// DefaultRowLimit is how many rows a DataFrame shown as a cell's value
// displays unless Config.RowLimit or %rows says otherwise.
const DefaultRowLimit = 10

// Config configures an [Executor]. The zero value is ready to use.
type Config struct {
	// Remote is the Spark Connect URL cells connect to. Empty means
	// $SPARK_REMOTE, and when that is empty too, the local Spark Connect
	// service on LocalPort, started (and installed) when needed.
	Remote string
	// LocalVersion is the Spark version of the local service started when
	// no remote is set; empty means the local package's default.
	LocalVersion string
	// LocalPort is the port of that local service; 0 means its default.
	LocalPort int
	// RowLimit is how many rows a DataFrame value displays; 0 means
	// DefaultRowLimit.
	RowLimit int
	// HistoryPath is the file that keeps executed cells across kernel
	// runs. Empty means history.jsonl in the sparkgo data directory; "-"
	// keeps history in memory only.
	HistoryPath string
	// Logger receives the executor's diagnostics; nil discards them.
	Logger *slog.Logger
}

// Executor runs cells: magics, Go code in an interpreter with state that
// lives across cells, and the display of their values. The Jupyter front
// end ([Serve]) and the headless notebook runner share it, so a notebook
// behaves the same in both. One cell runs at a time; Interrupt, Complete,
// Inspect and IsComplete may be called while a cell runs.
type Executor struct {
	cfg     Config
	id      string
	log     *slog.Logger
	eng     *engine.Engine
	history *History
	cellCtx cellContext

	runMu    sync.Mutex    // held while a cell runs
	evalBusy chan struct{} // holds a token while the interpreter runs
	count    int           // execution count of the last cell stored in history
	seq      int           // cells run, including silent ones (for operation tags)

	curMu   sync.Mutex
	running *runningCell
	lastOut Output // where late output of a finished cell's goroutines goes

	rowLimit atomic.Int64
	spark    sparkState
	schemas  schemaCache
}

// runningCell is the state of the cell being executed.
type runningCell struct {
	cancel   context.CancelFunc // cancels the cell's compiled calls
	stopEval context.CancelFunc // stops the interpreter
	tag      string
	out      Output
}

// ExecOptions adjusts one execution; see [Executor.Run].
type ExecOptions struct {
	// Silent runs the cell without counting it or storing it in history.
	// The caller decides what to do with its output.
	Silent bool
	// StoreHistory counts the cell (Out[n]) and stores it in history.
	StoreHistory bool
	// OnStart, if set, is called with the cell's execution count before
	// the cell runs (the Jupyter front end announces execute_input then).
	OnStart func(count int)
}

// NewExecutor starts the interpreter and evaluates the prelude. It does not
// connect to Spark: the first cell that uses spark does.
func NewExecutor(cfg Config) (*Executor, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	hist, err := OpenHistory(cfg.HistoryPath)
	if err != nil {
		return nil, err
	}
	x := &Executor{cfg: cfg, id: uuid.NewString()[:8], log: log, history: hist, evalBusy: make(chan struct{}, 1)}
	limit := cfg.RowLimit
	if limit <= 0 {
		limit = DefaultRowLimit
	}
	x.rowLimit.Store(int64(limit))
	x.spark.remote = cfg.Remote
	eng, err := engine.New(engine.Options{
		Stdout:  &streamWriter{x: x, name: "stdout"},
		Stderr:  &streamWriter{x: x, name: "stderr"},
		Exports: []interp.Exports{symbols.Symbols, x.runtimeExports()},
		Prelude: prelude,
		Doc:     symbols.Doc,
	})
	if err != nil {
		return nil, fmt.Errorf("kernel: starting the interpreter: %w", err)
	}
	x.eng = eng
	// Decode the documentation table now, off the critical path: the first
	// inspect request would otherwise pay for it.
	go symbols.DocPackages()
	return x, nil
}

// Execute runs code as the next cell, counted and stored in history, and
// sends its outputs to out. It returns the cell's execution count and, when
// the cell failed, the *CellError already reported to out. It implements
// the notebook runner's Executor.
func (x *Executor) Execute(ctx context.Context, code string, out Output) (int, error) {
	return x.Run(ctx, code, out, ExecOptions{StoreHistory: true})
}

// Run runs code as a cell with options; see Execute.
func (x *Executor) Run(ctx context.Context, code string, out Output, opts ExecOptions) (int, error) {
	x.runMu.Lock()
	defer x.runMu.Unlock()
	store := opts.StoreHistory && !opts.Silent
	if store {
		x.count++
	}
	count := x.count
	x.seq++
	if opts.OnStart != nil {
		opts.OnStart(count)
	}

	// Two contexts: the interpreter's, and the one compiled calls (Spark
	// operations, input prompts) see. An interrupt stops the interpreter
	// first, so that the statements after a call that returns because of
	// the interrupt do not run, and only then cancels the calls.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	evalCtx, stopEval := context.WithCancel(cctx)
	defer stopEval()
	tag := fmt.Sprintf("sparkgo-kernel-%s-cell-%d", x.id, x.seq)
	cctx = connect.WithTags(cctx, tag)
	prog := newProgressReporter(out)
	cctx = connect.WithProgress(cctx, prog.update)
	x.cellCtx.set(cctx)

	x.curMu.Lock()
	x.running = &runningCell{cancel: cancel, stopEval: stopEval, tag: tag, out: out}
	x.lastOut = out
	x.curMu.Unlock()
	defer func() {
		x.curMu.Lock()
		x.running = nil
		x.curMu.Unlock()
	}()

	restore := nb.Attach(&cellFrontend{x: x, ctx: cctx, out: out})
	defer restore()

	start := time.Now()
	result, rows, err := x.runCell(cctx, evalCtx, code, out)
	prog.finish(rows)
	var plain string
	if err != nil {
		ce := x.report(err, out)
		err = ce
	} else if result != nil {
		out.Result(count, *result)
		plain = result.Text()
	}
	x.log.Debug("cell done", "count", count, "elapsed", time.Since(start), "err", err)
	if store {
		x.history.Add(count, code, plain)
	}
	return count, err
}

// runCell runs one cell and returns the bundle of its value (nil when it
// has none) and, when that value is a DataFrame, the rows it returned.
func (x *Executor) runCell(ctx, evalCtx context.Context, code string, out Output) (*display.Bundle, int64, error) {
	magics, goCode, err := splitMagics(code)
	if err != nil {
		return nil, -1, err
	}
	var result *display.Bundle
	rows := int64(-1)
	for _, m := range magics {
		b, n, err := x.runMagic(ctx, m, out)
		if err != nil {
			return nil, -1, err
		}
		if b != nil {
			result, rows = b, n
		}
	}
	if strings.TrimSpace(goCode) == "" {
		return result, rows, nil
	}
	if usesSpark(goCode) {
		if err := x.ensureSpark(ctx, out); err != nil {
			return nil, -1, err
		}
	}
	res, err := x.eval(evalCtx, goCode)
	if err != nil {
		return nil, -1, err
	}
	return x.renderValues(ctx, res.Values)
}

// eval runs Go code in the interpreter, marking it busy for Interrupt.
func (x *Executor) eval(ctx context.Context, code string) (engine.Result, error) {
	x.evalBusy <- struct{}{}
	defer func() { <-x.evalBusy }()
	return x.eng.Eval(ctx, code)
}

// Interrupt stops the running cell, if any, and returns at once. The
// interpreter is stopped first, so that no statement runs after the call
// the interrupt ends; then the cell's context is cancelled, which ends its
// Spark operations and input prompts, and the operations tagged with the
// cell's tag are interrupted on the server.
func (x *Executor) Interrupt() {
	x.curMu.Lock()
	r := x.running
	x.curMu.Unlock()
	if r == nil {
		return
	}
	r.stopEval()
	go func() {
		// Eval returns as soon as its context ends, once the interpreter
		// has stopped.
		select {
		case x.evalBusy <- struct{}{}:
			<-x.evalBusy
		case <-time.After(time.Second):
		}
		r.cancel()
		sess := x.sparkSession()
		if sess == nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := sess.Conn().InterruptTag(ctx, r.tag); err != nil {
			x.log.Warn("interrupting the cell's Spark operations", "tag", r.tag, "err", err)
		}
	}()
}

// Close releases the Spark session. A local service the kernel started keeps
// running, so that the next kernel reuses it at once; %service stop stops it.
func (x *Executor) Close() error {
	x.Interrupt()
	return x.spark.close()
}

// RowLimit returns how many rows a DataFrame value displays.
func (x *Executor) RowLimit() int { return int(x.rowLimit.Load()) }

// History returns the executor's history store.
func (x *Executor) History() *History { return x.history }

// currentOutput returns the output of the running cell or, when none runs,
// of the last one, for output written by goroutines a cell left behind.
func (x *Executor) currentOutput() Output {
	x.curMu.Lock()
	defer x.curMu.Unlock()
	if x.running != nil {
		return x.running.out
	}
	return x.lastOut
}

// streamWriter is the interpreter's os.Stdout or os.Stderr.
type streamWriter struct {
	x    *Executor
	name string
}

func (w *streamWriter) Write(p []byte) (int, error) {
	if out := w.x.currentOutput(); out != nil {
		out.Stream(w.name, string(p))
	} else {
		// No cell has run yet (the prelude): keep it visible in the log.
		fmt.Fprint(os.Stderr, string(p))
	}
	return len(p), nil
}

// cellFrontend connects package nb to the running cell's output.
type cellFrontend struct {
	x   *Executor
	ctx context.Context
	out Output
}

func (f *cellFrontend) Show(v any, id string, update bool) error {
	b, _, err := f.x.render(f.ctx, v)
	if err != nil {
		return err
	}
	f.out.Display(b, id, update)
	return nil
}

func (f *cellFrontend) Clear(wait bool) { f.out.Clear(wait) }

func (f *cellFrontend) Input(prompt string, password bool) (string, error) {
	return f.out.Input(prompt, password)
}

func (f *cellFrontend) Page(text string) {
	f.out.Page(display.Bundle{Data: map[string]any{display.MIMEText: text}})
}
