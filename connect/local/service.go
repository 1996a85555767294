package local

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Service describes a running Spark Connect server managed by this package.
type Service struct {
	// PID is the server's process id (the JVM; on Unix also its process
	// group id).
	PID int
	// Port is the port the server listens on, on 127.0.0.1.
	Port int
	// Version is the Spark version reported by the server, such as "4.1.4".
	Version string
	// URL is the connection string for clients: "sc://localhost:<port>".
	URL string
	// SparkHome is the Spark home the server runs from.
	SparkHome string
	// JavaHome is the Java home the server runs with.
	JavaHome string
	// LogPath is the server's log file (stdout and stderr).
	LogPath string
	// DriverMemory is the server's JVM heap as passed to --driver-memory;
	// empty when Options.Conf set spark.driver.memory instead.
	DriverMemory string
	// StartedAt is when the server process was launched.
	StartedAt time.Time
	// Reused is set by Start when the service was already running and no
	// new process was launched. Callers that stop what they start should
	// leave a reused service alone.
	Reused bool
}

// ServiceStatus is the result of Status and List.
type ServiceStatus struct {
	// Service holds what is known about the service. For a service that is
	// not running, only Port and URL are set, plus the recorded fields of a
	// stale state file when there is one.
	Service
	// Running is true when the recorded process is alive and the port
	// answers a Spark Connect probe.
	Running bool
	// Uptime is the time since StartedAt, for a running service.
	Uptime time.Duration
	// Detail explains a service that is not running, such as "no sparkgo
	// service on port 15002" or "process 1234 has exited".
	Detail string
}

// URL returns the Spark Connect connection string for a local port:
// "sc://localhost:<port>".
func URL(port int) string {
	return "sc://localhost:" + strconv.Itoa(port)
}

// probeTimeout bounds one probe of an existing service.
const probeTimeout = 5 * time.Second

// Ensure returns a running service for opts: like Start, but when no Spark
// is found (FindSpark fails with ErrSparkNotFound) it first installs the
// managed Spark of opts.Version with Install. It is what test set-up code
// and the kernel's auto-start use.
func Ensure(ctx context.Context, opts Options) (*Service, error) {
	if opts.SparkHome == "" {
		if _, err := FindSpark(ctx, opts); errors.Is(err, ErrSparkNotFound) {
			sp, err := Install(ctx, opts)
			if err != nil {
				return nil, err
			}
			opts.SparkHome = sp.Home
		} else if err != nil {
			return nil, err
		}
	}
	return Start(ctx, opts)
}

// Start launches a Spark Connect server on 127.0.0.1:opts.Port and waits
// until it answers a gRPC AnalyzePlan(spark_version) call, for at most
// opts.StartTimeout.
//
// The server runs spark-submit with the class
// org.apache.spark.sql.connect.service.SparkConnectServer as a detached
// process (its own session on Unix), so it outlives the caller; stop it
// with Stop. Spark is found by FindSpark and Java by FindJava.
//
// Start is idempotent: when the port already runs a live service started by
// this package, Start returns it with Reused set (an error if opts.Version
// asks for another version; the other options are not compared). When the port is used by anything else the
// error wraps ErrPortInUse. When the server exits early, times out or ctx
// is cancelled, Start kills it and returns a *StartError (wrapping
// ErrStartFailed) with the last lines of its log.
func Start(ctx context.Context, opts Options) (*Service, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	port := opts.port()
	dir, err := runDir(port)
	if err != nil {
		return nil, err
	}
	release, err := lockPath(ctx, filepath.Join(dir, lockFile))
	if err != nil {
		return nil, err
	}
	defer release()

	if svc, err := existingService(ctx, dir, port, opts.Version); svc != nil || err != nil {
		return svc, err
	}
	if err := checkPortFree(ctx, port); err != nil {
		return nil, err
	}

	spark, err := FindSpark(ctx, opts)
	if err != nil {
		return nil, err
	}
	java, err := FindJava(ctx, opts.JavaHome)
	if err != nil {
		return nil, err
	}
	if err := java.CheckSpark(spark.Version); err != nil {
		return nil, err
	}
	return launch(ctx, opts, dir, port, spark, java)
}

