package mailin

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/mail"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/unicode/norm"

	"attt/internal/errs"
)

// Parse reads one RFC 5322 message of at most maxBytes bytes from r (a
// non-positive maxBytes means DefaultMaxBytes) and returns its sender,
// subject, date, Message-ID, readable text and attachments. A message over
// the limit is an errs.TooLarge error, read no further than the limit; a
// message that cannot be read is an errs.Invalid error saying why. An error
// from r itself is returned wrapped, as it is.
func Parse(r io.Reader, maxBytes int64) (*Message, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	raw, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("mailin: read message: %w", err)
	}
	if int64(len(raw)) > maxBytes {
		return nil, errTooLarge(maxBytes)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, errs.New(errs.Invalid, msgEmpty)
	}
	mm, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, msgHeader, err)
	}
	m := &Message{Raw: raw}
	if err := readHeader(m, mm.Header); err != nil {
		return nil, err
	}
	w := newWalker(maxBytes)
	if err := w.entity(headerOf(mm.Header), mm.Body, 0); err != nil {
		return nil, err
	}
	m.Text = w.text()
	m.Attachments = w.files
	return m, nil
}

// readHeader fills the header fields of m.
func readHeader(m *Message, h mail.Header) error {
	from := strings.TrimSpace(h.Get("From"))
	if from == "" {
		return errs.New(errs.Invalid, msgNoFrom)
	}
	addr, err := parseFrom(from)
	if err != nil {
		var ok bool
		if addr, ok = lenientFrom(from); !ok {
			return errBadFrom(oneLine(decodeWords(from)))
		}
	}
	m.From = *addr
	m.Subject = oneLine(decodeWords(h.Get("Subject")))
	if d, err := mail.ParseDate(h.Get("Date")); err == nil {
		m.Date = d
	}
	id := cleanText(h.Get("Message-ID"))
	m.MessageID = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(id), "<"), ">"))
	return nil
}

// parseFrom reads the first address of a From header, display name decoded.
func parseFrom(from string) (*mail.Address, error) {
	p := mail.AddressParser{WordDecoder: wordDecoder()}
	list, err := p.ParseList(from)
	if err != nil || len(list) == 0 {
		return nil, fmt.Errorf("mailin: From %q: %w", from, err)
	}
	a := list[0]
	a.Name = oneLine(cleanText(a.Name))
	a.Address = strings.TrimSpace(a.Address)
	if !utf8.ValidString(a.Address) {
		return nil, fmt.Errorf("mailin: From %q: address is not UTF-8", from)
	}
	return a, nil
}

// lenientFrom reads the From lines net/mail refuses but a person can read:
// `"Name" a@b.vn` (no angle brackets) or an address with a stray dot
// (`nguyen.@b.vn`). It takes the last <…>, else the word holding "@".
func lenientFrom(from string) (*mail.Address, bool) {
	var name, addr string
	if i := strings.LastIndexByte(from, '<'); i >= 0 {
		j := strings.IndexByte(from[i:], '>')
		if j < 0 {
			return nil, false
		}
		name, addr = from[:i], from[i+1:i+j]
	} else {
		words := strings.Fields(from)
		for k, w := range words {
			if strings.Contains(w, "@") {
				addr = w
				name = strings.Join(append(words[:k:k], words[k+1:]...), " ")
				break
			}
		}
	}
	addr = strings.TrimSpace(addr)
	if !plausibleAddr(addr) {
		return nil, false
	}
	name = strings.Trim(strings.TrimSpace(name), `"'`)
	return &mail.Address{Name: oneLine(decodeWords(name)), Address: addr}, true
}

// plausibleAddr reports whether addr is one local@domain without spaces or
// address punctuation.
func plausibleAddr(addr string) bool {
	local, domain, ok := strings.Cut(addr, "@")
	if !ok || local == "" || domain == "" || strings.Contains(domain, "@") || len(addr) > 254 || !utf8.ValidString(addr) {
		return false
	}
	return !strings.ContainsFunc(addr, func(r rune) bool {
		return r <= ' ' || r == 0x7f || strings.ContainsRune(`<>()[],;:\"`, r)
	})
}

// oneLine folds a header value to one line with single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// wordDecoder decodes RFC 2047 encoded words in every charset Go knows
// (UTF-8, windows-1258, ISO-8859-x, …).
func wordDecoder() *mime.WordDecoder {
	return &mime.WordDecoder{CharsetReader: charset.NewReaderLabel}
}

// decodeWords decodes a header value with RFC 2047 words; on an unknown
// charset it keeps the header as written rather than lose it.
func decodeWords(s string) string {
	d, err := wordDecoder().DecodeHeader(s)
	if err != nil {
		d = s
	}
	return cleanText(d)
}

// cleanText makes s valid UTF-8 in NFC (Vietnamese typed on macOS arrives
// decomposed), with control characters other than tab and newline removed,
// line ends as "\n" and surrounding space trimmed.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return '\n'
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(norm.NFC.String(s))
}
