package intake

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"attt/internal/errs"
	"attt/internal/locale"
)

// clamdTimeout bounds one scan, connection included.
const clamdTimeout = 2 * time.Minute

// clamdAddr splits "unix:/path" or "tcp:host:port" into a network and address.
func clamdAddr(s string) (network, addr string, err error) {
	network, addr, ok := strings.Cut(s, ":")
	if !ok || addr == "" || (network != "unix" && network != "tcp") {
		return "", "", fmt.Errorf("intake: clamd address %q: want unix:/path or tcp:host:port", s)
	}
	return network, addr, nil
}

// scanClamd streams f to clamd with the INSTREAM command and refuses the file
// when clamd finds something. It fails closed: when clamd is configured but
// cannot be reached or answers with an error, the upload is refused.
func (g *Gate) scanClamd(ctx context.Context, f *os.File) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	verdict, err := clamdScan(ctx, g.clamd, f)
	if err != nil {
		return errScanUnavailable(err)
	}
	if verdict != "" {
		return refuseMalware(verdict)
	}
	return nil
}

// errScanUnavailable refuses an upload because the malware scanner failed.
func errScanUnavailable(cause error) error {
	return errs.Wrap(errs.Unavailable, locale.T(
		"Không quét được mã độc vì dịch vụ quét (ClamAV) đang không hoạt động; tệp chưa được nhận. Vui lòng thử lại sau hoặc báo quản trị hệ thống.",
		"The file could not be scanned for malware because the scanner (ClamAV) is not working; the file was not accepted. Please try again later or tell the administrator."),
		&Refusal{Reason: ReasonScanFailed, Detail: cause.Error()})
}

// clamdScan sends r to clamd at addr and returns the signature name found,
// "" for a clean file, or an error when the scan did not complete.
func clamdScan(ctx context.Context, addr string, r io.Reader) (string, error) {
	network, a, err := clamdAddr(addr)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, clamdTimeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, network, a)
	if err != nil {
		return "", fmt.Errorf("clamd: connect: %w", err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()

	werr := clamdSend(conn, r)
	// clamd may close early (e.g. StreamMaxLength exceeded) and say why.
	reply, rerr := io.ReadAll(io.LimitReader(conn, 4096))
	if len(reply) == 0 {
		if werr != nil {
			return "", fmt.Errorf("clamd: send: %w", werr)
		}
		return "", fmt.Errorf("clamd: no reply: %v", rerr)
	}
	return parseClamdReply(string(reply))
}

// clamdSend writes the INSTREAM command, the chunks and the terminator.
func clamdSend(w io.Writer, r io.Reader) error {
	if _, err := io.WriteString(w, "zINSTREAM\x00"); err != nil {
		return err
	}
	buf := make([]byte, 4+32<<10)
	for {
		n, err := r.Read(buf[4:])
		if n > 0 {
			binary.BigEndian.PutUint32(buf, uint32(n))
			if _, werr := w.Write(buf[:4+n]); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	_, err := w.Write([]byte{0, 0, 0, 0})
	return err
}

// parseClamdReply reads "stream: OK", "stream: Name FOUND" or "… ERROR".
func parseClamdReply(reply string) (string, error) {
	reply = strings.TrimSpace(string(bytes.TrimRight([]byte(reply), "\x00\n")))
	switch {
	case strings.HasSuffix(reply, " FOUND"):
		name := strings.TrimSuffix(reply, " FOUND")
		if i := strings.LastIndex(name, ": "); i >= 0 {
			name = name[i+2:]
		}
		return strings.TrimSpace(name), nil
	case strings.HasSuffix(reply, ": OK"):
		return "", nil
	}
	return "", fmt.Errorf("clamd: %s", reply)
}
