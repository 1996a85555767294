// Package display renders sparkgo values for notebooks: Arrow record batches
// as tables, Arrow schemas as trees, Spark errors with the failing SQL
// fragment marked, execution progress, ML model cards and charts.
//
// Every function is pure: data in, a Bundle (a Jupyter MIME bundle) out. The
// package does no I/O and never talks to the network; it imports package
// connect only for its error and progress types. A Bundle always holds
// text/plain, plus text/html and, where useful, machine-readable JSON (model
// cards as application/vnd.sparkgo.model+json) or Vega-Lite
// (application/vnd.vegalite.v5+json).
//
// # Rendering
//
// Text renderings are for terminals and plain-text front ends: tables are
// aligned like R tibbles (wide CJK characters count two cells) and fit a
// given width, listing the columns that do not fit in a footer; schemas
// print as Spark's printSchema; model cards follow pysparklyr's print.
//
// HTML renderings are self-contained fragments (each carries a small style
// sheet scoped under the class "sparkgo") that need no JavaScript. Colours
// come from the host's CSS variables (JupyterLab's --jp-*, VS Code's
// --vscode-*), with fallbacks derived from the inherited text colour, so
// the output reads in light and dark themes and in static HTML exports.
// Every value, column name, comment and message is HTML-escaped.
//
// # Ownership and concurrency
//
// The functions read the Arrow data they are given and neither retain nor
// release it; the caller keeps ownership. They keep no state and are safe
// to call from several goroutines at once. The exported API has no generic
// functions or types, so the kernel's interpreter can call it.
//
// # Golden files
//
// The tests compare every renderer with files in testdata; run
// go test ./display -update to rewrite them after a deliberate change,
// and go test ./display -run TestScreenshots -screenshots to refresh the
// PNGs in testdata/screenshots (light and dark JupyterLab themes).
package display
