// Package kernel is the sparkgo Jupyter kernel: Go cells, run by an
// embedded interpreter with state that lives across cells, against a Spark
// Connect session.
//
// # Layers
//
//   - [Executor] runs cells. It splits off magic lines (%sql, %connect,
//     %service, %schema, %rows, %doc, %help), connects the prelude's spark on
//     first use, evaluates Go code with package engine (yaegi plus the
//     symbol tables of package symbols), and turns the value of a cell's
//     last expression into a display: a DataFrame runs with a row limit and
//     shows as an HTML table with a text fallback, an error as a Spark error,
//     anything else as text. Output goes to an [Output].
//   - [Serve] speaks the Jupyter messaging protocol (5.4) over package wire
//     and publishes a cell's Output on IOPub. The headless notebook runner
//     (package notebook) drives the same Executor, so a notebook gives the
//     same results in JupyterLab and in `sparkgo-kernel run`.
//
// # Cells
//
// The prelude gives every cell spark (the session), ctx (the running cell's
// context: an interrupt cancels it and the Spark operations it started), F
// (package frame), datasets, nb (displays and input), display and common
// standard packages. Each cell's Spark operations carry a tag of their own,
// so that an interrupt also cancels them on the server, and report their
// progress as a bar updated in place (at most five times a second).
//
// # Concurrency
//
// One cell runs at a time. Interrupt, Complete, Inspect and IsComplete are
// safe to call while a cell runs: Serve answers completion and inspection
// requests without waiting for the running cell.
package kernel
