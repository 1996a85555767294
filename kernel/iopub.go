package kernel

import (
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/kernel/wire"
)

// streamFlushDelay is how long stream text waits for more before it is
// published: writes in quick succession go out as one stream message.
const streamFlushDelay = 50 * time.Millisecond

// iopubOutput publishes a cell's output on IOPub, as children of the
// execute_request. Stream text is coalesced per stream name and always
// published before any other message, so output keeps its order.
type iopubOutput struct {
	s   *server
	req *wire.Message

	allowStdin bool

	mu      sync.Mutex
	pending map[string]*strings.Builder
	order   []string // stream names in the order their text arrived
	timer   *time.Timer
	payload []map[string]any // execute_reply payloads (pager)
}

func newIOPubOutput(s *server, req *wire.Message, allowStdin bool) *iopubOutput {
	return &iopubOutput{s: s, req: req, allowStdin: allowStdin, pending: map[string]*strings.Builder{}}
}

func (o *iopubOutput) Stream(name, text string) {
	if text == "" {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	b, ok := o.pending[name]
	if !ok {
		b = &strings.Builder{}
		o.pending[name] = b
		o.order = append(o.order, name)
	}
	b.WriteString(text)
	if o.timer == nil {
		o.timer = time.AfterFunc(streamFlushDelay, o.Flush)
	}
}

// Flush publishes the pending stream text now.
func (o *iopubOutput) Flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked()
}

func (o *iopubOutput) flushLocked() {
	if o.timer != nil {
		o.timer.Stop()
		o.timer = nil
	}
	for _, name := range o.order {
		o.s.publish(o.req, wire.Stream, map[string]any{"name": name, "text": o.pending[name].String()})
	}
	clear(o.pending)
	o.order = o.order[:0]
}

// send publishes a non-stream message after the pending stream text.
func (o *iopubOutput) send(t wire.MsgType, content map[string]any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked()
	o.s.publish(o.req, t, content)
}

func (o *iopubOutput) Display(b display.Bundle, id string, update bool) {
	content := map[string]any{"data": b.Data, "metadata": metadataOf(b), "transient": map[string]any{}}
	if id != "" {
		content["transient"] = map[string]any{"display_id": id}
	}
	t := wire.DisplayData
	if update && id != "" {
		t = wire.UpdateDisplayData
	}
	o.send(t, content)
}

func (o *iopubOutput) Result(count int, b display.Bundle) {
	o.send(wire.ExecuteResult, map[string]any{"execution_count": count, "data": b.Data, "metadata": metadataOf(b)})
}

func (o *iopubOutput) Error(e *CellError) {
	tb := e.Traceback
	if tb == nil {
		tb = []string{}
	}
	o.send(wire.Error, map[string]any{"ename": e.Name, "evalue": e.Value, "traceback": tb})
}

func (o *iopubOutput) Clear(wait bool) {
	o.send(wire.ClearOutput, map[string]any{"wait": wait})
}

func (o *iopubOutput) Page(b display.Bundle) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.payload = append(o.payload, map[string]any{"source": "page", "data": b.Data, "start": 0})
}

func (o *iopubOutput) payloads() []map[string]any {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.payload == nil {
		return []map[string]any{}
	}
	return o.payload
}

func (o *iopubOutput) Input(prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", errors.New("this front end does not accept input (allow_stdin is false)")
	}
	o.Flush()
	return o.s.input(o.req, prompt, password)
}

func metadataOf(b display.Bundle) map[string]any {
	if b.Metadata == nil {
		return map[string]any{}
	}
	return b.Metadata
}

// discardOutput drops everything: the output of silent executions.
type discardOutput struct{}

func (discardOutput) Stream(string, string)                {}
func (discardOutput) Display(display.Bundle, string, bool) {}
func (discardOutput) Result(int, display.Bundle)           {}
func (discardOutput) Error(*CellError)                     {}
func (discardOutput) Clear(bool)                           {}
func (discardOutput) Page(display.Bundle)                  {}
func (discardOutput) Input(string, bool) (string, error) {
	return "", errors.New("a silent execution cannot ask for input")
}
