package parse

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// Framer cuts a TCP syslog stream into messages. Each message is framed
// either by RFC 6587 octet counting ("123 <PRI>…") or non-transparently,
// ended by LF, CRLF or NUL; the framing is detected per message, since relays
// may mix them. Memory is bounded: one bufio.Reader and one message buffer
// of the maximum size, both reused.
type Framer struct {
	r         *bufio.Reader
	buf       []byte
	max       int
	truncated bool
	err       error
}

// NewFramer returns a Framer reading from r that returns messages of at most
// maxSize bytes (DefaultMaxMessage when maxSize <= 0).
func NewFramer(r io.Reader, maxSize int) *Framer {
	if maxSize <= 0 {
		maxSize = DefaultMaxMessage
	}
	if maxSize < 16 { // Room for an octet count and a PRI.
		maxSize = 16
	}
	size := maxSize
	if size < 4096 {
		size = 4096
	}
	return &Framer{r: bufio.NewReaderSize(r, size), buf: make([]byte, 0, maxSize), max: maxSize}
}

// Next returns the next message without its framing. The slice is valid only
// until the next call. A message longer than the maximum is cut to the
// maximum and Truncated reports true; the rest of it is read and discarded so
// the stream stays in step. Empty lines are skipped. At the end of the
// stream Next returns io.EOF (a last message without a trailing LF is
// returned first); read errors are returned as they come.
func (f *Framer) Next() ([]byte, error) {
	f.truncated = false
	f.buf = f.buf[:0]
	if f.err != nil {
		return nil, f.err
	}
	for {
		c, err := f.r.ReadByte()
		if err != nil {
			f.err = err
			return nil, err
		}
		switch {
		case c == '\n' || c == '\r' || c == 0:
			continue // Empty frame, or the LF some senders put after a counted frame.
		case c >= '1' && c <= '9':
			if msg, ok, err := f.counted(c); ok || err != nil {
				return msg, err
			}
			// Not a count after all: what was read is the start of a line.
			return f.line()
		default:
			f.buf = append(f.buf, c)
			return f.line()
		}
	}
}

// Truncated reports whether the message Next last returned was cut to the
// maximum size; the caller flags the event.
func (f *Framer) Truncated() bool { return f.truncated }

// counted tries to read "LEN SP" followed by '<'. On success it reads the
// LEN bytes of the message. Otherwise it leaves the digits read in f.buf and
// reports ok false, so the caller reads the rest as a line.
func (f *Framer) counted(first byte) (msg []byte, ok bool, err error) {
	n := int(first - '0')
	f.buf = append(f.buf, first)
	for len(f.buf) < 10 {
		c, err := f.r.ReadByte()
		if err != nil {
			f.err = err
			return f.finishEOF()
		}
		if c >= '0' && c <= '9' {
			f.buf = append(f.buf, c)
			n = n*10 + int(c-'0')
			continue
		}
		if c != ' ' {
			if err := f.r.UnreadByte(); err != nil {
				return nil, false, err
			}
			return nil, false, nil
		}
		next, err := f.r.Peek(1)
		if err != nil || next[0] != '<' {
			f.buf = append(f.buf, c)
			if err != nil {
				f.err = err
				return f.finishEOF()
			}
			return nil, false, nil
		}
		return f.readCounted(n)
	}
	return nil, false, nil
}

// finishEOF returns what was read before the stream ended as the last
// message.
func (f *Framer) finishEOF() ([]byte, bool, error) {
	if len(f.buf) > 0 {
		return f.buf, true, nil
	}
	return nil, true, f.err
}

func (f *Framer) readCounted(n int) ([]byte, bool, error) {
	f.buf = f.buf[:0]
	take := n
	if take > f.max {
		take = f.max
		f.truncated = true
	}
	f.buf = f.buf[:take]
	got, err := io.ReadFull(f.r, f.buf)
	f.buf = f.buf[:got]
	if err == nil && n > take {
		_, err = f.r.Discard(n - take)
	}
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = io.EOF
		}
		f.err = err
		if got > 0 {
			f.truncated = true // The sender promised more than it sent.
			return f.buf, true, nil
		}
		return nil, true, err
	}
	return f.buf, true, nil
}

// line reads up to LF or NUL, dropping a CR before the LF, keeping at most
// max bytes and discarding the rest of an over-long line.
func (f *Framer) line() ([]byte, error) {
	for {
		if f.r.Buffered() == 0 {
			if _, err := f.r.Peek(1); err != nil {
				f.err = err
				if len(f.buf) > 0 {
					return f.trimCR(), nil
				}
				return nil, err
			}
		}
		chunk, _ := f.r.Peek(f.r.Buffered())
		i := bytes.IndexByte(chunk, '\n')
		end := len(chunk)
		if i >= 0 {
			end = i
		}
		if z := bytes.IndexByte(chunk[:end], 0); z >= 0 {
			i, end = z, z
		}
		f.appendCapped(chunk[:end])
		if i >= 0 {
			_, _ = f.r.Discard(i + 1)
			return f.trimCR(), nil
		}
		_, _ = f.r.Discard(len(chunk))
	}
}

func (f *Framer) appendCapped(b []byte) {
	room := f.max - len(f.buf)
	if room < 0 {
		room = 0
	}
	if len(b) > room {
		b = b[:room]
		f.truncated = true
	}
	f.buf = append(f.buf, b...)
}

func (f *Framer) trimCR() []byte {
	if n := len(f.buf); n > 0 && f.buf[n-1] == '\r' && !f.truncated {
		f.buf = f.buf[:n-1]
	}
	return f.buf
}

// Buffered reports how many bytes the Framer holds unread: zero means the
// next Next would wait for the network, so a reader batching messages
// should hand over what it has first.
func (f *Framer) Buffered() int { return f.r.Buffered() }
