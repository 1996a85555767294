package local

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Tests start real Spark Connect servers on ports 15101-15199 only; port
// 15002 may be in use by other work and is never touched.
const firstTestPort, lastTestPort = 15101, 15199

var (
	portMu   sync.Mutex
	nextPort = firstTestPort
)

// testPort returns a port in the test range that is free and has no sparkgo
// state, distinct from the ports returned before.
func testPort(t *testing.T) int {
	t.Helper()
	portMu.Lock()
	defer portMu.Unlock()
	for ; nextPort <= lastTestPort; nextPort++ {
		p := nextPort
		dir, err := runDir(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, stateFile)); err == nil {
			continue // another (possibly concurrent) user of the range
		}
		if portFree(p) {
			nextPort++
			// Keep the run directory (the server log) of a failed test.
			t.Cleanup(func() {
				if !t.Failed() {
					os.RemoveAll(dir)
				}
			})
			return p
		}
	}
	t.Fatalf("no free port in %d-%d", firstTestPort, lastTestPort)
	return 0
}

// TestServiceLifecycle starts one real server and runs the checks that need
// a live one against it: start (twice concurrently, so one is reused),
// status, probe, idempotent start, a conflicting version, logs, list, stop,
// status after stop, stop again.
func TestServiceLifecycle(t *testing.T) {
	managedSpark(t)
	port := testPort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	t.Cleanup(func() { Stop(context.Background(), port) })

	// Two concurrent starts, as two test binaries' TestMain would do: one
	// launches the server, the other waits on the lock and reuses it.
	var (
		wg   sync.WaitGroup
		svcs [2]*Service
		errs [2]error
	)
	begin := time.Now()
	for i := range svcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			svcs[i], errs[i] = Ensure(ctx, Options{Port: port, Version: "4.1", Progress: testWriter{t}})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Ensure #%d: %v", i, err)
		}
	}
	t.Logf("server ready after %v", time.Since(begin))
	if svcs[0].Reused == svcs[1].Reused {
		t.Fatalf("concurrent starts: Reused = %v and %v, want exactly one launch", svcs[0].Reused, svcs[1].Reused)
	}
	svc := svcs[0]
	if svc.Reused {
		svc = svcs[1]
	}
	if svc.Port != port || svc.Version != "4.1.4" || svc.URL != "sc://localhost:"+strconv.Itoa(port) || svc.PID <= 0 {
		t.Fatalf("Start = %+v, want port %d, version 4.1.4, URL sc://localhost:%d", svc, port, port)
	}
	if svcs[0].PID != svcs[1].PID {
		t.Errorf("concurrent starts returned pids %d and %d", svcs[0].PID, svcs[1].PID)
	}

	t.Run("driver memory", func(t *testing.T) {
		if svc.DriverMemory != DefaultDriverMemory {
			t.Errorf("Service.DriverMemory = %q, want %q", svc.DriverMemory, DefaultDriverMemory)
		}
		cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(svc.PID) + "/cmdline")
		if err != nil {
			t.Skipf("no /proc: %v", err)
		}
		if !strings.Contains(string(cmdline), "\x00-Xmx"+DefaultDriverMemory+"\x00") {
			t.Errorf("server JVM command line has no -Xmx%s: %q", DefaultDriverMemory, strings.ReplaceAll(string(cmdline), "\x00", " "))
		}
	})

	t.Run("probe", func(t *testing.T) {
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		v, err := Probe(pctx, port)
		if err != nil || v != "4.1.4" {
			t.Fatalf("Probe(%d) = %q, %v, want 4.1.4", port, v, err)
		}
	})

	t.Run("binds 127.0.0.1", func(t *testing.T) {
		if portFree(port) {
			t.Errorf("127.0.0.1:%d is bindable while the server runs", port)
		}
		// localhost in the URL must reach it.
		c, err := net.DialTimeout("tcp", "localhost:"+strconv.Itoa(port), 2*time.Second)
		if err != nil {
			t.Fatalf("dial localhost:%d: %v", port, err)
		}
		c.Close()
	})

	t.Run("status", func(t *testing.T) {
		st, err := Status(ctx, port)
		if err != nil {
			t.Fatal(err)
		}
		if !st.Running || st.PID != svc.PID || st.Version != "4.1.4" || st.Uptime <= 0 || st.URL != svc.URL {
			t.Fatalf("Status = %+v, want running pid %d version 4.1.4", st, svc.PID)
		}
	})

	t.Run("start again is idempotent", func(t *testing.T) {
		again, err := Start(ctx, Options{Port: port})
		if err != nil {
			t.Fatalf("Start on a running port: %v", err)
		}
		if !again.Reused || again.PID != svc.PID || again.Version != "4.1.4" {
			t.Errorf("Start again = %+v, want the running service reused", again)
		}
	})

	t.Run("start with another version", func(t *testing.T) {
		_, err := Start(ctx, Options{Port: port, Version: "4.0"})
		if !errors.Is(err, ErrPortInUse) || !strings.Contains(err.Error(), strconv.Itoa(port)) || !strings.Contains(err.Error(), "4.1.4") {
			t.Errorf("Start(version 4.0) on a 4.1.4 port = %v, want ErrPortInUse naming the port and version", err)
		}
	})

	t.Run("logs and list", func(t *testing.T) {
		lines, err := Logs(port, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(lines, "\n"), "Spark Connect server started") {
			t.Errorf("Logs(%d) has no 'Spark Connect server started' line; last lines: %q", port, lines[max(0, len(lines)-5):])
		}
		if got, _ := Logs(port, 3); len(got) != 3 {
			t.Errorf("Logs(%d, 3) returned %d lines", port, len(got))
		}
		all, err := List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range all {
			if s.Port == port {
				found = s.Running && s.PID == svc.PID
			}
		}
		if !found {
			t.Errorf("List() = %+v, want a running entry for port %d", all, port)
		}
	})

	if err := Stop(ctx, port); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if pidAlive(svc.PID) {
		t.Errorf("pid %d still alive after Stop", svc.PID)
	}
	if !portFree(port) {
		t.Errorf("port %d still bound after Stop", port)
	}
	st, err := Status(ctx, port)
	if err != nil {
		t.Fatal(err)
	}
	if st.Running || !strings.Contains(st.Detail, "no sparkgo service") {
		t.Errorf("Status after Stop = %+v, want not running", st)
	}
	if err := Stop(ctx, port); !errors.Is(err, ErrNotRunning) {
		t.Errorf("second Stop = %v, want ErrNotRunning", err)
	}
	if lines, err := Logs(port, 5); err != nil || len(lines) == 0 {
		t.Errorf("Logs after Stop = %q, %v, want the last run's log", lines, err)
	}
}

