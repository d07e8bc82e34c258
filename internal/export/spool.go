package export

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// spoolMemory is how much a spool keeps in memory before it moves to a
// temporary file.
const spoolMemory = 4 << 20

// spool holds a file being built: in memory while small, in a temporary
// file (removed on Close) once larger than spoolMemory.
type spool struct {
	mem  bytes.Buffer
	file *os.File
}

func (s *spool) Write(p []byte) (int, error) {
	if s.file != nil {
		return s.file.Write(p)
	}
	if s.mem.Len()+len(p) <= spoolMemory {
		return s.mem.Write(p)
	}
	f, err := os.CreateTemp("", "attt-export-*")
	if err != nil {
		return 0, fmt.Errorf("export: spool: %w", err)
	}
	s.file = f
	if _, err := s.mem.WriteTo(f); err != nil {
		return 0, fmt.Errorf("export: spool: %w", err)
	}
	s.mem = bytes.Buffer{}
	return f.Write(p)
}

// WriteTo copies everything written so far to w.
func (s *spool) WriteTo(w io.Writer) (int64, error) {
	if s.file == nil {
		return io.Copy(w, bytes.NewReader(s.mem.Bytes()))
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return 0, fmt.Errorf("export: spool: %w", err)
	}
	return io.Copy(w, s.file)
}

// Close removes the temporary file, if any.
func (s *spool) Close() error {
	s.mem = bytes.Buffer{}
	if s.file == nil {
		return nil
	}
	name := s.file.Name()
	err := s.file.Close()
	s.file = nil
	if rerr := os.Remove(name); err == nil {
		err = rerr
	}
	return err
}
