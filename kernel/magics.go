package kernel

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/sparkgo/sparkgo/connect/local"
	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/frame"
)

// magic is one magic command: %name args, or a cell magic (%sql) with the
// rest of the cell as its body.
type magic struct {
	name string
	args []string
	body string
}

// splitMagics separates the magic lines at the top of a cell from the Go
// code after them. %sql (or %%sql) takes the rest of the cell as SQL.
func splitMagics(code string) ([]magic, string, error) {
	var magics []magic
	rest := code
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			rest = after
			continue
		}
		if !strings.HasPrefix(trimmed, "%") {
			break
		}
		fields := strings.Fields(strings.TrimLeft(trimmed, "%"))
		if len(fields) == 0 {
			return nil, "", &UsageError{Msg: "a magic line needs a name after %; run %help to list the magics"}
		}
		name := fields[0]
		if name == "sql" {
			body := strings.TrimSpace(strings.TrimPrefix(strings.TrimLeft(trimmed, "%"), "sql") + "\n" + after)
			magics = append(magics, magic{name: name, body: body})
			return magics, "", nil
		}
		magics = append(magics, magic{name: name, args: fields[1:]})
		rest = after
	}
	return magics, rest, nil
}

// magicHelp is the text of %help.
const magicHelp = `sparkgo kernel — Go cells against Spark Connect

Cells are Go: statements, declarations and imports in any order. The value of
a cell's last expression is displayed: a DataFrame as a table of its first
rows, errors as Spark errors, other values as text.

Ready in every cell:
  spark     the Spark session (*F.Session), connected on first use
  ctx       the cell's context; interrupting the cell cancels it
  F         the DataFrame verbs and functions (package frame)
  datasets  sample data: datasets.CopyMtcars(ctx, spark), datasets.Iris()
  ml        models: ml.LinearRegression(ctx, mtcars, "mpg ~ .", nil) shows its model card
  nb        nb.Display, nb.HTML, nb.Markdown, nb.Update, nb.Clear, nb.Input
  display   renderers: display.Table, display.Schema, display.Plot
  fmt, os, strings, strconv, math, time, errors, context

Magics (at the top of a cell):
  %sql QUERY…                 run Spark SQL (the rest of the cell) and show the result
  %connect sc://host:port     connect spark to another Spark Connect server
  %service start|stop|status  manage the local Spark service [--version 4.1] [--port 15002]
  %schema NAME                show the schema of a table or of a DataFrame variable
  %rows N                     show N rows of DataFrame values (now {rows})
  %doc NAME                   show the documentation of NAME in the pager
  %help                       this text

Interrupt (■) stops the running cell and its Spark jobs; the kernel keeps its state.`

// runMagic runs one magic and returns the bundle to show as the cell's
// value (nil for none) and the rows it holds when it is a table.
func (x *Executor) runMagic(ctx context.Context, m magic, out Output) (*display.Bundle, int64, error) {
	switch m.name {
	case "help":
		b := textBundle(strings.Replace(magicHelp, "{rows}", strconv.Itoa(x.RowLimit()), 1))
		return &b, -1, nil
	case "sql":
		if m.body == "" {
			return nil, -1, &UsageError{Msg: "%sql needs a query, on the same line or the lines below"}
		}
		if err := x.ensureSpark(ctx, out); err != nil {
			return nil, -1, err
		}
		df := x.sparkSession().Sql(ctx, m.body)
		b, rows, err := x.renderDataFrame(ctx, df)
		if err != nil {
			return nil, -1, err
		}
		return &b, rows, nil
	case "connect":
		if len(m.args) != 1 {
			return nil, -1, &UsageError{Msg: "usage: %connect sc://host:port[/;param=value…] (or %connect local for the local service)"}
		}
		remote := m.args[0]
		if remote == "local" {
			x.spark.mu.Lock()
			x.spark.remote = ""
			x.spark.mu.Unlock()
			return nil, -1, x.connectLocal(ctx, out)
		}
		x.spark.mu.Lock()
		x.spark.remote = remote
		x.spark.mu.Unlock()
		return nil, -1, x.connect(ctx, remote, out)
	case "service":
		return nil, -1, x.serviceMagic(ctx, m.args, out)
	case "schema":
		if len(m.args) != 1 {
			return nil, -1, &UsageError{Msg: "usage: %schema TABLE or %schema DATAFRAME_VARIABLE"}
		}
		return x.schemaMagic(ctx, m.args[0], out)
	case "rows":
		n := -1
		if len(m.args) == 1 {
			n, _ = strconv.Atoi(m.args[0])
		}
		if n <= 0 {
			return nil, -1, &UsageError{Msg: "usage: %rows N, with N a positive number of rows"}
		}
		x.rowLimit.Store(int64(n))
		out.Stream("stdout", fmt.Sprintf("DataFrame values now show %d rows\n", n))
		return nil, -1, nil
	case "doc":
		if len(m.args) != 1 {
			return nil, -1, &UsageError{Msg: "usage: %doc NAME, such as %doc fmt.Println or %doc F.Col"}
		}
		b, found := x.Inspect(m.args[0], len([]rune(m.args[0])), 1)
		if !found {
			return nil, -1, &UsageError{Msg: fmt.Sprintf("no documentation found for %s", m.args[0])}
		}
		out.Page(b)
		return nil, -1, nil
	}
	return nil, -1, &UsageError{Msg: fmt.Sprintf("unknown magic %%%s: run %%help to list the magics", m.name)}
}