func TestStartPortInUse(t *testing.T) {
	port := testPort(t)
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = Start(context.Background(), Options{Port: port})
	if !errors.Is(err, ErrPortInUse) {
		t.Fatalf("Start on a taken port = %v, want ErrPortInUse", err)
	}
	if !strings.Contains(err.Error(), "port "+strconv.Itoa(port)) || !strings.Contains(err.Error(), "another process") {
		t.Errorf("error %q does not name port %d and say another process holds it", err, port)
	}
	if err := Stop(context.Background(), port); !errors.Is(err, ErrNotRunning) || !strings.Contains(err.Error(), "left alone") {
		t.Errorf("Stop on a port held by a foreign process = %v, want ErrNotRunning saying it was left alone", err)
	}
}

func TestStartBadSparkHome(t *testing.T) {
	port := testPort(t)
	bad := t.TempDir()
	_, err := Start(context.Background(), Options{Port: port, SparkHome: bad})
	if !errors.Is(err, ErrInvalidSparkHome) || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "spark-submit") {
		t.Fatalf("Start(bad SparkHome) = %v, want ErrInvalidSparkHome naming %s and spark-submit", err, bad)
	}
	if portFree(port) == false {
		t.Errorf("port %d taken after a failed start", port)
	}
}

func TestStartBadJavaHome(t *testing.T) {
	managedSpark(t)
	port := testPort(t)
	t.Setenv("JAVA_HOME", filepath.Join(t.TempDir(), "jdk"))
	_, err := Start(context.Background(), Options{Port: port, Version: "4.1"})
	if !errors.Is(err, ErrJavaNotFound) || !strings.Contains(err.Error(), "JAVA_HOME") || !strings.Contains(err.Error(), "JDK 17") {
		t.Fatalf("Start with a bogus JAVA_HOME = %v, want ErrJavaNotFound explaining JAVA_HOME and JDK 17", err)
	}
}

