//go:build unix

package local

import (
	"errors"
	"os/exec"
	"syscall"
)

// detach makes cmd run in its own session and process group, so that it
// survives the parent and does not receive the terminal's signals.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
}

// pidAlive reports whether a process with this pid exists and is not a
// zombie.
func pidAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	if err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	return !isZombie(pid)
}

// terminate asks the service's process group to shut down (SIGTERM).
func terminate(pid int) error {
	return signalGroup(pid, syscall.SIGTERM)
}

// forceKill kills the service's process group (SIGKILL).
func forceKill(pid int) error {
	return signalGroup(pid, syscall.SIGKILL)
}

func signalGroup(pid int, sig syscall.Signal) error {
	if pid <= 0 {
		return errors.New("invalid pid")
	}
	// The server was started with Setsid, so its pid is also its process
	// group id; signalling the group reaches the JVM and any children.
	err := syscall.Kill(-pid, sig)
	if errors.Is(err, syscall.ESRCH) {
		err = syscall.Kill(pid, sig)
	}
	if errors.Is(err, syscall.ESRCH) {
		return nil
	}
	return err
}
