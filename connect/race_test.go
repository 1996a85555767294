//go:build race

package connect_test

// raceEnabled is set when the race detector is on, which makes sync.Pool
// drop a quarter of what is put into it.
const raceEnabled = true
