//go:build unix

package store

import (
	"os"
	"syscall"
)

// lockFile takes a non-blocking exclusive flock on f.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
