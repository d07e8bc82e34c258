// Package intake is the one gate every uploaded file in attt passes (S11,
// Đ3.3, Đ6.3.d of the regulation). A Gate receives the upload into a
// temporary file, never holding a big file in memory; refuses files over the
// size limit; recognises the real type from the content, not the name;
// refuses executables, scripts and types the caller did not allow; refuses the
// EICAR test file always and other malware through ClamAV's clamd when one is
// configured (failing closed when clamd is unreachable); and refuses documents
// that bear a state-secret classification stamp (MẬT, TỐI MẬT, TUYỆT MẬT),
// explaining that such documents must not travel over the network. Accepted
// files go to a Store, encrypted at rest with AES-256-GCM and checksummed
// with SHA-256, verified on every read. A refused upload leaves nothing
// behind.
package intake

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
)

// DefaultMaxBytes is the size limit when Options.MaxBytes is zero: 25 MiB.
const DefaultMaxBytes int64 = 25 << 20

// Options configures a Gate.
type Options struct {
	// MaxBytes is the largest accepted file; 0 means DefaultMaxBytes.
	MaxBytes int64
	// Allowed lists the accepted types; empty means DefaultAllowed.
	// Executable and Script are never accepted, even when listed.
	Allowed []Type
	// Clamd is the clamd address, "unix:/run/clamav/clamd.ctl" or
	// "tcp:127.0.0.1:3310"; empty turns the ClamAV scan off (the EICAR test
	// file is still refused).
	Clamd string
	// Store receives accepted files; nil means the gate only judges.
	Store *Store
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// TempDir holds uploads while they are judged; empty means os.TempDir.
	TempDir string
}

// File is an accepted upload.
type File struct {
	// ID is the stored file's ULID (also set when no Store is configured).
	ID string
	// Name is the uploader's file name, sanitised: no directories, no
	// control characters, at most 200 characters.
	Name string
	// Type is the type recognised from the content.
	Type Type
	// Size is the length in bytes.
	Size int64
	// SHA256 is the hex SHA-256 of the content, verified by Store.Open.
	SHA256 string
	// StoredAt is when the gate accepted the file.
	StoredAt time.Time
}

// Gate judges and stores uploads. It is safe for concurrent use.
type Gate struct {
	max     int64
	allowed map[Type]bool
	clamd   string
	store   *Store
	now     func() time.Time
	tmp     string
}

// New returns a Gate built from opts.
func New(opts Options) (*Gate, error) {
	g := &Gate{max: opts.MaxBytes, clamd: opts.Clamd, store: opts.Store, now: opts.Now, tmp: opts.TempDir, allowed: map[Type]bool{}}
	if g.max <= 0 {
		g.max = DefaultMaxBytes
	}
	if g.now == nil {
		g.now = time.Now
	}
	if g.clamd != "" {
		if _, _, err := clamdAddr(g.clamd); err != nil {
			return nil, err
		}
	}
	allowed := opts.Allowed
	if len(allowed) == 0 {
		allowed = DefaultAllowed()
	}
	for _, t := range allowed {
		if !t.dangerous() {
			g.allowed[t] = true
		}
	}
	return g, nil
}

