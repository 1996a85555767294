//go:build !race

package connect_test

const raceEnabled = false
