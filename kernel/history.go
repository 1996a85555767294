package kernel

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// maxHistory bounds the entries kept in memory from earlier sessions.
const maxHistory = 10000

// HistoryEntry is one executed cell.
type HistoryEntry struct {
	Session int    `json:"session"`
	Line    int    `json:"line"`
	Input   string `json:"input"`
	Output  string `json:"output,omitempty"`
}

// History stores executed cells, as IPython's history does: each kernel run
// is a session numbered after the previous ones, and each cell a line
// numbered by its execution count. Entries are appended to a JSON-lines
// file, so that history survives kernel restarts.
type History struct {
	path    string // "" when kept in memory only
	session int

	mu      sync.Mutex
	entries []HistoryEntry
}

// DefaultHistoryPath is where history is kept unless configured:
// $XDG_DATA_HOME/sparkgo/history.jsonl, or the platform's equivalent.
func DefaultHistoryPath() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "sparkgo", "history.jsonl")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "sparkgo", "history.jsonl")
	case "windows":
		if d := os.Getenv("APPDATA"); d != "" {
			return filepath.Join(d, "sparkgo", "history.jsonl")
		}
	}
	return filepath.Join(home, ".local", "share", "sparkgo", "history.jsonl")
}

// OpenHistory loads the history file at p ("" means DefaultHistoryPath,
// "-" means memory only) and starts a new session after the last one in it.
// Unreadable lines are skipped: history is a convenience and must never
// keep the kernel from starting.
func OpenHistory(p string) (*History, error) {
	if p == "" {
		p = DefaultHistoryPath()
	}
	if p == "-" {
		p = ""
	}
	h := &History{path: p}
	if p != "" {
		if err := h.load(); err != nil {
			return nil, err
		}
	}
	for _, e := range h.entries {
		h.session = max(h.session, e.Session)
	}
	h.session++
	return h, nil
}

func (h *History) load() error {
	f, err := os.Open(h.path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("kernel: reading history: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for sc.Scan() {
		var e HistoryEntry
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.Session > 0 {
			h.entries = append(h.entries, e)
		}
	}
	if len(h.entries) > maxHistory {
		h.entries = h.entries[len(h.entries)-maxHistory:]
	}
	return nil
}

// Session returns the number of the current session.
func (h *History) Session() int { return h.session }

// Add records a cell of the current session and appends it to the file.
func (h *History) Add(line int, input, output string) {
	e := HistoryEntry{Session: h.session, Line: line, Input: input, Output: output}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.entries = append(h.entries, e)
	if h.path == "" {
		return
	}
	b, err := json.Marshal(e)
	if err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(h.path), 0o700); err != nil {
		return
	}
	f, err := os.OpenFile(h.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	f.Write(append(b, '\n'))
	f.Close()
}

// Tail returns the last n entries, oldest first.
func (h *History) Tail(n int) []HistoryEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n <= 0 || n > len(h.entries) {
		n = len(h.entries)
	}
	return append([]HistoryEntry(nil), h.entries[len(h.entries)-n:]...)
}

// Range returns the entries of session with start <= line < stop (stop 0
// means no upper bound). A session of 0 or less counts back from the
// current one: 0 is the current session, -1 the one before.
func (h *History) Range(session, start, stop int) []HistoryEntry {
	if session <= 0 {
		session += h.session
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []HistoryEntry
	for _, e := range h.entries {
		if e.Session == session && e.Line >= start && (stop <= 0 || e.Line < stop) {
			out = append(out, e)
		}
	}
	return out
}

// Search returns the last n entries (all when n <= 0) whose input matches
// the glob pattern (* and ?, as in IPython), oldest first; with unique set,
// each distinct input appears once, at its latest run.
func (h *History) Search(pattern string, n int, unique bool) []HistoryEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []HistoryEntry
	seen := map[string]bool{}
	for i := len(h.entries) - 1; i >= 0 && (n <= 0 || len(out) < n); i-- {
		e := h.entries[i]
		if !globMatch(pattern, e.Input) || (unique && seen[e.Input]) {
			continue
		}
		seen[e.Input] = true
		out = append(out, e)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// globMatch matches s against a glob (* and ?) where * also matches "/",
// unlike path.Match; the pattern must match the whole input.
func globMatch(pattern, s string) bool {
	if pattern == "" {
		return true
	}
	// path.Match stops * at "/": swap it for a byte no input holds.
	const sep = "\x00"
	ok, err := path.Match(strings.ReplaceAll(pattern, "/", sep), strings.ReplaceAll(s, "/", sep))
	return err == nil && ok
}