// Accept reads an upload named name from r, judges it and, when the gate has a
// Store, stores it encrypted. It returns errs.TooLarge for an over-size file,
// errs.Invalid for a refused file (wrong or dangerous type, malware,
// state-secret marking, unreadable document), errs.Unavailable when a
// configured clamd cannot be reached, and errs.Internal for storage failures.
// The cause of a refusal is a *Refusal (see ReasonOf). Nothing is kept when it
// returns an error.
func (g *Gate) Accept(ctx context.Context, name string, r io.Reader) (f *File, err error) {
	clean := SanitizeName(name)
	if ext := extOf(clean); dangerousExt[ext] {
		return nil, refuse(ReasonType, ext, locale.Tf(
			"Không nhận tệp thực thi hoặc tệp kịch bản (%s).",
			"Executable and script files are not accepted (%s).", ext))
	}
	tmp, err := os.CreateTemp(g.tmp, "attt-intake-*")
	if err != nil {
		return nil, errs.Wrap(errs.Internal, locale.T("Không tạo được tệp tạm.", "Could not create a temporary file."), err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()

	h := sha256.New()
	ei := &eicarScanner{}
	n, err := io.Copy(io.MultiWriter(tmp, h, ei), io.LimitReader(ctxReader{ctx, r}, g.max+1))
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, locale.T("Không nhận được tệp tải lên.", "Could not receive the upload."), err)
	}
	if n > g.max {
		return nil, errs.Wrap(errs.TooLarge, locale.Tf(
			"Tệp vượt quá dung lượng cho phép (tối đa %s).",
			"The file is larger than allowed (at most %s).", sizeText(g.max)),
			&Refusal{Reason: ReasonTooLarge, Detail: fmt.Sprint(g.max)})
	}
	if ei.found {
		return nil, refuseMalware(eicarName)
	}

	typ, err := sniffFile(tmp, n)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, locale.T("Không đọc được tệp tạm.", "Could not read the temporary file."), err)
	}
	if err := g.checkType(clean, typ); err != nil {
		return nil, err
	}
	if err := g.inspect(tmp, n, typ); err != nil {
		return nil, err
	}
	if g.clamd != "" {
		if err := g.scanClamd(ctx, tmp); err != nil {
			return nil, err
		}
	}

	f = &File{Name: clean, Type: typ, Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), StoredAt: g.now()}
	if g.store == nil {
		f.ID = db.NewID()
		return f, nil
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return nil, errs.Wrap(errs.Internal, locale.T("Không đọc được tệp tạm.", "Could not read the temporary file."), err)
	}
	id, err := g.store.put(ctx, tmp, f.SHA256)
	if err != nil {
		return nil, err
	}
	f.ID = id
	return f, nil
}

// checkType refuses dangerous, mislabeled and not-allowed types.
func (g *Gate) checkType(name string, typ Type) error {
	if typ.dangerous() {
		return refuse(ReasonType, string(typ), locale.Tf(
			"Không nhận tệp thực thi hoặc tệp kịch bản (nội dung là %s).",
			"Executable and script files are not accepted (the content is %s).", typ.Label()))
	}
	ext := extOf(name)
	if want, ok := extTypes[ext]; ok && !want.has(typ) {
		return refuse(ReasonMislabeled, ext+"/"+string(typ), locale.Tf(
			"Tên tệp ghi đuôi %s nhưng nội dung là %s; tệp bị từ chối.",
			"The file name ends in %s but the content is %s; the file is refused.", ext, typ.Label()))
	}
	if !g.allowed[typ] {
		return refuse(ReasonType, string(typ), locale.Tf(
			"Loại tệp %s không được phép tải lên.",
			"Files of type %s may not be uploaded.", typ.Label()))
	}
	return nil
}

// inspect looks inside the content: EICAR in archive members and secret
// markings in documents. A parser panic (a hostile file) refuses the upload.
func (g *Gate) inspect(f *os.File, size int64, typ Type) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = refuse(ReasonUnreadable, fmt.Sprint(p), locale.T(
				"Không đọc được nội dung tệp để kiểm tra; tệp bị từ chối.",
				"The file's content could not be read for checking; the file is refused."))
		}
	}()
	budget := &budget{left: 8 * g.max, perMember: g.max}
	switch typ {
	case TypeText, TypeCSV, TypeXML:
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		next := textChunks(f)
		if typ == TypeCSV {
			// Each field is a cell: a stamp alone in a field is a stamp.
			next = csvCells(next)
		}
		return checkMarkings(next)
	case TypePDF:
		data := make([]byte, size)
		if _, err := f.ReadAt(data, 0); err != nil && err != io.EOF {
			return err
		}
		return inspectPDF(data)
	case TypeZIP, TypeDOCX, TypeXLSX, TypePPTX:
		return inspectZip(f, size, 0, budget)
	}
	return nil
}

// ctxReader stops a copy when ctx is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// SanitizeName returns the last path element of name without control
// characters, trimmed, at most 200 characters; "tep" when nothing is left.
func SanitizeName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(name, "") {
		if unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Cf, r) {
			continue
		}
		b.WriteRune(r)
	}
	s := strings.Trim(strings.TrimSpace(b.String()), ".")
	if s == "" {
		return "tep"
	}
	if utf8.RuneCountInString(s) > 200 {
		s = string([]rune(s)[:200])
	}
	return s
}

// extOf returns name's lower-case extension with its dot, or "".
func extOf(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return ""
	}
	return strings.ToLower(name[i:])
}

// sizeText renders n bytes for a message: "25 MiB", "512 KiB", "100 byte".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d byte", n)
}
