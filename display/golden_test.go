package display

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./display -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run go test ./display -update after checking):\n%s", name, diff(string(want), got))
	}
}

// diff is a small line diff: the first differing lines with context.
func diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(wl), len(gl)) && shown < 10; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			b.WriteString("line " + itoa(i+1) + ":\n- " + w + "\n+ " + g + "\n")
			shown++
		}
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for n > 0 {
		d = append([]byte{byte('0' + n%10)}, d...)
		n /= 10
	}
	return string(d)
}

// goldenBundle checks the text and HTML renderings of b against
// testdata/name.txt and testdata/name.html.
func goldenBundle(t *testing.T, name string, b Bundle) {
	t.Helper()
	if _, ok := b.Data[MIMEText]; !ok {
		t.Errorf("%s: bundle has no text/plain", name)
	}
	golden(t, name+".txt", b.Text()+"\n")
	if h := b.HTML(); h != "" {
		golden(t, name+".html", h)
	}
}
