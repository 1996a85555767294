package kernel

import (
	"context"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/sparkgo/sparkgo/frame"
)

// runtimePath is the import path under which the prelude reaches the
// executor. It is not a real package: cells have no reason to import it.
const runtimePath = "sparkgo.internal/kernelrt"

// prelude is evaluated once, before the first cell. It makes the seed's
// walkthrough read naturally: spark, ctx, F (the DataFrame verbs and
// functions), datasets, ml (models), nb (displays, input) and display
// (renderers).
const prelude = `import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sparkgo/sparkgo/datasets"
	"github.com/sparkgo/sparkgo/display"
	F "github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/ml"
	"github.com/sparkgo/sparkgo/nb"
	kernelrt "sparkgo.internal/kernelrt"
)

// ctx is the running cell's context: an interrupt cancels it.
var ctx context.Context = kernelrt.Context()

// spark is the Spark session, connected when a cell first uses it.
var spark *F.Session
`

// cellContext is the value of the prelude's ctx: a context.Context that
// always means "the cell running now", so code that captured ctx in an
// earlier cell is still cancelled by an interrupt of the current one.
type cellContext struct {
	current atomic.Pointer[context.Context]
}

func (c *cellContext) get() context.Context {
	if p := c.current.Load(); p != nil {
		return *p
	}
	return context.Background()
}

func (c *cellContext) set(ctx context.Context) { c.current.Store(&ctx) }

// Deadline implements context.Context.
func (c *cellContext) Deadline() (time.Time, bool) { return c.get().Deadline() }

// Done implements context.Context.
func (c *cellContext) Done() <-chan struct{} { return c.get().Done() }

// Err implements context.Context.
func (c *cellContext) Err() error { return c.get().Err() }

// Value implements context.Context.
func (c *cellContext) Value(key any) any { return c.get().Value(key) }

// String names the context in fmt output.
func (c *cellContext) String() string { return "kernel cell context" }

// runtimeExports is the symbol table of runtimePath.
func (x *Executor) runtimeExports() interp.Exports {
	return interp.Exports{runtimePath + "/kernelrt": {
		"Context": reflect.ValueOf(func() context.Context { return &x.cellCtx }),
		"Spark":   reflect.ValueOf(func() *frame.Session { return x.sparkSession() }),
	}}
}
