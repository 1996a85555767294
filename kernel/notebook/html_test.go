package notebook

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.html")

// goNotebook exercises every rendering path with the kind of content a
// sparkgo notebook holds.
func goNotebook() *Notebook {
	nb := New()
	nb.Metadata["kernelspec"] = map[string]any{"name": "sparkgo", "display_name": "Go (sparkgo)", "language": "go"}
	nb.Metadata["language_info"] = map[string]any{"name": "go"}
	md := NewMarkdown("# Orders <by> city\n\nSome **bold**, `code` and a [link](#Orders-by-city).\n\n" +
		"| city | n |\n|:--|--:|\n| Berlin | 3 |\n| Zürich | 12 |\n\n- [x] done\n- [ ] todo\n\n![pixel](attachment:p.png)\n\n# Orders <by> city\n")
	md.ID = "intro"
	md.Attachments = map[string]map[string]any{"p.png": {"image/png": "iVBORw0K\nGgo="}}
	code := NewCode("%%time\n  %dep x\n\n// Count orders per city.\nimport \"fmt\"\n\nfunc f(x int) string { return fmt.Sprintf(\"%d <%s>\", x, `raw`) }\n\nvar n = 0x1F + 2.5e3 + 'a'\nfmt.Println(f(len(\"é\")), nil, true)\n/* block\n comment */")
	code.ID = "code1"
	code.ExecutionCount = intp(7)
	code.Outputs = []Output{
		{OutputType: Stream, Name: "stdout", Text: "1 <x> & y\n"},
		{OutputType: Stream, Name: "stderr", Text: "\x1b[33mwarning\x1b[0m: slow\n50%\r100%\n"},
		{OutputType: DisplayData, Data: map[string]any{"text/html": "<table><tr><td>raw html</td></tr></table>", "text/plain": "table"}},
		{OutputType: DisplayData, Data: map[string]any{"text/markdown": "*md* | x\n--|--\n1|2", "text/plain": "md"}},
		{OutputType: DisplayData, Data: map[string]any{"image/png": "iVBORw0KGgo=", "text/plain": "img"}, Metadata: map[string]any{"image/png": map[string]any{"width": 120}}},
		{OutputType: DisplayData, Data: map[string]any{"image/svg+xml": "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"}},
		{OutputType: DisplayData, Data: map[string]any{"application/vnd.custom+json": map[string]any{"a": 1}}},
		{OutputType: ExecuteResult, ExecutionCount: intp(7), Data: map[string]any{"text/plain": "map[a:<1>]"}},
	}
	failed := NewCode("panic(\"boom\")")
	failed.ID = "code2"
	failed.ExecutionCount = intp(8)
	failed.Outputs = []Output{{OutputType: Error, Ename: "panic", Evalue: "boom", Traceback: []string{
		"\x1b[1;31mpanic\x1b[0m: boom <here>",
		"\x1b[38;5;208mgoroutine 1\x1b[39m \x1b[38;2;10;20;30;48;5;250mtrue colour\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 \x1b[2Kcleared",
	}}}
	sql := NewCode("%sql\nSELECT 1 -- go")
	sql.ID = "sql"
	hiddenIn := NewCode("secret := 1")
	hiddenIn.ID = "code3"
	hiddenIn.Metadata["jupyter"] = map[string]any{"source_hidden": true}
	hiddenIn.Outputs = []Output{{OutputType: Stream, Name: "stdout", Text: "only the output shows\n"}}
	raw := &Cell{CellType: Raw, ID: "raw1", Source: "<p class=\"raw\">raw html cell</p>", Metadata: map[string]any{"format": "text/html"}}
	rawLatex := &Cell{CellType: Raw, ID: "raw2", Source: "\\LaTeX only", Metadata: map[string]any{"format": "text/latex"}}
	notRun := NewCode("x := 1")
	notRun.ID = "code4"
	nb.Cells = []*Cell{md, code, failed, sql, hiddenIn, raw, rawLatex, notRun}
	return nb
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden.html")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n%s", path, firstDiff(got, want))
	}
}

func TestWriteHTMLGolden(t *testing.T) {
	for name, nb := range map[string]*Notebook{
		"go":      goNotebook(),
		"jupyter": readFile(t, filepath.Join("testdata", "jupyter.ipynb")),
	} {
		t.Run(name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := WriteHTML(&a, nb, HTMLOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := WriteHTML(&b, nb, HTMLOptions{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("two renderings differ")
			}
			page := a.String()
			// Self-contained: nothing to fetch, nothing to run.
			for _, bad := range []string{"<script", "<link", `src="http`, "@import", "url("} {
				if strings.Contains(page, bad) {
					t.Errorf("page contains %q", bad)
				}
			}
			golden(t, name, a.Bytes())
		})
	}
}

func TestWriteHTMLDetails(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, goNotebook(), HTMLOptions{Title: "Q3 <report>"}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		"<title>Q3 &lt;report&gt;</title>",
		"prefers-color-scheme: dark",
		`<h1 id="Orders-by-city">`, `<h1 id="Orders-by-city-1">`, // unique across the page
		"<th style=\"text-align:left\">city</th>",
		`<img src="data:image/png;base64,iVBORw0KGgo=" alt="pixel">`,
		`In&nbsp;[7]:`, `In&nbsp;[&nbsp;]:`, `Out[7]:`,
		`<span class="c">// Count orders per city.</span>`,
		`<span class="k">import</span> <span class="s">"fmt"</span>`,
		`<span class="k">func</span> f(x <span class="b">int</span>)`,
		`<span class="n">0x1F</span>`, `<span class="n">2.5e3</span>`, `<span class="s">'a'</span>`,
		`<span class="s">` + "`raw`" + `</span>`,
		"<span class=\"c\">/* block\n comment */</span>",
		"In&nbsp;[7]:</div><pre class=\"source\"><code>%%time\n  %dep x\n\n<span class=\"c\">",
		`<pre class="stream">1 &lt;x&gt; &amp; y` + "\n</pre>",
		`<pre class="stream stderr"><span class="ansi-yellow-fg">warning</span>: slow` + "\n100%\n</pre>",
		"<table><tr><td>raw html</td></tr></table>",
		"<em>md</em>",
		`<img src="data:image/png;base64,iVBORw0KGgo=" width="120" alt="">`,
		`<div class="image"><svg xmlns=`,
		"[no HTML rendering for application/vnd.custom+json]",
		`<span class="ansi-red-fg ansi-bold">panic</span>: boom &lt;here&gt;`,
		`<span style="color:#ff8700">goroutine 1</span>`,
		`<span style="color:#0a141e;background-color:#bcbcbc">true colour</span>`,
		" link cleared",
		"only the output shows",
		"<code>%sql\nSELECT 1 -- go</code>",
		`<p class="raw">raw html cell</p>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, unwanted := range []string{"secret", "LaTeX only", "?xml"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("page contains %q", unwanted)
		}
	}
}
