// Package engine runs Go notebook cells in an embedded yaegi interpreter,
// keeping state across cells.
//
// A cell may mix imports, declarations and statements in any order. The
// engine splits it into top-level items, evaluates the imports, then all the
// declarations together (so functions may be used before they are declared
// and declarations see each other), then the statements; the value of a
// final expression statement is returned in [Result]. When the declarations
// depend on variables the cell's statements define, the cell is evaluated
// again in source order, one run of consecutive items of a kind at a time.
//
// Everything the engine hands to yaegi keeps the cell's line layout, so
// errors and panic frames are reported in cell coordinates.
//
// The engine works around some yaegi v0.16.1 behaviour:
//
//   - yaegi ignores a type declared again; the engine declares the new type
//     under a hidden name and makes the visible name an alias of it.
//   - A function declared in an earlier cell keeps calling the old version
//     of a function redeclared later (yaegi issue #1673); the engine
//     re-evaluates the earlier functions that refer to a redeclared one.
//   - yaegi reports an undefined name in a top-level statement as a
//     "constant definition loop"; the engine checks statements inside a
//     function literal first to report "undefined: name".
//   - A panic in a goroutine started with `go func(...){...}(...)` is
//     recovered and reported on Options.Stderr instead of ending the
//     process.
//
// Known limits, from yaegi v0.16.1:
//
//   - Values of struct types declared in a cell reach compiled code as
//     anonymous struct values: their methods (String, for instance) are
//     not visible to fmt or to the kernel's display logic.
//   - Errors found by yaegi's type checker stop at the first one; syntax
//     errors are all reported.
//   - Inside cells os.Stdout and os.Stderr have type io.Writer, not *os.File,
//     so that they can be routed to Options.Stdout and Options.Stderr.
//   - A panic in a goroutine started as `go f(x)` cannot be recovered
//     without changing when x is evaluated: it ends the process, as in Go.
//   - A cancelled cell is stopped at its next interpreted step, but a call
//     into compiled code (time.Sleep, a blocking read) runs to its end in
//     the background. yaegi offers no way to wait for the interrupted
//     goroutine: the next Eval waits up to 10 s for it to unwind (watching
//     goroutine stacks), and one still running after that may race with
//     later cells. The race detector sees no happens-before edge in that
//     wait, so under -race a cell after an interrupted one is reported.
//   - A panic's stack frames name functions and positions, but a frame of a
//     function declared in another cell gives a position in that cell.
package engine