// existingService handles a state file on the port: a live, answering
// service is returned (Reused); a live one that does not answer is an
// error; a dead one's state is removed and (nil, nil) returned.
func existingService(ctx context.Context, dir string, port int, wantVersion string) (*Service, error) {
	st, err := readState(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !st.processRunning() {
		if err := removeState(dir); err != nil {
			return nil, fmt.Errorf("local: removing stale state of port %d: %w", port, err)
		}
		return nil, nil
	}
	pctx, cancel := context.WithTimeout(ctx, probeTimeout)
	v, perr := Probe(pctx, port)
	cancel()
	if perr != nil {
		return nil, fmt.Errorf("%w: port %d belongs to sparkgo service pid %d (Spark %s), which is running but does not answer (%v); see its log %s or stop it with `sparkgo-kernel service stop --port %d`",
			ErrPortInUse, port, st.PID, st.Version, perr, st.LogPath, port)
	}
	if !versionMatches(wantVersion, v) {
		return nil, fmt.Errorf("%w: port %d already runs sparkgo service pid %d with Spark %s, not the requested %s; stop it first or use another port",
			ErrPortInUse, port, st.PID, v, wantVersion)
	}
	svc := st.service()
	svc.Version = v
	svc.Reused = true
	return svc, nil
}

// checkPortFree fails with ErrPortInUse when 127.0.0.1:port cannot be
// bound, saying what answers there when it is a Spark Connect server.
func checkPortFree(ctx context.Context, port int) error {
	if portFree(port) {
		return nil
	}
	what := "another process (not a sparkgo service)"
	pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	if v, err := Probe(pctx, port); err == nil {
		what = fmt.Sprintf("a Spark Connect %s server not managed by sparkgo (connect to it with %s, or stop it)", v, URL(port))
	}
	cancel()
	return fmt.Errorf("%w: port %d on 127.0.0.1 is already in use by %s; choose another port (--port / Options.Port)", ErrPortInUse, port, what)
}

func portFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// serverArgs returns spark-submit's arguments; driverMemory may be empty.
func serverArgs(port int, driverMemory string, conf map[string]string) []string {
	var args []string
	if driverMemory != "" {
		args = append(args, "--driver-memory", driverMemory)
	}
	args = append(args,
		"--class", serverClass,
		"--name", "Spark Connect server",
		"--conf", "spark.connect.grpc.binding.address=127.0.0.1",
		"--conf", "spark.connect.grpc.binding.port="+strconv.Itoa(port),
		"--conf", "spark.driver.host=127.0.0.1",
		"--conf", "spark.driver.bindAddress=127.0.0.1",
		"--conf", "spark.ui.enabled=false",
	)
	keys := make([]string, 0, len(conf))
	for k := range conf {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		args = append(args, "--conf", k+"="+conf[k])
	}
	return args
}

// serverEnv returns the server's environment: ours, with SPARK_HOME and
// JAVA_HOME set and the variables that would turn spark-submit into a
// Connect client or enable token authentication removed.
func serverEnv(sparkHome, javaHome string) []string {
	drop := map[string]bool{
		"SPARK_HOME": true, "JAVA_HOME": true, "SPARK_REMOTE": true, "SPARK_CONNECT_MODE_ENABLED": true,
		"SPARK_API_MODE": true, "SPARK_CONNECT_AUTHENTICATE_TOKEN": true, "SPARK_LOCAL_IP": true,
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !drop[strings.ToUpper(k)] {
			env = append(env, kv)
		}
	}
	return append(env, "SPARK_HOME="+sparkHome, "JAVA_HOME="+javaHome, "SPARK_LOCAL_IP=127.0.0.1")
}

func launch(ctx context.Context, opts Options, dir string, port int, spark *Spark, java *Java) (*Service, error) {
	logPath := filepath.Join(dir, logFile)
	if _, err := os.Stat(logPath); err == nil {
		_ = os.Rename(logPath, logPath+".1")
	}
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("local: creating log: %w", err)
	}
	defer logf.Close()

	// Not CommandContext: the server must outlive ctx once it is ready.
	cmd := exec.Command(sparkSubmitPath(spark.Home), serverArgs(port, opts.driverMemory(), opts.Conf)...)
	cmd.Env = serverEnv(spark.Home, java.Home)
	cmd.Dir = dir // spark-warehouse, metastore_db and derby.log land here
	cmd.Stdout = logf
	cmd.Stderr = logf
	detach(cmd)
	fmt.Fprintf(logf, "sparkgo: %s\n", shellQuote(cmd.Args))
	fmt.Fprintf(logf, "sparkgo: SPARK_HOME=%s JAVA_HOME=%s (Java %s)\n", spark.Home, java.Home, java.Version)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("local: launching %s: %w", cmd.Path, err)
	}
	started := time.Now()
	fmt.Fprintf(opts.progress(), "sparkgo: starting Spark Connect %s on 127.0.0.1:%d (pid %d, log %s)\n", spark.Version, port, cmd.Process.Pid, logPath)

	// Reap the process whenever it exits, for as long as we live.
	exited := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()

	st := &state{
		PID: cmd.Process.Pid, Port: port, Version: spark.Version, SparkHome: spark.Home, JavaHome: java.Home,
		StartedAt: started, LogPath: logPath, URL: URL(port), DriverMemory: opts.driverMemory(),
	}
	fail := func(reason string, cause error) error {
		_ = forceKill(st.PID)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
		}
		_ = removeState(dir)
		tail, _ := tailFile(logPath, 20)
		return &StartError{Port: port, Reason: reason, LogPath: logPath, LogTail: tail, Err: cause}
	}
	if err := writeState(dir, st); err != nil {
		return nil, fail("cannot record its state", err)
	}

	p, err := newProber(port)
	if err != nil {
		return nil, fail("cannot create the probe client", err)
	}
	defer p.close()

	timeout := opts.startTimeout()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	var lastErr error
	for {
		select {
		case <-exited:
			return nil, fail(exitReason(waitErr), nil)
		case <-ctx.Done():
			return nil, fail("cancelled while waiting for the server", ctx.Err())
		case <-deadline.C:
			return nil, fail(fmt.Sprintf("the server did not answer within %v (last probe error below)", timeout), lastErr)
		case <-tick.C:
		}
		pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		v, err := p.sparkVersion(pctx)
		cancel()
		if err != nil {
			lastErr = err
			continue
		}
		st.Version = v
		if err := writeState(dir, st); err != nil {
			return nil, fail("cannot record its state", err)
		}
		fmt.Fprintf(opts.progress(), "sparkgo: Spark Connect %s ready at %s after %v\n", v, st.URL, time.Since(started).Round(100*time.Millisecond))
		return st.service(), nil
	}
}

