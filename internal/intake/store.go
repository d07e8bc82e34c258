package intake

import (
	"bufio"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
)

// Stored file format (all files written by one Store share its key):
//
//	magic "ATTTENC1" | 32-byte random file nonce | segments
//
// The file key is HMAC-SHA256(store key, file nonce), so no two files share a
// key and segment nonces cannot repeat across files. Each segment holds up to
// segmentSize bytes of plaintext sealed with AES-256-GCM under the nonce
// (8-byte big-endian counter | 3 zero bytes | final flag), with the magic,
// file nonce and file ID as additional data. The final flag stops truncation
// and reordering; the ID stops swapping files; the SHA-256 of the plaintext,
// recorded by the caller, is checked again at the end of every read.
const (
	storeMagic  = "ATTTENC1"
	nonceSize   = 32
	segmentSize = 64 << 10
	keyFile     = "intake.key"
)

// Store keeps accepted files encrypted at rest in one directory.
type Store struct {
	dir string
	key []byte
}

// NewStore returns a Store writing into dir (created if missing) with a
// 32-byte key, usually from LoadOrCreateKey.
func NewStore(dir string, key []byte) (*Store, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("intake: store key must be 32 bytes, got %d", len(key))
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("intake: store dir: %w", err)
	}
	return &Store{dir: dir, key: append([]byte(nil), key...)}, nil
}

// LoadOrCreateKey returns the 32-byte key kept hex-encoded in dir/intake.key,
// creating the file (mode 0600) with a random key the first time. It refuses a
// key file readable by group or others.
func LoadOrCreateKey(dir string) ([]byte, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("intake: key dir: %w", err)
	}
	path := filepath.Join(dir, keyFile)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			f.Close()
			os.Remove(path)
			return nil, err
		}
		_, werr := f.WriteString(hex.EncodeToString(key) + "\n")
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(path)
			return nil, fmt.Errorf("intake: write key: %w", werr)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("intake: create key: %w", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("intake: key: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("intake: key file %s has mode %v; it must be 0600", path, st.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("intake: read key: %w", err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("intake: key file %s does not hold a 32-byte hex key", path)
	}
	return key, nil
}

