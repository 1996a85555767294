package notebook

// pageCSS styles the exported page. Colours are variables so that one
// block of rules serves both light and dark schemes; the ANSI palette is
// JupyterLab's, so tracebacks look as they did in the notebook.
const pageCSS = `:root {
  color-scheme: light dark;
  --fg: #1f2328; --bg: #ffffff; --muted: #6e7781; --border: #d0d7de;
  --code-bg: #f6f8fa; --in: #307fc1; --out: #bf5b3d;
  --stderr-bg: #fdf0ee; --error-bg: #fdf0ee;
  --tok-k: #0b7a28; --tok-s: #b3261e; --tok-c: #5b7c80; --tok-n: #0b7a28; --tok-b: #7a3e9d;
  --ansi-black: #3e424d; --ansi-red: #e75c58; --ansi-green: #00a250; --ansi-yellow: #ddb62b;
  --ansi-blue: #208ffb; --ansi-magenta: #d160c4; --ansi-cyan: #60c6c8; --ansi-white: #c5c1b4;
  --ansi-bright-black: #282c36; --ansi-bright-red: #b22b31; --ansi-bright-green: #007427; --ansi-bright-yellow: #b27d12;
  --ansi-bright-blue: #0065ca; --ansi-bright-magenta: #a03196; --ansi-bright-cyan: #258f8f; --ansi-bright-white: #a1a6b2;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --bg: #0d1117; --muted: #8b949e; --border: #30363d;
    --code-bg: #161b22; --in: #6cb6ff; --out: #f0883e;
    --stderr-bg: #2d1b1b; --error-bg: #2d1b1b;
    --tok-k: #7ee787; --tok-s: #ffa198; --tok-c: #8b949e; --tok-n: #79c0ff; --tok-b: #d2a8ff;
    --ansi-black: #8b949e; --ansi-bright-black: #b1bac4; --ansi-white: #e6edf3; --ansi-bright-white: #ffffff;
    --ansi-bright-red: #ff7b72; --ansi-bright-green: #56d364; --ansi-bright-yellow: #e3b341;
    --ansi-bright-blue: #79c0ff; --ansi-bright-magenta: #d2a8ff; --ansi-bright-cyan: #56d4dd;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main.notebook { max-width: 1100px; margin: 0 auto; padding: 24px 16px 48px; }
.cell { margin: 10px 0; }
.input, .output { display: flex; align-items: flex-start; }
.prompt { flex: 0 0 64px; padding: 6px 8px 0 0; text-align: right; color: var(--muted);
  font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: nowrap; }
.input .prompt { color: var(--in); }
.output .prompt { color: var(--out); }
.output > :last-child, .input > :last-child { flex: 1 1 auto; min-width: 0; }
pre { margin: 0; padding: 6px 8px; overflow-x: auto; white-space: pre-wrap; word-wrap: break-word;
  font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.source { background: var(--code-bg); border: 1px solid var(--border); border-radius: 4px; white-space: pre; }
pre.stderr { background: var(--stderr-bg); }
pre.error { background: var(--error-bg); }
.muted { color: var(--muted); }
.cell.markdown, .cell.raw { padding: 0 8px 0 72px; }
.cell.markdown img, .output img { max-width: 100%; height: auto; }
.html, .markdown, .image { padding: 4px 8px; overflow-x: auto; }
table { border-collapse: collapse; }
.cell.markdown table th, .cell.markdown table td, .output .markdown table th, .output .markdown table td {
  border: 1px solid var(--border); padding: 4px 10px; }
.cell.markdown code, .output .markdown code { background: var(--code-bg); padding: 1px 4px; border-radius: 3px;
  font: 0.92em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.cell.markdown pre, .output .markdown pre { background: var(--code-bg); border-radius: 4px; }
.cell.markdown pre code { padding: 0; background: none; }
.cell.markdown blockquote { margin: 0; padding-left: 12px; border-left: 3px solid var(--border); color: var(--muted); }
a { color: var(--in); }
.k { color: var(--tok-k); font-weight: 600; }
.s { color: var(--tok-s); }
.c { color: var(--tok-c); font-style: italic; }
.n { color: var(--tok-n); }
.b { color: var(--tok-b); }
.ansi-black-fg { color: var(--ansi-black); } .ansi-black-bg { background-color: var(--ansi-black); }
.ansi-red-fg { color: var(--ansi-red); } .ansi-red-bg { background-color: var(--ansi-red); }
.ansi-green-fg { color: var(--ansi-green); } .ansi-green-bg { background-color: var(--ansi-green); }
.ansi-yellow-fg { color: var(--ansi-yellow); } .ansi-yellow-bg { background-color: var(--ansi-yellow); }
.ansi-blue-fg { color: var(--ansi-blue); } .ansi-blue-bg { background-color: var(--ansi-blue); }
.ansi-magenta-fg { color: var(--ansi-magenta); } .ansi-magenta-bg { background-color: var(--ansi-magenta); }
.ansi-cyan-fg { color: var(--ansi-cyan); } .ansi-cyan-bg { background-color: var(--ansi-cyan); }
.ansi-white-fg { color: var(--ansi-white); } .ansi-white-bg { background-color: var(--ansi-white); }
.ansi-bright-black-fg { color: var(--ansi-bright-black); } .ansi-bright-black-bg { background-color: var(--ansi-bright-black); }
.ansi-bright-red-fg { color: var(--ansi-bright-red); } .ansi-bright-red-bg { background-color: var(--ansi-bright-red); }
.ansi-bright-green-fg { color: var(--ansi-bright-green); } .ansi-bright-green-bg { background-color: var(--ansi-bright-green); }
.ansi-bright-yellow-fg { color: var(--ansi-bright-yellow); } .ansi-bright-yellow-bg { background-color: var(--ansi-bright-yellow); }
.ansi-bright-blue-fg { color: var(--ansi-bright-blue); } .ansi-bright-blue-bg { background-color: var(--ansi-bright-blue); }
.ansi-bright-magenta-fg { color: var(--ansi-bright-magenta); } .ansi-bright-magenta-bg { background-color: var(--ansi-bright-magenta); }
.ansi-bright-cyan-fg { color: var(--ansi-bright-cyan); } .ansi-bright-cyan-bg { background-color: var(--ansi-bright-cyan); }
.ansi-bright-white-fg { color: var(--ansi-bright-white); } .ansi-bright-white-bg { background-color: var(--ansi-bright-white); }
.ansi-bold { font-weight: bold; }
.ansi-italic { font-style: italic; }
.ansi-underline { text-decoration: underline; }
@media print { .prompt { flex-basis: 48px; } pre.source { white-space: pre-wrap; } }
`
