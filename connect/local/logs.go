package local

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// LogPath returns the path of the log file of the service on port:
// <cache>/run/<port>/server.log. The file may not exist.
func LogPath(port int) (string, error) {
	d, err := runDir(port)
	if err != nil {
		return "", err
	}
	return filepath.Join(d, logFile), nil
}

// Logs returns the last n lines of the log of the service on port (all
// lines when n <= 0). The log outlives the service: after Stop or a failed
// Start it still holds the last run's output. An absent log is an error
// wrapping fs.ErrNotExist.
func Logs(port, n int) ([]string, error) {
	p, err := LogPath(port)
	if err != nil {
		return nil, err
	}
	lines, err := tailFile(p, n)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("local: no log for port %d (%s): %w", port, p, err)
	}
	if err != nil {
		return nil, fmt.Errorf("local: reading log: %w", err)
	}
	return lines, nil
}

// tailFile returns the last n lines of the file (all when n <= 0), reading
// it backwards in chunks so that large logs are cheap.
func tailFile(path string, n int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if n <= 0 {
		b, err := io.ReadAll(f)
		if err != nil {
			return nil, err
		}
		return splitLines(b), nil
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	const chunk = 64 << 10
	size := fi.Size()
	var buf []byte
	off := size
	for off > 0 && bytes.Count(buf, []byte{'\n'}) <= n {
		step := int64(chunk)
		if off < step {
			step = off
		}
		off -= step
		b := make([]byte, step)
		if _, err := f.ReadAt(b, off); err != nil && err != io.EOF {
			return nil, err
		}
		buf = append(b, buf...)
	}
	lines := splitLines(buf)
	if off > 0 && len(lines) > 0 {
		lines = lines[1:] // possibly a partial line
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines, nil
}

func splitLines(b []byte) []string {
	s := strings.TrimRight(string(b), "\n")
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}
