package store

import (
	"fmt"
	"os"
	"path/filepath"
)

// lockDir takes an exclusive lock on dir/LOCK so that a second process
// cannot write the same WAL; the lock goes with the process, even on
// kill -9.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "LOCK"), os.O_CREATE|os.O_RDWR, 0o640)
	if err != nil {
		return nil, fmt.Errorf("store: lock: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("store: %s is in use by another attt process: %w", dir, err)
	}
	return f, nil
}
