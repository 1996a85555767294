//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package local

import "os"

// tryLock is a no-op on platforms without flock: concurrent Install and
// Start calls from several processes are not serialized there.
func tryLock(f *os.File) (bool, error) { return true, nil }

func unlock(f *os.File) error { return nil }
