//go:build race

package kernel

// raceEnabled skips what the race detector cannot follow: yaegi gives no
// synchronisation with the goroutine of an interrupted cell (the engine
// waits for it to end by watching goroutine stacks), so a cell run after an
// interruption is reported as racing with a goroutine that has finished.
// The Jupyter tests, whose kernel is built without -race, run that cell.
const raceEnabled = true