// put encrypts r into a new file and returns its ID. It writes to a
// temporary name and renames, so a failure leaves nothing half-stored; the
// plaintext's SHA-256 must equal sum (the gate computed it while receiving).
func (s *Store) put(ctx context.Context, r io.Reader, sum string) (string, error) {
	id := db.NewID()
	fail := func(err error) (string, error) {
		return "", errs.Wrap(errs.Internal, locale.T("Không lưu được tệp.", "Could not store the file."), fmt.Errorf("intake: store %s: %w", id, err))
	}
	tmp, err := os.CreateTemp(s.dir, ".tmp-*")
	if err != nil {
		return fail(err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	nonce := make([]byte, nonceSize)
	if _, err := rand.Read(nonce); err != nil {
		return fail(err)
	}
	aead, err := s.aead(nonce)
	if err != nil {
		return fail(err)
	}
	ad := additionalData(nonce, id)
	w := bufio.NewWriterSize(tmp, segmentSize+64)
	w.WriteString(storeMagic)
	w.Write(nonce)
	h := sha256.New()
	plain := make([]byte, segmentSize)
	var sealed []byte
	// Read one segment ahead so the last one carries the final flag.
	n, rerr := io.ReadFull(ctxReader{ctx, r}, plain)
	for counter := uint64(0); ; counter++ {
		if rerr != nil && rerr != io.EOF && rerr != io.ErrUnexpectedEOF {
			return fail(rerr)
		}
		final := rerr != nil
		var next []byte
		var nn int
		if !final {
			next = make([]byte, segmentSize)
			nn, rerr = io.ReadFull(ctxReader{ctx, r}, next)
			if rerr == io.EOF {
				final = true
			} else if rerr != nil && rerr != io.ErrUnexpectedEOF {
				return fail(rerr)
			}
		}
		h.Write(plain[:n])
		sealed = aead.Seal(sealed[:0], segNonce(counter, final), plain[:n], ad)
		if _, err := w.Write(sealed); err != nil {
			return fail(err)
		}
		if final {
			break
		}
		plain, n = next, nn
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum {
		return fail(fmt.Errorf("checksum changed while storing: %s != %s", got, sum))
	}
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), s.path(id)); err != nil {
		return fail(err)
	}
	done = true
	return id, nil
}

// Open returns the plaintext of file id, decrypting and verifying as it
// streams. A read returns errs.Internal ("tệp đã bị thay đổi") when any byte
// of the stored file was altered, the file was truncated or extended, the key
// is wrong, or the plaintext's SHA-256 differs from sum. Open itself returns
// errs.NotFound for an unknown id and checks the first segment at once, so a
// wrong key or damaged header fails here.
func (s *Store) Open(id, sum string) (io.ReadCloser, error) {
	if !validID(id) {
		return nil, errs.New(errs.NotFound, errs.MsgNotFound)
	}
	f, err := os.Open(s.path(id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errs.New(errs.NotFound, errs.MsgNotFound)
	}
	if err != nil {
		return nil, errs.Wrap(errs.Internal, locale.T("Không đọc được tệp.", "Could not read the file."), err)
	}
	hdr := make([]byte, len(storeMagic)+nonceSize)
	if _, err := io.ReadFull(f, hdr); err != nil || string(hdr[:len(storeMagic)]) != storeMagic {
		f.Close()
		return nil, errTampered(id, fmt.Errorf("bad header: %v", err))
	}
	nonce := hdr[len(storeMagic):]
	aead, err := s.aead(nonce)
	if err != nil {
		f.Close()
		return nil, errTampered(id, err)
	}
	want, err := hex.DecodeString(sum)
	if err != nil || len(want) != sha256.Size {
		f.Close()
		return nil, errs.New(errs.Invalid, locale.T("Mã kiểm tra tệp không hợp lệ.", "Invalid file checksum."))
	}
	dr := &decryptReader{id: id, f: f, br: bufio.NewReaderSize(f, segmentSize+aesOverhead+1), aead: aead, ad: additionalData(nonce, id), h: sha256.New(), want: want}
	if err := dr.next(); err != nil {
		f.Close()
		return nil, err
	}
	return dr, nil
}

// Delete removes file id; errs.NotFound when there is none.
func (s *Store) Delete(id string) error {
	if !validID(id) {
		return errs.New(errs.NotFound, errs.MsgNotFound)
	}
	err := os.Remove(s.path(id))
	if errors.Is(err, fs.ErrNotExist) {
		return errs.New(errs.NotFound, errs.MsgNotFound)
	}
	if err != nil {
		return errs.Wrap(errs.Internal, locale.T("Không xóa được tệp.", "Could not delete the file."), err)
	}
	return nil
}

func (s *Store) path(id string) string { return filepath.Join(s.dir, id+".enc") }

// aead returns the file's cipher: AES-256-GCM under HMAC-SHA256(key, nonce).
func (s *Store) aead(nonce []byte) (cipher.AEAD, error) {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("attt intake file key v1"))
	m.Write(nonce)
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

const aesOverhead = 16

func additionalData(nonce []byte, id string) []byte {
	return append(append([]byte(storeMagic), nonce...), id...)
}

func segNonce(counter uint64, final bool) []byte {
	n := make([]byte, 12)
	binary.BigEndian.PutUint64(n, counter)
	if final {
		n[11] = 1
	}
	return n
}

// validID reports whether id is a ULID (26 Crockford base-32 characters), so
// an id can never name a path outside the store.
func validID(id string) bool {
	if len(id) != 26 {
		return false
	}
	for _, c := range id {
		if !strings.ContainsRune("0123456789ABCDEFGHJKMNPQRSTVWXYZ", c) {
			return false
		}
	}
	return true
}

func errTampered(id string, cause error) error {
	return errs.Wrap(errs.Internal, locale.T(
		"Tệp đã bị thay đổi hoặc hỏng sau khi lưu; không thể cung cấp tệp này.",
		"The file was altered or damaged after it was stored; it cannot be served."),
		fmt.Errorf("intake: verify %s: %w", id, cause))
}

// decryptReader streams and verifies a stored file.
type decryptReader struct {
	id      string
	f       *os.File
	br      *bufio.Reader
	aead    cipher.AEAD
	ad      []byte
	h       hash.Hash
	want    []byte
	counter uint64
	buf     []byte // decrypted, not yet returned
	final   bool   // the final segment was decrypted
	seg     []byte
	plain   []byte
	err     error
}

// next decrypts the following segment into buf.
func (d *decryptReader) next() error {
	if d.seg == nil {
		d.seg = make([]byte, segmentSize+aesOverhead)
		d.plain = make([]byte, 0, segmentSize)
	}
	n, err := io.ReadFull(d.br, d.seg)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return errs.Wrap(errs.Internal, locale.T("Không đọc được tệp.", "Could not read the file."), err)
	}
	final := n < len(d.seg)
	if !final {
		if _, perr := d.br.Peek(1); perr == io.EOF {
			final = true
		}
	}
	plain, oerr := d.aead.Open(d.plain[:0], segNonce(d.counter, final), d.seg[:n], d.ad)
	if oerr != nil {
		return errTampered(d.id, fmt.Errorf("segment %d: %w", d.counter, oerr))
	}
	d.counter++
	d.h.Write(plain)
	d.buf = plain
	if final {
		d.final = true
		if !hmac.Equal(d.h.Sum(nil), d.want) {
			return errTampered(d.id, errors.New("checksum mismatch"))
		}
	}
	return nil
}

// Read returns verified plaintext.
func (d *decryptReader) Read(p []byte) (int, error) {
	for len(d.buf) == 0 {
		if d.err != nil {
			return 0, d.err
		}
		if d.final {
			return 0, io.EOF
		}
		if err := d.next(); err != nil {
			d.err = err
			return 0, err
		}
	}
	n := copy(p, d.buf)
	d.buf = d.buf[n:]
	return n, nil
}

// Close closes the stored file.
func (d *decryptReader) Close() error { return d.f.Close() }
