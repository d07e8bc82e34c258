package store

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
)

// The manifest is an append-only file of JSON entries framed like WAL
// frames. A checkpoint entry commits new blocks together with the LSN
// below which every record is in a block, so the WAL before it may go; a
// drop entry removes partitions. It is rewritten compactly at each Open.
type manifestEntry struct {
	Checkpoint uint64      `json:"ckpt,omitempty"`
	Add        []blockMeta `json:"add,omitempty"`
	Drop       []partRef   `json:"drop,omitempty"`
}

type partRef struct {
	Org  string `json:"o"`
	Day  int    `json:"d"`
	Keep int    `json:"k,omitempty"`
}

// manifestState is what the manifest says: live blocks by partition and
// the last checkpoint.
type manifestState struct {
	parts      map[part][]blockMeta
	checkpoint uint64
}

func readManifest(path string) (manifestState, error) {
	st := manifestState{parts: map[part][]blockMeta{}, checkpoint: 1}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("store: manifest: %w", err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var head [8]byte
	for {
		if _, err := io.ReadFull(br, head[:]); err != nil {
			return st, nil // End, or an entry torn by a crash: not committed.
		}
		n := binary.LittleEndian.Uint32(head[:4])
		if n > maxFrame {
			return st, nil
		}
		p := make([]byte, n)
		if _, err := io.ReadFull(br, p); err != nil || crc32.Checksum(p, castagnoli) != binary.LittleEndian.Uint32(head[4:]) {
			return st, nil
		}
		var e manifestEntry
		if err := json.Unmarshal(p, &e); err != nil {
			return st, fmt.Errorf("store: manifest entry: %w", err)
		}
		st.apply(e)
	}
}

func (st *manifestState) apply(e manifestEntry) {
	for _, m := range e.Add {
		k := partOf(&m)
		st.parts[k] = append(st.parts[k], m)
	}
	for _, d := range e.Drop {
		delete(st.parts, part{org: d.Org, day: d.Day, keep: d.Keep})
	}
	if e.Checkpoint > st.checkpoint {
		st.checkpoint = e.Checkpoint
	}
}

// manifest appends entries durably.
type manifest struct {
	f *os.File
}

// writeManifest replaces the manifest at path by one entry holding st, and
// opens it for appending.
func writeManifest(path string, st manifestState) (*manifest, error) {
	e := manifestEntry{Checkpoint: st.checkpoint}
	for _, ms := range st.parts {
		e.Add = append(e.Add, ms...)
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o640)
	if err != nil {
		return nil, fmt.Errorf("store: manifest: %w", err)
	}
	m := &manifest{f: f}
	if err := m.append(e); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("store: manifest: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("store: manifest: %w", err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("store: manifest: %w", err)
	}
	f, err = os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		return nil, fmt.Errorf("store: manifest: %w", err)
	}
	return &manifest{f: f}, nil
}

// append writes e and fsyncs.
func (m *manifest) append(e manifestEntry) error {
	p, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("store: manifest: %w", err)
	}
	if _, err := m.f.Write(appendFrame(nil, p)); err != nil {
		return fmt.Errorf("store: manifest: %w", err)
	}
	if err := m.f.Sync(); err != nil {
		return fmt.Errorf("store: manifest: %w", err)
	}
	return nil
}

func (m *manifest) close() error { return m.f.Close() }
