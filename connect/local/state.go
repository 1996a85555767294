package local

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// File names inside a service's run directory <cache>/run/<port>/.
const (
	stateFile = "state.json"
	pidFile   = "server.pid"
	logFile   = "server.log"
	lockFile  = "lock"
)

// serverClass is the main class of the Spark Connect server.
const serverClass = "org.apache.spark.sql.connect.service.SparkConnectServer"

// state is the JSON written to <run dir>/state.json by Start.
type state struct {
	PID       int       `json:"pid"`
	Port      int       `json:"port"`
	Version   string    `json:"version"`
	SparkHome string    `json:"spark_home"`
	JavaHome  string    `json:"java_home"`
	StartedAt time.Time `json:"started_at"`
	LogPath   string    `json:"log_path"`
	URL       string    `json:"url"`
	// DriverMemory is empty in state files written before it was added.
	DriverMemory string `json:"driver_memory,omitempty"`
}

func readState(dir string) (*state, error) {
	b, err := os.ReadFile(filepath.Join(dir, stateFile))
	if err != nil {
		return nil, err
	}
	var st state
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("local: corrupt state file %s: %w", filepath.Join(dir, stateFile), err)
	}
	return &st, nil
}

func writeState(dir string, st *state) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, stateFile), append(b, '\n')); err != nil {
		return fmt.Errorf("local: writing state: %w", err)
	}
	if err := writeFileAtomic(filepath.Join(dir, pidFile), []byte(strconv.Itoa(st.PID)+"\n")); err != nil {
		return fmt.Errorf("local: writing pid file: %w", err)
	}
	return nil
}

func removeState(dir string) error {
	var errs []error
	for _, f := range []string{stateFile, pidFile} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// lockPath takes the exclusive lock file path (creating it and its
// directory), waiting until it is free or ctx is done. The returned function
// releases it.
func lockPath(ctx context.Context, path string) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("local: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("local: opening lock: %w", err)
	}
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("local: locking %s: %w", path, err)
		}
		if ok {
			return func() { unlock(f); f.Close() }, nil
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("local: waiting for lock %s (held by another sparkgo process): %w", path, ctx.Err())
		case <-t.C:
		}
	}
}

// isZombie reports whether pid is a zombie, on systems with /proc.
func isZombie(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the parenthesized command name: "123 (java) S ...".
	i := bytes.LastIndexByte(b, ')')
	return i >= 0 && i+2 < len(b) && b[i+2] == 'Z'
}

// looksLikeServer guards against pid reuse: on systems with /proc it checks
// that the process command line names the Spark Connect server class.
// Elsewhere it trusts the pid.
func looksLikeServer(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return true
	}
	return bytes.Contains(b, []byte(serverClass))
}

// processRunning reports whether the process recorded in st is alive and
// is (as far as can be told) the server.
func (st *state) processRunning() bool {
	return pidAlive(st.PID) && looksLikeServer(st.PID)
}
