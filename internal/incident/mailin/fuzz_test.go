package mailin

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"attt/internal/errs"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{samplePlainVI, sampleMixed, sampleAlternative,
		"From: a@b\r\n\r\n", "From: a@b\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\n--x--",
		"From: =?UTF-8?Q?=E1?= <a@b>\r\nSubject: =?windows-1258?Q?S=FD=F2?=\r\n\r\n<p>x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const limit = 1 << 16
		m, err := Parse(bytes.NewReader(data), limit)
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || (e.Code != errs.Invalid && e.Code != errs.TooLarge) || e.Msg.VI == "" || e.Msg.EN == "" {
				t.Fatalf("error %#v is not a user-facing Invalid/TooLarge error", err)
			}
			return
		}
		if !bytes.Equal(m.Raw, data) {
			t.Fatal("Raw differs from input")
		}
		for _, s := range []string{m.Text, m.Subject, m.From.Name, m.MessageID} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q", s)
			}
		}
		total := 0
		for _, a := range m.Attachments {
			total += len(a.Data)
			if a.Name == "" || strings.ContainsAny(a.Name, "/\\\x00\n") || strings.HasPrefix(a.Name, ".") || len(a.Name) > maxNameBytes {
				t.Fatalf("unsafe attachment name %q", a.Name)
			}
		}
		if total > len(data) {
			t.Fatalf("attachments hold %d bytes from a %d-byte message", total, len(data))
		}
	})
}
