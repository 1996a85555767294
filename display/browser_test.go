package display

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/sparkgo/sparkgo/connect"
)

var screenshots = flag.Bool("screenshots", false, "rewrite the PNG screenshots in testdata/screenshots (needs chromium)")

// Payloads that must show up as text, never as markup.
var payloads = []string{
	`<script>document.body.dataset.pwned="script"</script>`,
	`"><img src=x onerror="document.body.dataset.pwned='img'">`,
	`</table></div><b id=pwned>bold</b>`,
	`'><svg onload="document.body.dataset.pwned='svg'">`,
}

// injectedOutputs renders every renderer with the payloads in data, column
// names, comments, labels and SQL.
func injectedOutputs(t *testing.T) map[string]Bundle {
	mem := checkedAlloc(t)
	names := append([]string(nil), payloads...)
	rows := [][]string{payloads, {payloads[1], payloads[2], payloads[3], payloads[0]}}
	rec := stringRecord(t, mem, names, rows)
	t.Cleanup(rec.Release)
	fields := rec.Schema().Fields()
	fields[0].Metadata = arrow.NewMetadata([]string{"comment"}, []string{payloads[1]})
	sql := "SELECT " + payloads[0] + " FROM t"
	se := &connect.SparkError{
		ErrorClass: payloads[2], SQLState: payloads[3], Message: payloads[1] + "\n" + payloads[0],
		QueryContexts: []connect.QueryContext{{Kind: "SQL", Start: 7, Stop: 7 + len(payloads[0]) - 1, Fragment: payloads[0]}},
		StackTrace:    []connect.StackFrame{{Class: payloads[0], Method: payloads[1], File: payloads[2], Line: 1}},
	}
	if _, err := Plot(rec, PlotOptions{Kind: PlotBar, X: payloads[0], Y: payloads[1], Title: payloads[2]}); err == nil {
		t.Fatal("bar chart of a string column succeeded")
	}
	mrec := salesRecordNamed(t, mem, payloads[0], payloads[1], payloads[2])
	t.Cleanup(mrec.Release)
	plot, err := Plot(mrec, PlotOptions{Kind: PlotBar, X: payloads[0], Y: payloads[1], Color: payloads[2], Title: payloads[3]})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]Bundle{
		"table":  Table(rec, TableOptions{Source: payloads[3], MaxColumns: 2}),
		"schema": Schema(arrow.NewSchema(fields, nil)),
		"error":  Error(se, ErrorOptions{SQL: sql}),
		"model": Model(ModelCard{Class: payloads[0], SparkVersion: payloads[1], Formula: payloads[2],
			Coefficients:       []Coefficient{{Name: payloads[3], Estimate: 1, PValue: Float(0.01)}},
			Metrics:            []Metric{{Name: payloads[0], Value: 1}},
			FeatureImportances: []FeatureImportance{{Name: payloads[1], Importance: 1}},
			ClusterCenters:     [][]float64{{1}}, Features: []string{payloads[2]},
			Params: []Param{{Name: payloads[0], Value: payloads[1], Doc: payloads[2]}}}),
		"plot": plot,
	}
}

var tagRE = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)`)

// allowedTags are the elements the renderers write themselves.
var allowedTags = map[string]bool{
	"div": true, "style": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
	"span": true, "b": true, "br": true, "code": true, "h3": true, "h4": true, "pre": true, "mark": true,
	"details": true, "summary": true, "ul": true, "li": true, "svg": true, "line": true, "text": true,
	"rect": true, "title": true, "circle": true, "polyline": true,
}

func TestHTMLInjection(t *testing.T) {
	for name, b := range injectedOutputs(t) {
		h := b.HTML()
		for _, m := range tagRE.FindAllStringSubmatch(h, -1) {
			if !allowedTags[strings.ToLower(m[2])] {
				t.Errorf("%s: HTML contains an unescaped <%s%s> tag", name, m[1], m[2])
			}
		}
		if strings.Count(h, "<table") != strings.Count(h, "</table>") || strings.Count(h, "<div") != strings.Count(h, "</div>") {
			t.Errorf("%s: unbalanced <table> or <div>", name)
		}
		for _, bad := range append([]string{`"><img`, `'><svg`, `<b id=pwned`}, payloads...) {
			if strings.Contains(h, bad) {
				t.Errorf("%s: HTML contains %q unescaped", name, bad)
			}
		}
	}
}

// chromium returns the path of a Chromium or Chrome binary; the test fails
// when there is none, as `make test` must check the HTML in a browser.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("chromium not found: install it (Debian: apt-get install -y chromium) to run the browser rendering tests")
	return ""
}

// runChromium runs headless Chromium on page with extra flags and returns
// its standard output.
func runChromium(t *testing.T, page string, extra ...string) string {
	t.Helper()
	bin := chromium(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "page.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + filepath.Join(dir, "profile"),
	}, extra...)
	args = append(args, "file://"+file)
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return string(out)
}

// Light and dark page styles with JupyterLab's theme variables.
const (
	lightVars = `--jp-layout-color0:#fff;--jp-content-font-color1:rgba(0,0,0,.87);--jp-content-font-color2:rgba(0,0,0,.54);` +
		`--jp-border-color2:#e0e0e0;--jp-rendermime-table-row-background:#f5f5f5;--jp-rendermime-table-row-hover-background:#e1f5fe;` +
		`--jp-brand-color1:#1976d2;--jp-error-color1:#d32f2f;--jp-warn-color3:#ffecb3;--jp-success-color1:#388e3c;` +
		`--jp-code-font-family:'DejaVu Sans Mono',monospace;--jp-ui-font-family:'DejaVu Sans',sans-serif;--jp-code-font-size:13px;`
	darkVars = `--jp-layout-color0:#111;--jp-content-font-color1:#fff;--jp-content-font-color2:rgba(255,255,255,.7);` +
		`--jp-border-color2:#424242;--jp-rendermime-table-row-background:#1e1e1e;--jp-rendermime-table-row-hover-background:#37474f;` +
		`--jp-brand-color1:#42a5f5;--jp-error-color1:#e57373;--jp-warn-color3:#5d4037;--jp-success-color1:#81c784;` +
		`--jp-code-font-family:'DejaVu Sans Mono',monospace;--jp-ui-font-family:'DejaVu Sans',sans-serif;--jp-code-font-size:13px;`
)

