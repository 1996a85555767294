package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sparkgo/sparkgo/connect/local"
)

// runService implements `sparkgo-kernel service <action> [flags]`.
func runService(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "sparkgo-kernel: service needs an action: install, start, stop, status, logs or list")
		usage(stderr)
		return exitUsage
	}
	action := args[0]
	fs := flag.NewFlagSet("service "+action, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		opts  local.Options
		lines int
	)
	switch action {
	case "install":
		fs.StringVar(&opts.Version, "version", "", "Spark version, major.minor (default "+local.DefaultVersion+")")
	case "start":
		fs.StringVar(&opts.Version, "version", "", "Spark version, major.minor (default: any found, else "+local.DefaultVersion+")")
		fs.IntVar(&opts.Port, "port", local.DefaultPort, "port on 127.0.0.1")
		fs.StringVar(&opts.SparkHome, "spark-home", "", "Spark home (default: $SPARK_HOME, the managed install, python3's pyspark)")
		fs.StringVar(&opts.JavaHome, "java-home", "", "Java home (default: $JAVA_HOME, java on $PATH)")
		fs.StringVar(&opts.DriverMemory, "driver-memory", "", "server JVM heap, such as 4g (default "+local.DefaultDriverMemory+")")
		fs.DurationVar(&opts.StartTimeout, "timeout", local.DefaultStartTimeout, "how long to wait for the server to be ready")
	case "stop", "status":
		fs.IntVar(&opts.Port, "port", local.DefaultPort, "port on 127.0.0.1")
	case "logs":
		fs.IntVar(&opts.Port, "port", local.DefaultPort, "port on 127.0.0.1")
		fs.IntVar(&lines, "n", 50, "number of lines (0 for all)")
	case "list":
	default:
		fmt.Fprintf(stderr, "sparkgo-kernel: unknown service action %q\n\n", action)
		usage(stderr)
		return exitUsage
	}
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sparkgo-kernel: unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		return exitUsage
	}
	opts.Progress = stderr

	fail := func(err error) int {
		fmt.Fprintf(stderr, "sparkgo-kernel: %v\n", err)
		return exitFailure
	}
	switch action {
	case "install":
		sp, err := local.Install(ctx, opts)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stderr, "sparkgo-kernel: Spark %s is installed\n", sp.Version)
		fmt.Fprintln(stdout, sp.Home)
	case "start":
		svc, err := local.Start(ctx, opts)
		if err != nil {
			return fail(err)
		}
		if svc.Reused {
			fmt.Fprintf(stderr, "sparkgo-kernel: Spark Connect %s is already running on port %d (pid %d)\n", svc.Version, svc.Port, svc.PID)
		}
		fmt.Fprintln(stdout, svc.URL)
	case "stop":
		err := local.Stop(ctx, opts.Port)
		if errors.Is(err, local.ErrNotRunning) {
			fmt.Fprintf(stderr, "sparkgo-kernel: %v\n", err)
			return exitOK
		}
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stderr, "sparkgo-kernel: stopped the Spark Connect service on port %d\n", opts.Port)
	case "status":
		st, err := local.Status(ctx, opts.Port)
		if err != nil {
			return fail(err)
		}
		printStatus(stdout, st)
		if !st.Running {
			return exitNotRunning
		}
	case "logs":
		ls, err := local.Logs(opts.Port, lines)
		if err != nil {
			return fail(err)
		}
		for _, l := range ls {
			fmt.Fprintln(stdout, l)
		}
	case "list":
		all, err := local.List(ctx)
		if err != nil {
			return fail(err)
		}
		if len(all) == 0 {
			fmt.Fprintln(stderr, "sparkgo-kernel: no known Spark Connect services")
			return exitOK
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "PORT\tSTATE\tVERSION\tPID\tUPTIME\tURL")
		for _, s := range all {
			state := "running"
			if !s.Running {
				state = "stale"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\n", s.Port, state, s.Version, s.PID, uptime(s.Uptime), s.URL)
		}
		tw.Flush()
	}
	return exitOK
}

func printStatus(w io.Writer, s *local.ServiceStatus) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if s.Running {
		fmt.Fprintf(tw, "status:\trunning\n")
	} else {
		fmt.Fprintf(tw, "status:\tnot running (%s)\n", s.Detail)
	}
	if s.Version != "" {
		fmt.Fprintf(tw, "version:\t%s\n", s.Version)
	}
	fmt.Fprintf(tw, "port:\t%d\n", s.Port)
	if s.PID != 0 {
		fmt.Fprintf(tw, "pid:\t%d\n", s.PID)
	}
	if s.Running {
		fmt.Fprintf(tw, "uptime:\t%s\n", uptime(s.Uptime))
		fmt.Fprintf(tw, "url:\t%s\n", s.URL)
	}
	if s.DriverMemory != "" {
		fmt.Fprintf(tw, "driver memory:\t%s\n", s.DriverMemory)
	}
	if s.SparkHome != "" {
		fmt.Fprintf(tw, "spark home:\t%s\n", s.SparkHome)
	}
	if s.LogPath != "" {
		fmt.Fprintf(tw, "log:\t%s\n", s.LogPath)
	}
	tw.Flush()
}

func uptime(d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	return d.Round(time.Second).String()
}
