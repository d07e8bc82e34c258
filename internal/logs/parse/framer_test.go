package parse_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"attt/internal/logs/parse"
)

type frame struct {
	msg       string
	truncated bool
}

// MustFrames reads r to the end and returns its frames.
func MustFrames(tb testing.TB, r io.Reader, max int) []frame {
	tb.Helper()
	f := parse.NewFramer(r, max)
	var out []frame
	for i := 0; ; i++ {
		if i > 10000 {
			tb.Fatal("framer does not end")
		}
		msg, err := f.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			tb.Fatalf("Next: %v", err)
		}
		out = append(out, frame{string(msg), f.Truncated()})
	}
}

func TestFramer(t *testing.T) {
	m1 := "<13>1 2026-11-24T03:00:01Z h a - - - một"
	m2 := "<13>Nov 24 10:00:01 h a: hai"
	m3 := "<13>1 2026-11-24T03:00:01Z h a - - - ba\nwith an LF inside"
	counted := func(m string) string { return itoa(len(m)) + " " + m }
	tests := []struct {
		name  string
		input string
		max   int
		want  []frame
	}{
		{"lf", m1 + "\n" + m2 + "\n", 0, []frame{{m1, false}, {m2, false}}},
		{"crlf", m1 + "\r\n" + m2 + "\r\n", 0, []frame{{m1, false}, {m2, false}}},
		{"nul", m1 + "\x00" + m2 + "\x00", 0, []frame{{m1, false}, {m2, false}}},
		{"last line without lf", m1 + "\n" + m2, 0, []frame{{m1, false}, {m2, false}}},
		{"octet counting keeps inner lf", counted(m3) + counted(m1), 0, []frame{{m3, false}, {m1, false}}},
		{"mixed framings", counted(m1) + m2 + "\n" + counted(m3) + "\n" + m1 + "\r\n", 0, []frame{{m1, false}, {m2, false}, {m3, false}, {m1, false}}},
		{"empty lines skipped", "\n\n" + m1 + "\n\r\n\n", 0, []frame{{m1, false}}},
		{"line starting with digits is not a count", "2026 is not a count\n42\n7 x\n", 0, []frame{{"2026 is not a count", false}, {"42", false}, {"7 x", false}}},
		{"over-long line truncated and resynced", strings.Repeat("x", 100) + "\n" + m2 + "\n", 40, []frame{{strings.Repeat("x", 40), true}, {m2, false}}},
		{"over-long counted truncated and resynced", counted(m1+strings.Repeat("y", 60)) + counted(m2), 40, []frame{{m1[:40], true}, {m2, false}}},
		{"count larger than stream", "500 <13>short", 0, []frame{{"<13>short", true}}},
		{"digits then eof", "123", 0, []frame{{"123", false}}},
		{"huge count is bounded", "999999999 <13>x", 0, []frame{{"<13>x", true}}},
		{"too many digits is a line", "12345678901234 <13>x\n", 0, []frame{{"12345678901234 <13>x", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			readers := map[string]io.Reader{
				"whole":       strings.NewReader(tt.input),
				"one byte":    iotest.OneByteReader(strings.NewReader(tt.input)),
				"half":        iotest.HalfReader(strings.NewReader(tt.input)),
				"data at eof": iotest.DataErrReader(strings.NewReader(tt.input)),
			}
			for rn, r := range readers {
				got := MustFrames(t, r, tt.max)
				if !equalFrames(got, tt.want) {
					t.Errorf("%s reader: got %+v, want %+v", rn, got, tt.want)
				}
			}
		})
	}
}

func TestFramerLoggerStream(t *testing.T) {
	// Captured from a TCP listener while logger sent with -T (LF framing)
	// and -T --octet-count, see testdata/README.md.
	b, err := os.ReadFile("testdata/logger_tcp_stream.bin")
	if err != nil {
		t.Fatal(err)
	}
	got := MustFrames(t, iotest.OneByteReader(bytes.NewReader(b)), 0)
	if len(got) != 6 {
		t.Fatalf("got %d frames, want 6: %+v", len(got), got)
	}
	for _, fr := range got {
		e := parse.ParseSyslog([]byte(fr.msg), recv, ict)
		if e.ParseError != "" || fr.truncated {
			t.Errorf("frame %q: ParseError %q truncated %v", fr.msg, e.ParseError, fr.truncated)
		}
	}
	if got[3].msg[len(got[3].msg)-len("dòng một"):] != "dòng một" || got[5].msg[len(got[5].msg)-len("dòng hai"):] != "dòng hai" {
		t.Errorf("octet-counted frames: %q, %q", got[3].msg, got[5].msg)
	}
}

func TestFramerReadError(t *testing.T) {
	boom := errors.New("boom")
	f := parse.NewFramer(io.MultiReader(strings.NewReader("<13>a\n<13>b"), iotest.ErrReader(boom)), 0)
	for _, want := range []string{"<13>a", "<13>b"} {
		msg, err := f.Next()
		if err != nil || string(msg) != want {
			t.Fatalf("Next = %q, %v; want %q", msg, err, want)
		}
	}
	if _, err := f.Next(); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if _, err := f.Next(); !errors.Is(err, boom) {
		t.Fatalf("second err = %v, want boom again", err)
	}
}

func equalFrames(a, b []frame) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
