package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/kernel"
	"github.com/sparkgo/sparkgo/kernel/notebook"
)

// exitCellFailed is run's exit code when a cell or the script failed.
const exitCellFailed = 4

// runRun is `sparkgo-kernel run NOTEBOOK.ipynb|SCRIPT.go`.
func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "where to write the executed notebook (default: update NOTEBOOK in place)")
	html := fs.String("html", "", "also write the executed notebook as a self-contained HTML page")
	keepGoing := fs.Bool("keep-going", false, "run every cell even after one fails")
	remote := fs.String("remote", "", "Spark Connect URL (default $SPARK_REMOTE, else the local service)")
	rows := fs.Int("rows", envInt("SPARKGO_ROWS", 0), "rows shown for a DataFrame value (default 10)")
	// Flags may follow the file name, as in `run nb.ipynb --html out.html`.
	var file string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		if file != "" {
			fmt.Fprintf(stderr, "run: one notebook or script at a time (got %q and %q)\n", file, fs.Arg(0))
			return exitUsage
		}
		file, rest = fs.Arg(0), fs.Args()[1:]
	}
	if file == "" {
		fmt.Fprintln(stderr, "usage: sparkgo-kernel run NOTEBOOK.ipynb [-o OUT.ipynb] [--html OUT.html] [--keep-going]\n       sparkgo-kernel run SCRIPT.go")
		return exitUsage
	}
	x, err := kernel.NewExecutor(kernel.Config{Remote: *remote, RowLimit: *rows, HistoryPath: "-"})
	if err != nil {
		fmt.Fprintln(stderr, "sparkgo-kernel run:", err)
		return exitFailure
	}
	defer x.Close()
	if strings.HasSuffix(file, ".go") {
		return runScript(ctx, x, file, stdout, stderr)
	}
	if *out == "" {
		*out = file
	}
	return runNotebook(ctx, x, file, *out, *html, *keepGoing, stderr)
}

func runNotebook(ctx context.Context, x *kernel.Executor, in, out, html string, keepGoing bool, stderr io.Writer) int {
	f, err := os.Open(in)
	if err != nil {
		fmt.Fprintln(stderr, "sparkgo-kernel run:", err)
		return exitFailure
	}
	nb, err := notebook.Read(f)
	f.Close()
	if err != nil {
		fmt.Fprintf(stderr, "sparkgo-kernel run: %s: %v\n", in, err)
		return exitFailure
	}
	runErr := notebook.Run(ctx, nb, x, notebook.RunOptions{KeepGoing: keepGoing})
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	if _, ok := nb.Metadata["kernelspec"]; !ok {
		nb.Metadata["kernelspec"] = map[string]any{"name": "sparkgo", "display_name": "Go (sparkgo)", "language": "go"}
	}
	nb.Metadata["language_info"] = map[string]any{"name": "go", "file_extension": ".go", "mimetype": "text/x-go"}
	// Write the results even when a cell failed: its error output is
	// what the reader needs to see.
	if err := writeAtomic(out, nb.Write); err != nil {
		fmt.Fprintln(stderr, "sparkgo-kernel run:", err)
		return exitFailure
	}
	if html != "" {
		title := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
		if err := writeAtomic(html, func(w io.Writer) error {
			return notebook.WriteHTML(w, nb, notebook.HTMLOptions{Title: title})
		}); err != nil {
			fmt.Fprintln(stderr, "sparkgo-kernel run:", err)
			return exitFailure
		}
	}
	var failed *notebook.CellFailedError
	switch {
	case errors.As(runErr, &failed):
		fmt.Fprintf(stderr, "sparkgo-kernel run: %s: %v\n", in, failed)
		return exitCellFailed
	case runErr != nil:
		fmt.Fprintf(stderr, "sparkgo-kernel run: %s: %v\n", in, runErr)
		return exitFailure
	}
	return exitOK
}

// writeAtomic writes a file through a temporary file and a rename, so that
// a failure never leaves a half-written notebook behind.
func writeAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(tmp)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// CreateTemp makes the file private; a notebook is not.
		mode := os.FileMode(0o644)
		if fi, serr := os.Stat(path); serr == nil {
			mode = fi.Mode().Perm()
		}
		err = os.Chmod(tmp.Name(), mode)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// runScript runs a Go file as one cell. A file with a package clause is a
// program: the clause is dropped and its main function called.
func runScript(ctx context.Context, x *kernel.Executor, path string, stdout, stderr io.Writer) int {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(stderr, "sparkgo-kernel run:", err)
		return exitFailure
	}
	code, err := scriptCell(path, src)
	if err != nil {
		fmt.Fprintln(stderr, "sparkgo-kernel run:", err)
		return exitFailure
	}
	out := &terminalOutput{stdout: stdout, stderr: stderr}
	if _, err := x.Execute(ctx, code, out); err != nil {
		return exitCellFailed
	}
	return exitOK
}

// scriptCell turns a script into cell code. A file with a package clause
// is a program: the clause is blanked out (keeping line numbers) and its
// func main, which cells may not declare, is renamed and called.
func scriptCell(path string, src []byte) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.PackageClauseOnly)
	if err != nil {
		// No package clause: the file is cell code already.
		return string(src), nil
	}
	code := []byte(string(src))
	for i := 0; i < int(f.Name.End())-1; i++ {
		if code[i] != '\n' {
			code[i] = ' '
		}
	}
	fset := token.NewFileSet()
	full, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		return "", err
	}
	for _, d := range full.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			off := fset.Position(fd.Name.Pos()).Offset
			// "main" becomes "run_" of the same length, so columns stay.
			copy(code[off:], "run_")
			return string(code) + "\nrun_()\n", nil
		}
	}
	return string(code), nil
}

// terminalOutput shows a script's output on a terminal: displays and values
// as their text renderings.
type terminalOutput struct {
	mu             sync.Mutex
	stdout, stderr io.Writer
}

func (o *terminalOutput) Stream(name, text string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if name == "stderr" {
		io.WriteString(o.stderr, text)
		return
	}
	io.WriteString(o.stdout, text)
}

func (o *terminalOutput) Display(b display.Bundle, _ string, _ bool) {
	o.Stream("stdout", b.Text()+"\n")
}

func (o *terminalOutput) Result(_ int, b display.Bundle) { o.Stream("stdout", b.Text()+"\n") }

func (o *terminalOutput) Error(e *kernel.CellError) {
	o.Stream("stderr", stripANSI(strings.Join(e.Traceback, "\n"))+"\n")
}

func (o *terminalOutput) Clear(bool) {}

func (o *terminalOutput) Input(prompt string, _ bool) (string, error) {
	o.Stream("stdout", prompt)
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func (o *terminalOutput) Page(b display.Bundle) { o.Stream("stdout", b.Text()+"\n") }

// stripANSI removes colour escape sequences.
func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < '@' || s[j] > '~') {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
