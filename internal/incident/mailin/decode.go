package mailin

import (
	"bytes"
	"encoding/base64"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// decode reads a part body and undoes its Content-Transfer-Encoding.
// Quoted-printable is decoded leniently (a stray "=" stays as written);
// base64 that cannot be decoded is an error naming the part.
func (w *walker) decode(cte string, body io.Reader, label string) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(body, w.lim.budget+1))
	if err != nil && !isTruncation(err) {
		return nil, errBadMultipart("multipart", err)
	}
	var data []byte
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		data, err = decodeBase64(raw)
		if err != nil {
			return nil, errBadBase64(label, err)
		}
	case "quoted-printable":
		data = decodeQP(raw)
	default: // 7bit, 8bit, binary and unknown encodings: as written
		data = raw
	}
	w.lim.budget -= int64(len(data))
	if w.lim.budget < 0 {
		return nil, errTooLarge(w.lim.max)
	}
	return data, nil
}

// isTruncation reports a part cut short by a missing closing boundary,
// which decode keeps as read.
func isTruncation(err error) bool { return err == io.ErrUnexpectedEOF }

// decodeBase64 decodes base64 with line breaks and other white space
// removed, with or without padding.
func decodeBase64(raw []byte) ([]byte, error) {
	clean := make([]byte, 0, len(raw))
	for _, c := range raw {
		if c > ' ' {
			clean = append(clean, c)
		}
	}
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
	n, err := base64.StdEncoding.Decode(out, clean)
	if err == nil {
		return out[:n], nil
	}
	n, err2 := base64.RawStdEncoding.Decode(out, bytes.TrimRight(clean, "="))
	if err2 != nil {
		return nil, err
	}
	return out[:n], nil
}

// decodeQP decodes quoted-printable: "=XX" is a byte, "=" at a line end is
// a soft break, anything else is kept as written.
func decodeQP(raw []byte) []byte {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		j := i + 1
		for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t') {
			j++
		}
		switch {
		case j == len(raw):
			i = j
		case raw[j] == '\n':
			i = j
		case raw[j] == '\r' && j+1 < len(raw) && raw[j+1] == '\n':
			i = j + 1
		case i+2 < len(raw) && isHex(raw[i+1]) && isHex(raw[i+2]):
			out = append(out, unhex(raw[i+1])<<4|unhex(raw[i+2]))
			i += 2
		default:
			out = append(out, '=')
		}
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// bodyText turns a decoded text part into clean UTF-8 text: the declared
// charset is honoured when Go knows it (for HTML also a <meta> charset),
// us-ascii is read as UTF-8 (mailers often mislabel), and HTML is
// converted to readable text.
func bodyText(data []byte, mt, label string) string {
	s := toUTF8(data, mt, strings.ToLower(strings.TrimSpace(label)))
	if mt == "text/html" {
		return htmlText(s)
	}
	return cleanText(s)
}

func toUTF8(data []byte, mt, label string) string {
	var r io.Reader
	var err error
	switch {
	case mt == "text/html":
		ct := "text/html"
		if label != "" && label != "us-ascii" {
			ct += "; charset=" + label
		}
		r, err = charset.NewReader(bytes.NewReader(data), ct)
	case label == "" || label == "us-ascii" || label == "utf-8" || label == "utf8":
		return string(data)
	default:
		r, err = charset.NewReaderLabel(label, bytes.NewReader(data))
	}
	if err != nil {
		return string(data)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return string(data)
	}
	return string(out)
}