func exitReason(err error) string {
	if err == nil {
		return "the server exited (status 0) before answering"
	}
	return fmt.Sprintf("the server exited before answering (%v)", err)
}

func (st *state) service() *Service {
	return &Service{
		PID: st.PID, Port: st.Port, Version: st.Version, URL: URL(st.Port), SparkHome: st.SparkHome,
		JavaHome: st.JavaHome, LogPath: st.LogPath, StartedAt: st.StartedAt, DriverMemory: st.DriverMemory,
	}
}

// Stop stops the service on port: SIGTERM to its process group, then after
// DefaultStopTimeout (or when ctx is done) SIGKILL. It removes the state
// file and pid file but keeps the log. When no service managed by this
// package runs there, Stop returns an error wrapping ErrNotRunning, which
// callers usually treat as success; a process on the port that this
// package did not start is never touched. On Windows, termination uses
// taskkill.
func Stop(ctx context.Context, port int) error {
	dir, err := runDir(port)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return notRunning(port, "")
	}
	release, err := lockPath(ctx, filepath.Join(dir, lockFile))
	if err != nil {
		return err
	}
	defer release()

	st, err := readState(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return notRunning(port, "")
	}
	if err != nil {
		return err
	}
	if !st.processRunning() {
		if err := removeState(dir); err != nil {
			return err
		}
		return notRunning(port, fmt.Sprintf("process %d had already exited; its stale state was removed", st.PID))
	}

	if err := terminate(st.PID); err != nil {
		return fmt.Errorf("local: stopping pid %d on port %d: %w", st.PID, port, err)
	}
	if !waitDead(ctx, st.PID, DefaultStopTimeout) {
		if err := forceKill(st.PID); err != nil {
			return fmt.Errorf("local: killing pid %d on port %d: %w", st.PID, port, err)
		}
		if !waitDead(context.Background(), st.PID, 5*time.Second) {
			return fmt.Errorf("local: pid %d on port %d survived SIGKILL", st.PID, port)
		}
	}
	if err := removeState(dir); err != nil {
		return fmt.Errorf("local: removing state of port %d: %w", port, err)
	}
	// Give the kernel a moment to release the socket so that an immediate
	// Start on the same port succeeds.
	for i := 0; i < 50 && !portFree(port); i++ {
		time.Sleep(100 * time.Millisecond)
	}
	return nil
}

