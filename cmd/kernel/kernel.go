package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"

	"github.com/sparkgo/sparkgo/kernel"
	"github.com/sparkgo/sparkgo/kernel/wire"
)

// runKernel is `sparkgo-kernel kernel --connection-file FILE`: the command a
// kernelspec's argv starts. It serves until a shutdown_request, SIGTERM, or
// the end of ctx.
func runKernel(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	fs.SetOutput(stderr)
	connFile := fs.String("connection-file", "", "the connection file Jupyter wrote (required)")
	remote := fs.String("remote", "", "Spark Connect URL (default $SPARK_REMOTE, else the local service)")
	rows := fs.Int("rows", envInt("SPARKGO_ROWS", 0), "rows shown for a DataFrame value (default 10; env SPARKGO_ROWS)")
	history := fs.String("history", os.Getenv("SPARKGO_HISTORY"), `history file ("-" keeps none; env SPARKGO_HISTORY)`)
	verbose := fs.Bool("v", false, "log protocol diagnostics to stderr")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *connFile == "" && fs.NArg() == 1 {
		*connFile = fs.Arg(0)
	}
	if *connFile == "" || fs.NArg() > 1 {
		fmt.Fprintln(stderr, "usage: sparkgo-kernel kernel --connection-file FILE")
		return exitUsage
	}
	info, err := wire.ReadConnectionFile(*connFile)
	if err != nil {
		fmt.Fprintln(stderr, "sparkgo-kernel:", err)
		return exitFailure
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	x, err := kernel.NewExecutor(kernel.Config{Remote: *remote, RowLimit: *rows, HistoryPath: *history, Logger: logger})
	if err != nil {
		fmt.Fprintln(stderr, "sparkgo-kernel:", err)
		return exitFailure
	}
	// With interrupt_mode "message" front ends send interrupt_request, but
	// a terminal's Ctrl-C (SIGINT) must interrupt the cell too, not kill the
	// kernel with its state.
	sigint := make(chan os.Signal, 1)
	signal.Notify(sigint, os.Interrupt)
	defer signal.Stop(sigint)
	go func() {
		for range sigint {
			x.Interrupt()
		}
	}()
	if err := kernel.Serve(ctx, info, x, kernel.ServeOptions{Version: version, Logger: logger}); err != nil {
		fmt.Fprintln(stderr, "sparkgo-kernel:", err)
		return exitFailure
	}
	return exitOK
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}
