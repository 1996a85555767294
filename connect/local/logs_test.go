package local

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestTailFile(t *testing.T) {
	dir := t.TempDir()
	var all []string
	var b strings.Builder
	for i := range 20000 { // ~400 KB, several chunks
		l := fmt.Sprintf("line %05d %s", i, strings.Repeat("x", i%17))
		all = append(all, l)
		b.WriteString(l + "\n")
	}
	p := filepath.Join(dir, "log")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 20, 5000, 19999, 20000, 30000, 0} {
		got, err := tailFile(p, n)
		if err != nil {
			t.Fatal(err)
		}
		want := all
		if n > 0 && n < len(all) {
			want = all[len(all)-n:]
		}
		if !slices.Equal(got, want) {
			t.Errorf("tailFile(%d): got %d lines (last %q), want %d", n, len(got), got[len(got)-1], len(want))
		}
	}

	// No trailing newline, CRLF, empty file.
	os.WriteFile(p, []byte("a\r\nb\r\nc"), 0o644)
	if got, _ := tailFile(p, 2); !slices.Equal(got, []string{"b", "c"}) {
		t.Errorf("tailFile(no final newline) = %q", got)
	}
	os.WriteFile(p, nil, 0o644)
	if got, err := tailFile(p, 5); err != nil || len(got) != 0 {
		t.Errorf("tailFile(empty) = %q, %v", got, err)
	}
}
