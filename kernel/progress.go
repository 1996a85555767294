package kernel

import (
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/display"
)

// progressInterval is the shortest time between two updates of a progress
// bar: at most five a second, so that a busy job does not flood the front
// end.
const progressInterval = 200 * time.Millisecond

// progressDelay is how long a cell's Spark work runs before a progress bar
// appears: quick queries show none.
const progressDelay = time.Second

// progressReporter shows a cell's Spark progress as one display that it
// updates in place, and closes it with the rows and the elapsed time.
type progressReporter struct {
	out   Output
	id    string
	start time.Time

	mu      sync.Mutex
	shown   bool
	last    connect.Progress
	lastAt  time.Time
	pending bool // an update was throttled and is still to be shown
	timer   *time.Timer
	done    bool
}

func newProgressReporter(out Output) *progressReporter {
	return &progressReporter{out: out, id: "sparkgo-progress-" + uuid.NewString(), start: time.Now()}
}

// update receives a progress report from the Spark client.
func (p *progressReporter) update(pr connect.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.last = pr
	// The first bar waits for progressDelay after the start, later ones
	// for progressInterval after the previous one.
	wait := progressInterval - time.Since(p.lastAt)
	if !p.shown {
		wait = progressDelay - time.Since(p.start)
	}
	if wait > 0 {
		if !p.pending {
			p.pending = true
			p.timer = time.AfterFunc(wait, p.flush)
		}
		return
	}
	p.showLocked()
}

func (p *progressReporter) flush() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pending && !p.done {
		p.showLocked()
	}
}

func (p *progressReporter) showLocked() {
	p.pending = false
	p.lastAt = time.Now()
	b := display.Progress(p.last, display.ProgressOptions{Elapsed: time.Since(p.start)})
	p.out.Display(b, p.id, p.shown)
	p.shown = true
}

// finish replaces the bar with a summary, when a bar was shown at all:
// quick queries never show one.
func (p *progressReporter) finish(rows int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.timer != nil {
		p.timer.Stop()
	}
	p.done = true
	if !p.shown {
		return
	}
	b := display.Progress(p.last, display.ProgressOptions{Elapsed: time.Since(p.start), Done: true, Rows: rows})
	p.out.Display(b, p.id, true)
}
