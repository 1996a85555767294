//go:build !unix && !windows

package local

import (
	"errors"
	"os/exec"
)

var errUnsupported = errors.New("local: process management is not supported on this platform")

func detach(cmd *exec.Cmd) {}

func pidAlive(pid int) bool { return false }

func terminate(pid int) error { return errUnsupported }

func forceKill(pid int) error { return errUnsupported }