func notRunning(port int, detail string) error {
	if detail == "" {
		detail = "no sparkgo service on port " + strconv.Itoa(port)
		if !portFree(port) {
			detail += " (the port is used by a process sparkgo did not start; it was left alone)"
		}
	}
	return fmt.Errorf("%w: %s", ErrNotRunning, detail)
}

// waitDead polls until pid is gone, for at most d or until ctx is done.
func waitDead(ctx context.Context, pid int, d time.Duration) bool {
	end := time.Now().Add(d)
	for {
		if !pidAlive(pid) {
			return true
		}
		if time.Now().After(end) || ctx.Err() != nil {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Status reports on the service on port. A service is running when its
// recorded process is alive and the port answers a Spark Connect probe;
// otherwise Running is false and Detail says why. Not running is not an
// error; errors are reserved for unreadable state.
func Status(ctx context.Context, port int) (*ServiceStatus, error) {
	s := &ServiceStatus{Service: Service{Port: port, URL: URL(port)}}
	dir, err := runDir(port)
	if err != nil {
		return nil, err
	}
	st, err := readState(dir)
	if errors.Is(err, fs.ErrNotExist) {
		s.Detail = strings.TrimPrefix(notRunning(port, "").Error(), ErrNotRunning.Error()+": ")
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	s.Service = *st.service()
	if !st.processRunning() {
		s.Detail = fmt.Sprintf("process %d has exited (stale state; see the log %s)", st.PID, st.LogPath)
		return s, nil
	}
	pctx, cancel := context.WithTimeout(ctx, probeTimeout)
	v, err := Probe(pctx, port)
	cancel()
	if err != nil {
		s.Detail = fmt.Sprintf("process %d is alive but port %d does not answer: %v", st.PID, port, err)
		return s, nil
	}
	s.Running = true
	s.Version = v
	s.Uptime = time.Since(st.StartedAt)
	return s, nil
}

// List returns the status of every service that has a state file, running
// or stale, ordered by port.
func List(ctx context.Context) ([]ServiceStatus, error) {
	c, err := CacheDir()
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(c, "run", "*", stateFile))
	if err != nil {
		return nil, err
	}
	var ports []int
	for _, f := range files {
		if p, err := strconv.Atoi(filepath.Base(filepath.Dir(f))); err == nil {
			ports = append(ports, p)
		}
	}
	sort.Ints(ports)
	var out []ServiceStatus
	for _, p := range ports {
		s, err := Status(ctx, p)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, nil
}

// shellQuote renders args for the log, quoting those a shell would split.
func shellQuote(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$*?;&|<>()") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		q[i] = a
	}
	return strings.Join(q, " ")
}
