package logmsg

import (
	"os"
	"path/filepath"
)

// DiskUsage is the total size in bytes of the files under dir.
func DiskUsage(dir string) int64 {
	var total int64
	_ = filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			total += fi.Size()
		}
		return nil
	})
	return total
}
