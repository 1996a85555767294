package display

import (
	"strconv"
	"strings"
)

// htmlw builds HTML. Every piece of data goes through text or attr, which
// escape it; raw is for markup written in this package only.
type htmlw struct{ strings.Builder }

// raw writes trusted markup.
func (w *htmlw) raw(s string) { w.WriteString(s) }

// text writes s escaped for an element's content or a quoted attribute.
func (w *htmlw) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case 0:
			esc = "\uFFFD"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// attr writes ` name="value"` with value escaped.
func (w *htmlw) attr(name, value string) {
	w.WriteByte(' ')
	w.WriteString(name)
	w.WriteString(`="`)
	w.text(value)
	w.WriteByte('"')
}

// int writes n in decimal.
func (w *htmlw) int(n int64) {
	var buf [24]byte
	w.Write(strconv.AppendInt(buf[:0], n, 10))
}

// css is the style sheet shared by every HTML rendering. All rules are scoped
// under .sparkgo. Colours come from the host's theme variables (JupyterLab
// --jp-*, VS Code --vscode-*), falling back to colours derived from the
// inherited text colour, so that the output reads in light and dark themes
// and in static exports. The table rules repeat the class (.sparkgo.sparkgo)
// to outrank JupyterLab's own rendered-HTML table rules, which would
// otherwise right-align every cell and stripe the odd rows.
const css = `<style>
.sparkgo{--sg-fg:var(--jp-content-font-color1,var(--vscode-editor-foreground,inherit));` +
	`--sg-muted:var(--jp-content-font-color2,var(--vscode-descriptionForeground,color-mix(in srgb,currentColor 60%,transparent)));` +
	`--sg-border:var(--jp-border-color2,var(--vscode-editorWidget-border,color-mix(in srgb,currentColor 18%,transparent)));` +
	`--sg-stripe:var(--jp-rendermime-table-row-background,var(--vscode-list-hoverBackground,color-mix(in srgb,currentColor 4%,transparent)));` +
	`--sg-hover:var(--jp-rendermime-table-row-hover-background,var(--vscode-list-activeSelectionBackground,color-mix(in srgb,currentColor 9%,transparent)));` +
	`--sg-accent:var(--jp-brand-color1,var(--vscode-charts-blue,#1976d2));` +
	`--sg-error:var(--jp-error-color1,var(--vscode-errorForeground,#d32f2f));` +
	`--sg-warn-bg:var(--jp-warn-color3,color-mix(in srgb,#f9a825 22%,transparent));` +
	`--sg-mark:color-mix(in srgb,var(--jp-error-color1,var(--vscode-errorForeground,#d32f2f)) 28%,transparent);` +
	`--sg-ok:var(--jp-success-color1,var(--vscode-charts-green,#388e3c));` +
	`--sg-mono:var(--jp-code-font-family,var(--vscode-editor-font-family,ui-monospace,SFMono-Regular,Menlo,Consolas,monospace));` +
	`color:var(--sg-fg);font-family:var(--jp-ui-font-family,var(--vscode-font-family,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif));font-size:var(--jp-code-font-size,13px);line-height:1.4}
.sparkgo .sg-caption,.sparkgo .sg-footer{color:var(--sg-muted);font-family:var(--sg-mono);font-size:0.92em;margin:2px 0}
.sparkgo .sg-caption b{color:var(--sg-fg);font-weight:600}
.sparkgo .sg-scroll{overflow-x:auto;max-width:100%}
.sparkgo.sparkgo table{border-collapse:collapse;border-spacing:0;margin:2px 0;font-size:inherit;color:inherit;background:transparent;table-layout:auto}
.sparkgo.sparkgo th,.sparkgo.sparkgo td{padding:3px 9px;border:none;border-bottom:1px solid var(--sg-border);vertical-align:top;white-space:nowrap;text-align:left;line-height:1.35}
.sparkgo.sparkgo thead th{border-bottom:2px solid var(--sg-border);font-weight:600;vertical-align:bottom;position:sticky;top:0}
.sparkgo.sparkgo tbody td{vertical-align:baseline}
.sparkgo.sparkgo tbody tr:nth-child(odd){background:transparent}
.sparkgo.sparkgo tbody tr:nth-child(even){background:var(--sg-stripe)}
.sparkgo.sparkgo tbody tr:hover{background:var(--sg-hover)}
.sparkgo.sparkgo .sg-r{text-align:right;font-variant-numeric:tabular-nums;font-family:var(--sg-mono)}
.sparkgo .sg-m{font-family:var(--sg-mono)}
.sparkgo.sparkgo .sg-i{color:var(--sg-muted);font-weight:normal;text-align:right;font-variant-numeric:tabular-nums;font-size:0.9em}
.sparkgo .sg-t{display:block;color:var(--sg-muted);font-weight:normal;font-family:var(--sg-mono);font-size:0.85em}
.sparkgo .sg-null{color:var(--sg-muted);font-style:italic;font-family:var(--sg-mono);font-size:0.85em;opacity:0.8;letter-spacing:0.03em}
.sparkgo .sg-bin{font-family:var(--sg-mono);color:var(--sg-muted)}
.sparkgo .sg-trunc{cursor:help;text-decoration:underline dotted var(--sg-muted)}
.sparkgo .sg-nest{font-family:var(--sg-mono);font-size:0.92em}
.sparkgo h3,.sparkgo h4{margin:6px 0 4px;font-size:1.05em;font-weight:600}
.sparkgo h4{font-size:0.95em;color:var(--sg-muted);text-transform:uppercase;letter-spacing:0.04em;margin-top:10px}
.sparkgo .sg-badge{display:inline-block;padding:0 6px;border-radius:8px;border:1px solid var(--sg-border);color:var(--sg-muted);font-size:0.8em;font-weight:normal;vertical-align:middle;margin-left:6px}
.sparkgo .sg-bar{display:inline-block;height:0.8em;background:var(--sg-accent);border-radius:2px;vertical-align:middle;opacity:0.85}
.sparkgo .sg-track{display:inline-block;width:160px;height:0.8em;background:var(--sg-stripe);border:1px solid var(--sg-border);border-radius:3px;vertical-align:middle;overflow:hidden}
.sparkgo .sg-track>.sg-bar{display:block;height:100%;border-radius:0}
.sparkgo .sg-grid{display:flex;flex-wrap:wrap;gap:4px 24px}
.sparkgo .sg-kv{font-family:var(--sg-mono);font-size:0.92em}
.sparkgo .sg-kv .sg-k{color:var(--sg-muted)}
.sparkgo pre{font-family:var(--sg-mono);margin:4px 0;padding:6px 8px;background:var(--sg-stripe);border-radius:4px;white-space:pre-wrap;overflow-x:auto}
.sparkgo mark{background:var(--sg-mark);color:inherit;border-bottom:2px solid var(--sg-error);padding:0}
.sparkgo.sg-error{border-left:3px solid var(--sg-error);padding:2px 0 2px 10px}
.sparkgo .sg-ecls{color:var(--sg-error);font-weight:600;font-family:var(--sg-mono)}
.sparkgo .sg-hint{background:var(--sg-warn-bg);border-radius:4px;padding:4px 8px;margin:4px 0}
.sparkgo details>summary{cursor:pointer;color:var(--sg-muted)}
.sparkgo .sg-ok{color:var(--sg-ok)}
.sparkgo ul.sg-tree{list-style:none;margin:2px 0;padding-left:0;font-family:var(--sg-mono)}
.sparkgo ul.sg-tree ul{list-style:none;margin:0;padding-left:1.4em;border-left:1px solid var(--sg-border)}
.sparkgo svg text{fill:currentColor;font-family:var(--jp-ui-font-family,system-ui,sans-serif)}
</style>`