// TestStartEarlyExit launches a server whose JVM cannot start (an invalid
// spark.driver.memory) and checks that Start reports the exit with the log.
func TestStartEarlyExit(t *testing.T) {
	managedSpark(t)
	port := testPort(t)
	t.Cleanup(func() { Stop(context.Background(), port) })
	begin := time.Now()
	_, err := Start(context.Background(), Options{
		Port: port, Version: "4.1", StartTimeout: time.Minute,
		Conf: map[string]string{"spark.driver.memory": "bogus"},
	})
	t.Logf("failed after %v: %v", time.Since(begin), err)
	var se *StartError
	if !errors.As(err, &se) || !errors.Is(err, ErrStartFailed) {
		t.Fatalf("Start with an invalid driver memory = %v, want a *StartError", err)
	}
	if !strings.Contains(se.Reason, "exited") {
		t.Errorf("StartError.Reason = %q, want it to say the server exited", se.Reason)
	}
	if len(se.LogTail) == 0 || len(se.LogTail) > 20 {
		t.Errorf("StartError.LogTail has %d lines, want 1-20", len(se.LogTail))
	}
	if !strings.Contains(err.Error(), "Invalid maximum heap size") {
		t.Errorf("error does not contain the JVM's complaint from the log:\n%v", err)
	}
	st, err := Status(context.Background(), port)
	if err != nil || st.Running || st.PID != 0 {
		t.Errorf("Status after a failed start = %+v, %v, want no service", st, err)
	}
}

func TestStartTimeout(t *testing.T) {
	managedSpark(t)
	port := testPort(t)
	t.Cleanup(func() { Stop(context.Background(), port) })
	_, err := Start(context.Background(), Options{Port: port, Version: "4.1", StartTimeout: 1500 * time.Millisecond})
	var se *StartError
	if !errors.As(err, &se) || !strings.Contains(se.Reason, "did not answer within 1.5s") {
		t.Fatalf("Start with a 1.5s timeout = %v, want a *StartError for the timeout", err)
	}
	if !portFree(port) {
		// The JVM may bind late; give the kill a moment.
		time.Sleep(2 * time.Second)
		if !portFree(port) {
			t.Errorf("port %d still bound after a timed-out start was killed", port)
		}
	}
	if st, _ := Status(context.Background(), port); st.PID != 0 {
		t.Errorf("state left behind after a timed-out start: %+v", st)
	}
}

func TestOptionsValidate(t *testing.T) {
	for _, o := range []Options{
		{Port: -1},
		{Port: 70000},
		{Version: "four"},
		{Conf: map[string]string{"spark.connect.grpc.binding.address": "0.0.0.0"}},
		{DriverMemory: "2gb"},
		{DriverMemory: "lots"},
		{DriverMemory: "4g", Conf: map[string]string{"spark.driver.memory": "2g"}},
	} {
		if _, err := Start(context.Background(), o); err == nil || errors.Is(err, ErrPortInUse) {
			t.Errorf("Start(%+v) = %v, want a validation error", o, err)
		}
	}
}

func TestStatusNoService(t *testing.T) {
	port := testPort(t)
	st, err := Status(context.Background(), port)
	if err != nil {
		t.Fatal(err)
	}
	if st.Running || st.Port != port || st.URL != URL(port) || !strings.Contains(st.Detail, strconv.Itoa(port)) {
		t.Errorf("Status(%d) = %+v, want not running with a detail naming the port", port, st)
	}
	if err := Stop(context.Background(), port); !errors.Is(err, ErrNotRunning) {
		t.Errorf("Stop(%d) = %v, want ErrNotRunning", port, err)
	}
}

func TestStaleState(t *testing.T) {
	port := testPort(t)
	dir, err := runDir(port)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// A pid that cannot be alive (beyond pid_max on Linux).
	if err := writeState(dir, &state{PID: 1 << 30, Port: port, Version: "4.1.4", StartedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	st, err := Status(context.Background(), port)
	if err != nil || st.Running || !strings.Contains(st.Detail, "exited") {
		t.Errorf("Status with a dead pid = %+v, %v, want not running, exited", st, err)
	}
	if err := Stop(context.Background(), port); !errors.Is(err, ErrNotRunning) || !strings.Contains(err.Error(), "stale") {
		t.Errorf("Stop with a dead pid = %v, want ErrNotRunning mentioning the stale state", err)
	}
	if _, err := os.Stat(filepath.Join(dir, stateFile)); !os.IsNotExist(err) {
		t.Errorf("stale state not removed: %v", err)
	}
}