func page(vars, body string) string {
	return `<!doctype html><html><head><meta charset="utf-8"><style>:root{` + vars +
		`}body{background:var(--jp-layout-color0);color:var(--jp-content-font-color1);margin:16px;font-family:var(--jp-ui-font-family)}</style></head><body>` +
		body + `</body></html>`
}

func TestHTMLInjectionInBrowser(t *testing.T) {
	outs := injectedOutputs(t)
	var body strings.Builder
	for _, name := range []string{"table", "schema", "error", "model", "plot"} {
		body.WriteString(`<section id="` + name + `">` + outs[name].HTML() + `</section>`)
	}
	// This script is ours: once the page (and any injected handler) has
	// run, it records what the DOM holds in #result.
	body.WriteString(`<pre id="result"></pre><script>
addEventListener("load", () => setTimeout(() => {
  const q = s => document.querySelectorAll(s).length;
  document.getElementById("result").textContent = JSON.stringify({
    pwned: document.body.dataset.pwned || "",
    scripts: q("section script"), imgs: q("img"), bold: q("#pwned"), svgs: q("section svg"), tables: q("table"),
    text: [...document.querySelectorAll("section")].map(s => s.innerText).join("\n"),
  });
}, 200));
</script>`)
	dom := runChromium(t, page(lightVars, body.String()), "--virtual-time-budget=3000", "--dump-dom")
	m := regexp.MustCompile(`(?s)<pre id="result">(.*?)</pre>`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("no result in the DOM:\n%.2000s", dom)
	}
	res := htmlUnescape(m[1])
	for _, want := range []string{`"pwned":""`, `"scripts":0`, `"imgs":0`, `"bold":0`, `"svgs":1`} {
		if !strings.Contains(res, want) {
			t.Errorf("browser DOM: want %s in %.500s", want, res)
		}
	}
	// The payloads show literally (JSON-escaped in the result).
	for _, p := range []string{`\u003Cscript>document.body.dataset.pwned=\"script\"\u003C/script>`, `\">\u003Cimg src=x onerror=`, `\u003C/table>\u003C/div>\u003Cb id=pwned>bold\u003C/b>`} {
		if !strings.Contains(strings.ReplaceAll(res, "<", `\u003C`), p) {
			t.Errorf("browser text lacks the literal payload %s", p)
		}
	}
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&amp;", "&").Replace(s)
}

// TestScreenshots renders a table, a model card and an error in
// JupyterLab-like light and dark themes. With -screenshots it rewrites the
// PNGs in testdata/screenshots; without, it checks that the pages render.
func TestScreenshots(t *testing.T) {
	mem := checkedAlloc(t)
	rec := allTypes(t, mem)
	defer rec.Release()
	table := Table(rec, TableOptions{Source: "spark_catalog.default.all_types", TotalRows: -1, MaxRows: 4}).HTML()
	card := Model(linearCard()).HTML()
	se := unresolvedColumn("SELECT naem, id\nFROM people")
	errHTML := Error(se, ErrorOptions{SQL: "SELECT naem, id\nFROM people"}).HTML()
	srec := salesRecord(t, mem)
	defer srec.Release()
	plot, err := Plot(srec, PlotOptions{Kind: PlotBar, X: "region", Y: "amount.usd", Color: "month", Title: "Sales by region"})
	if err != nil {
		t.Fatal(err)
	}
	p := sampleProgress()
	prog := Progress(p, ProgressOptions{Elapsed: 3 * time.Second}).HTML()
	shots := []struct{ name, body, size string }{
		{"table", table, "1500,330"},
		{"model", card, "720,640"},
		{"error", errHTML + prog, "900,420"},
		{"plot", plot.HTML(), "620,420"},
	}
	for _, theme := range []struct{ name, vars string }{{"light", lightVars}, {"dark", darkVars}} {
		for _, s := range shots {
			if !*screenshots && (theme.name != "dark" || s.name != "table") {
				continue // one page is enough to check that rendering works
			}
			name := s.name + "_" + theme.name + ".png"
			out := filepath.Join(t.TempDir(), name)
			if *screenshots {
				abs, err := filepath.Abs(filepath.Join("testdata", "screenshots", name))
				if err != nil {
					t.Fatal(err)
				}
				os.MkdirAll(filepath.Dir(abs), 0o755)
				out = abs
			}
			runChromium(t, page(theme.vars, s.body), "--screenshot="+out, "--window-size="+s.size)
			st, err := os.Stat(out)
			if err != nil || st.Size() < 2000 {
				t.Errorf("%s: no screenshot (%v)", name, err)
			}
		}
	}
}

func salesRecordNamed(t *testing.T, mem memoryAllocator, x, y, c string) arrow.RecordBatch {
	rec := salesRecord(t, mem)
	defer rec.Release()
	fields := []arrow.Field{field(x, arrow.BinaryTypes.String), field(c, arrow.PrimitiveTypes.Int32), field(y, arrow.PrimitiveTypes.Float64), field("day", arrow.FixedWidthTypes.Date32)}
	cols := rec.Columns()
	return arrayNewRecord(arrow.NewSchema(fields, nil), cols, rec.NumRows())
}
