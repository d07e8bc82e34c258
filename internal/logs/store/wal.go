package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// The write-ahead log is a directory of segments named by the LSN of their
// first record (16 hex digits). A segment is a sequence of frames:
// length (4 bytes), CRC-32C of the payload (4 bytes), payload — the
// records of one group, encoded by appendRecord. A torn frame at the end
// of the last segment is what a crash leaves; replay stops there.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

const maxFrame = 256 << 20

type segment struct {
	first uint64
	path  string
}

func segmentName(first uint64) string { return fmt.Sprintf("%016x.wal", first) }

// listSegments returns the segments in dir in LSN order.
func listSegments(dir string) ([]segment, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("store: wal: %w", err)
	}
	var out []segment
	for _, e := range ents {
		name, ok := strings.CutSuffix(e.Name(), ".wal")
		if !ok {
			continue
		}
		first, err := strconv.ParseUint(name, 16, 64)
		if err != nil {
			continue
		}
		out = append(out, segment{first: first, path: filepath.Join(dir, e.Name())})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].first < out[j].first })
	return out, nil
}

// appendFrame adds one frame holding payload to buf.
func appendFrame(buf, payload []byte) []byte {
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(payload)))
	buf = binary.LittleEndian.AppendUint32(buf, crc32.Checksum(payload, castagnoli))
	return append(buf, payload...)
}

// replaySegment calls fn with every record of a segment, stopping quietly
// at a torn or corrupt frame.
func replaySegment(path string, fn func(r Record)) (torn bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return false, fmt.Errorf("store: wal: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var head [8]byte
	for {
		if _, err := io.ReadFull(br, head[:]); err != nil {
			return !errors.Is(err, io.EOF), nil
		}
		n := binary.LittleEndian.Uint32(head[:4])
		if n > maxFrame {
			return true, nil
		}
		payload := make([]byte, n)
		if _, err := io.ReadFull(br, payload); err != nil {
			return true, nil
		}
		if crc32.Checksum(payload, castagnoli) != binary.LittleEndian.Uint32(head[4:]) {
			return true, nil
		}
		d := newDecoder(payload)
		for d.more() {
			var r Record
			if err := d.next(&r); err != nil {
				return true, nil
			}
			fn(r)
		}
	}
}

// syncDir makes a directory's entries (new, renamed or removed files)
// durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
