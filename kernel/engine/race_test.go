//go:build race

package engine

// raceEnabled skips the checks the race detector cannot follow: yaegi gives
// no synchronisation with the goroutine of an interrupted cell, so a cell
// run after an interruption is reported as racing with it.
const raceEnabled = true
