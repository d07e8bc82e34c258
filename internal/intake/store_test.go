package intake

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"testing"

	"attt/internal/errs"
)

func mustStored(tb testing.TB, st *Store, data []byte) (id, sum string) {
	tb.Helper()
	h := sha256.Sum256(data)
	sum = hex.EncodeToString(h[:])
	id, err := st.put(context.Background(), bytes.NewReader(data), sum)
	if err != nil {
		tb.Fatal(err)
	}
	return id, sum
}

func readAll(st *Store, id, sum string) ([]byte, error) {
	rc, err := st.Open(id, sum)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func TestStoreRoundTrip(t *testing.T) {
	key, _ := LoadOrCreateKey(t.TempDir())
	st, err := NewStore(t.TempDir(), key)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 1, segmentSize - 1, segmentSize, segmentSize + 1, 3 * segmentSize, 5_000_000} {
		data := make([]byte, n)
		rand.Read(data)
		id, sum := mustStored(t, st, data)
		got, err := readAll(st, id, sum)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("size %d: round trip failed: %v", n, err)
		}
		raw, _ := os.ReadFile(st.path(id))
		if n > 64 && bytes.Contains(raw, data[:64]) {
			t.Fatalf("size %d: plaintext visible on disk", n)
		}
	}
}

func TestStoreTamper(t *testing.T) {
	key, _ := LoadOrCreateKey(t.TempDir())
	st, _ := NewStore(t.TempDir(), key)
	data := make([]byte, 5_000_000)
	rand.Read(data)
	id, sum := mustStored(t, st, data)
	path := st.path(id)
	orig, _ := os.ReadFile(path)

	for _, tc := range []struct {
		name   string
		mutate func([]byte) []byte
	}{
		{"flip a byte in the middle", func(b []byte) []byte { b[len(b)/2] ^= 1; return b }},
		{"flip the last byte", func(b []byte) []byte { b[len(b)-1] ^= 0x80; return b }},
		{"flip a header byte", func(b []byte) []byte { b[10] ^= 1; return b }},
		{"truncate a segment", func(b []byte) []byte { return b[:len(b)-(segmentSize+aesOverhead)] }},
		{"truncate inside a segment", func(b []byte) []byte { return b[:len(b)-100] }},
		{"append bytes", func(b []byte) []byte { return append(b, 1, 2, 3) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.WriteFile(path, tc.mutate(append([]byte(nil), orig...)), 0o600)
			_, err := readAll(st, id, sum)
			if !errs.Is(err, errs.Internal) || !bytes.Contains([]byte(errs.As(err).Msg.VI), []byte("đã bị thay đổi")) {
				t.Fatalf("err = %v, want tamper error", err)
			}
		})
	}
	os.WriteFile(path, orig, 0o600)
	// Swapping in another file under this ID fails (the ID is authenticated).
	id2, _ := mustStored(t, st, []byte("khác"))
	other, _ := os.ReadFile(st.path(id2))
	os.WriteFile(path, other, 0o600)
	if _, err := readAll(st, id, sum); !errs.Is(err, errs.Internal) {
		t.Fatalf("swapped file: err = %v", err)
	}
	os.WriteFile(path, orig, 0o600)
	// A wrong checksum is caught at the end of the stream.
	bad := sha256.Sum256([]byte("x"))
	if _, err := readAll(st, id, hex.EncodeToString(bad[:])); !errs.Is(err, errs.Internal) {
		t.Fatalf("wrong checksum: err = %v", err)
	}
	if got, err := readAll(st, id, sum); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("restored file: %v", err)
	}
}

func TestStoreWrongKey(t *testing.T) {
	dir := t.TempDir()
	key, _ := LoadOrCreateKey(t.TempDir())
	st, _ := NewStore(dir, key)
	id, sum := mustStored(t, st, []byte("Báo cáo sự cố"))
	other, _ := LoadOrCreateKey(t.TempDir())
	st2, _ := NewStore(dir, other)
	if _, err := st2.Open(id, sum); !errs.Is(err, errs.Internal) {
		t.Fatalf("wrong key: err = %v", err)
	}
}

func TestStoreDeleteAndNotFound(t *testing.T) {
	key, _ := LoadOrCreateKey(t.TempDir())
	st, _ := NewStore(t.TempDir(), key)
	id, sum := mustStored(t, st, []byte("x"))
	if err := st.Delete(id); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Open(id, sum); !errs.Is(err, errs.NotFound) {
		t.Fatalf("open deleted: %v", err)
	}
	if err := st.Delete(id); !errs.Is(err, errs.NotFound) {
		t.Fatalf("delete twice: %v", err)
	}
	if _, err := st.Open("../../etc/passwd", sum); !errs.Is(err, errs.NotFound) {
		t.Fatalf("path id: %v", err)
	}
}

func TestStorePutChecksumMismatchLeavesNothing(t *testing.T) {
	key, _ := LoadOrCreateKey(t.TempDir())
	dir := t.TempDir()
	st, _ := NewStore(dir, key)
	if _, err := st.put(context.Background(), bytes.NewReader([]byte("a")), hex.EncodeToString(make([]byte, 32))); err == nil {
		t.Fatal("put accepted a wrong checksum")
	}
	if n := countFiles(t, dir); n != 0 {
		t.Fatalf("%d files left", n)
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	dir := t.TempDir()
	k1, err := LoadOrCreateKey(dir)
	if err != nil || len(k1) != 32 {
		t.Fatal(err)
	}
	k2, err := LoadOrCreateKey(dir)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("second load differs: %v", err)
	}
	st, _ := os.Stat(filepath.Join(dir, keyFile))
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode().Perm())
	}
	os.Chmod(filepath.Join(dir, keyFile), 0o644)
	if _, err := LoadOrCreateKey(dir); err == nil {
		t.Fatal("accepted a world-readable key")
	}
	if _, err := NewStore(t.TempDir(), []byte("short")); err == nil {
		t.Fatal("accepted a short key")
	}
}