// connectLocal connects to the local service, even when SPARK_REMOTE is set.
func (x *Executor) connectLocal(ctx context.Context, out Output) error {
	svc, err := x.startLocal(ctx, out)
	if err != nil {
		return err
	}
	return x.connect(ctx, svc.URL, out)
}

func (x *Executor) serviceMagic(ctx context.Context, args []string, out Output) error {
	usage := &UsageError{Msg: "usage: %service start|stop|status [--version 4.1] [--port 15002]"}
	if len(args) == 0 {
		return usage
	}
	fs := flag.NewFlagSet("%service", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	version := fs.String("version", x.cfg.LocalVersion, "")
	port := fs.Int("port", x.cfg.LocalPort, "")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 {
		return usage
	}
	if *port == 0 {
		*port = local.DefaultPort
	}
	switch args[0] {
	case "start":
		out.Stream("stdout", fmt.Sprintf("Starting the local Spark service on port %d…\n", *port))
		svc, err := local.Ensure(ctx, local.Options{Version: *version, Port: *port, Progress: &streamWriter{x: x, name: "stderr"}})
		if err != nil {
			return fmt.Errorf("starting the local Spark service: %w", err)
		}
		state := "started"
		if svc.Reused {
			state = "already running"
		}
		out.Stream("stdout", fmt.Sprintf("Spark %s %s at %s (pid %d, log %s)\n", svc.Version, state, svc.URL, svc.PID, svc.LogPath))
		return nil
	case "stop":
		if x.spark.usesPort(*port) {
			x.spark.close()
			if _, err := x.eng.Eval(ctx, "spark = nil"); err != nil {
				return err
			}
		}
		stopCtx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := local.Stop(stopCtx, *port); err != nil {
			if errors.Is(err, local.ErrNotRunning) {
				out.Stream("stdout", fmt.Sprintf("No local Spark service runs on port %d\n", *port))
				return nil
			}
			return err
		}
		out.Stream("stdout", fmt.Sprintf("Stopped the local Spark service on port %d\n", *port))
		return nil
	case "status":
		st, err := local.Status(ctx, *port)
		if err != nil {
			return err
		}
		if !st.Running {
			out.Stream("stdout", fmt.Sprintf("Not running on port %d: %s\n", *port, st.Detail))
			return nil
		}
		out.Stream("stdout", fmt.Sprintf("Spark %s running at %s (pid %d, up %s, log %s)\n",
			st.Version, st.URL, st.PID, st.Uptime.Round(time.Second), st.LogPath))
		return nil
	}
	return usage
}

// schemaMagic shows the schema of a DataFrame variable or of a table.
func (x *Executor) schemaMagic(ctx context.Context, name string, out Output) (*display.Bundle, int64, error) {
	var df *frame.DataFrame
	if v, ok := x.eng.Global(name); ok && v.IsValid() && v.CanInterface() {
		if d, ok := v.Interface().(*frame.DataFrame); ok && d != nil {
			df = d
		}
	}
	if df == nil {
		if err := x.ensureSpark(ctx, out); err != nil {
			return nil, -1, err
		}
		df = x.sparkSession().Table(name)
	}
	s, err := df.Schema(ctx)
	if err != nil {
		return nil, -1, err
	}
	b := display.Schema(s)
	return &b, -1, nil
}
