package intake

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"attt/internal/errs"
)

// gateEnv is a Gate with its own store and temp directory, so tests can
// check that a refused upload leaves nothing behind.
type gateEnv struct {
	gate  *Gate
	store *Store
	tmp   string
	dir   string
}

func mustGate(tb testing.TB, opts Options) *gateEnv {
	tb.Helper()
	dir, tmp := tb.TempDir(), tb.TempDir()
	key, err := LoadOrCreateKey(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	st, err := NewStore(dir, key)
	if err != nil {
		tb.Fatal(err)
	}
	opts.Store, opts.TempDir = st, tmp
	if opts.Now == nil {
		opts.Now = func() time.Time { return time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC) }
	}
	g, err := New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	return &gateEnv{gate: g, store: st, tmp: tmp, dir: dir}
}

func countFiles(tb testing.TB, dir string) int {
	tb.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return len(es)
}

func TestAccept(t *testing.T) {
	eicarDOCX := mustDOCX(t, lines(benignText), "word/embeddings/test.txt", eicarString)
	eicarDOCXPart := mustDOCX(t, []string{"Báo cáo", eicarString})
	tests := []struct {
		name    string
		file    string
		data    []byte
		allowed []Type
		max     int64
		code    errs.Code
		reason  Reason
		want    Type   // when accepted
		msg     string // substring of the Vietnamese message
	}{
		{name: "benign text", file: "ghi-chu.txt", data: []byte(benignText), want: TypeText},
		{name: "secret text", file: "qd.txt", data: []byte(secretText), code: errs.Invalid, reason: ReasonSecret, msg: "Điều 3 khoản 3, Điều 6 khoản 3 điểm d"},
		{name: "secret text NFD", file: "qd.txt", data: []byte(nfd(secretText)), code: errs.Invalid, reason: ReasonSecret},
		{name: "benign CSV", file: "so-lieu.csv", data: []byte("huyen,mat do dan so\nA,120\nB,340\n"), want: TypeCSV},
		{name: "CSV secret cell", file: "ds.csv", data: []byte("stt;ten;do mat\n1;Kế hoạch;TỐI MẬT\n"), code: errs.Invalid, reason: ReasonSecret},
		{name: "benign DOCX", file: "bao-cao.docx", data: mustDOCX(t, lines(benignText)), want: TypeDOCX},
		{name: "secret DOCX split runs", file: "qd.docx", data: mustDOCX(t, []string{"ỦY BAN NHÂN DÂN", "MẬ|T", "QUYẾT ĐỊNH"}), code: errs.Invalid, reason: ReasonSecret},
		{name: "secret DOCX header", file: "qd.docx", data: mustDOCX(t, lines(benignText), "word/header1.xml", `<w:hdr xmlns:w="x"><w:p><w:r><w:t>TUYỆT MẬT</w:t></w:r></w:p></w:hdr>`), code: errs.Invalid, reason: ReasonSecret, msg: "TUYỆT MẬT"},
		{name: "DOCX label Độ mật", file: "qd.docx", data: mustDOCX(t, []string{"Độ mật: Tối mật", "Nội dung"}), code: errs.Invalid, reason: ReasonSecret, msg: "TỐI MẬT"},
		{name: "benign XLSX", file: "ds.xlsx", data: mustXLSX(t, lines(benignText)), want: TypeXLSX},
		{name: "secret XLSX", file: "ds.xlsx", data: mustXLSX(t, []string{"Danh sách", "TỐI MẬT", "x"}), code: errs.Invalid, reason: ReasonSecret},
		{name: "benign PDF", file: "bc.pdf", data: mustPDF(t, lines(benignText), pdfOptions{}), want: TypePDF},
		{name: "benign PDF flate", file: "bc.pdf", data: mustPDF(t, lines(benignText), pdfOptions{flate: true}), want: TypePDF},
		{name: "secret PDF", file: "qd.pdf", data: mustPDF(t, lines(secretText), pdfOptions{}), code: errs.Invalid, reason: ReasonSecret},
		{name: "secret PDF flate", file: "qd.pdf", data: mustPDF(t, lines(secretText), pdfOptions{flate: true}), code: errs.Invalid, reason: ReasonSecret},
		{name: "secret PDF simple font", file: "qd.pdf", data: mustPDF(t, lines(secretText), pdfOptions{flate: true, simple: true}), code: errs.Invalid, reason: ReasonSecret},
		{name: "encrypted PDF", file: "x.pdf", data: []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R /Encrypt 2 0 R >>\n%%EOF"), code: errs.Invalid, reason: ReasonUnreadable},
		{name: "EICAR plain", file: "eicar.txt", data: []byte(eicarString), code: errs.Invalid, reason: ReasonMalware, msg: eicarName},
		{name: "EICAR com", file: "eicar.com", data: []byte(eicarString), code: errs.Invalid, reason: ReasonType},
		{name: "EICAR in zip", file: "a.zip", data: mustZip(t, "readme.txt", "xin chào", "sub/eicar.com", eicarString), code: errs.Invalid, reason: ReasonMalware},
		{name: "EICAR in deflated DOCX member", file: "a.docx", data: eicarDOCX, code: errs.Invalid, reason: ReasonMalware},
		{name: "EICAR in DOCX part", file: "a.docx", data: eicarDOCXPart, code: errs.Invalid, reason: ReasonMalware},
		{name: "EICAR in zip in zip", file: "a.zip", data: mustZip(t, "inner.zip", string(mustZip(t, "e.txt", eicarString))), code: errs.Invalid, reason: ReasonMalware},
		{name: "secret DOCX in zip", file: "a.zip", data: mustZip(t, "qd.docx", string(mustDOCX(t, lines(secretText)))), code: errs.Invalid, reason: ReasonSecret},
		{name: "benign zip", file: "a.zip", data: mustZip(t, "a.txt", benignText, "b.docx", string(mustDOCX(t, lines(benignText)))), want: TypeZIP},
		{name: "exe named pdf", file: "hoa-don.pdf", data: mustEXE(), code: errs.Invalid, reason: ReasonType, msg: "thực thi"},
		{name: "ELF named pdf", file: "bc.pdf", data: append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 64)...), code: errs.Invalid, reason: ReasonType},
		{name: "script named txt", file: "ghi-chu.txt", data: []byte("#!/bin/sh\nrm -rf /\n"), code: errs.Invalid, reason: ReasonType},
		{name: "exe in zip", file: "a.zip", data: mustZip(t, "setup.exe", string(mustEXE())), code: errs.Invalid, reason: ReasonType},
		{name: "macro docm content", file: "a.docx", data: mustDOCX(t, []string{"x"}, "word/vbaProject.bin", "macro"), code: errs.Invalid, reason: ReasonType},
		{name: "png named pdf", file: "a.pdf", data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), code: errs.Invalid, reason: ReasonMislabeled, msg: ".pdf"},
		{name: "bat extension", file: "run.bat", data: []byte("echo hi"), code: errs.Invalid, reason: ReasonType},
		{name: "not allowed type", file: "anh.png", data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), allowed: []Type{TypePDF}, code: errs.Invalid, reason: ReasonType, msg: "PNG"},
		{name: "executable allowed anyway refused", file: "a", data: mustEXE(), allowed: []Type{TypeExecutable}, code: errs.Invalid, reason: ReasonType},
		{name: "old Office refused by default", file: "a.doc", data: []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"), code: errs.Invalid, reason: ReasonType},
		{name: "oversized", file: "big.txt", data: bytes.Repeat([]byte("a"), 1001), max: 1000, code: errs.TooLarge, reason: ReasonTooLarge, msg: "tối đa"},
		{name: "exactly the limit", file: "big.txt", data: bytes.Repeat([]byte("a"), 1000), max: 1000, want: TypeText},
		{name: "unknown binary", file: "x.dat", data: []byte{0, 1, 2, 3, 0xff}, code: errs.Invalid, reason: ReasonType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := mustGate(t, Options{MaxBytes: tt.max, Allowed: tt.allowed})
			f, err := env.gate.Accept(context.Background(), tt.file, bytes.NewReader(tt.data))
			if countFiles(t, env.tmp) != 0 {
				t.Errorf("temporary files left behind")
			}
			if tt.code == "" {
				if err != nil {
					t.Fatalf("Accept: %v", err)
				}
				if f.Type != tt.want || f.Size != int64(len(tt.data)) || len(f.SHA256) != 64 || f.ID == "" {
					t.Fatalf("file = %+v", f)
				}
				rc, err := env.store.Open(f.ID, f.SHA256)
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(rc)
				rc.Close()
				if err != nil || !bytes.Equal(got, tt.data) {
					t.Fatalf("stored content differs (err %v)", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted %+v, want %s/%s", f, tt.code, tt.reason)
			}
			if errs.CodeOf(err) != tt.code || ReasonOf(err) != tt.reason {
				t.Fatalf("err = %v (code %s, reason %s), want %s/%s", err, errs.CodeOf(err), ReasonOf(err), tt.code, tt.reason)
			}
			e := errs.As(err)
			all := e.Msg.VI
			for _, d := range e.Details {
				all += " " + d.VI
			}
			if !strings.Contains(all, tt.msg) || e.Msg.EN == "" {
				t.Errorf("message %q does not contain %q", all, tt.msg)
			}
			if countFiles(t, env.dir) != 0 {
				t.Errorf("store not empty after refusal")
			}
		})
	}
}

func TestSecretMessage(t *testing.T) {
	env := mustGate(t, Options{})
	_, err := env.gate.Accept(context.Background(), "qd.txt", strings.NewReader(secretText))
	msg := errs.As(err).Msg.VI
	if !strings.HasPrefix(msg, "Tài liệu có dấu chỉ độ mật (MẬT) không được truyền, lưu trữ trên mạng (Điều 3 khoản 3, Điều 6 khoản 3 điểm d") {
		t.Fatalf("message = %q", msg)
	}
}

func TestAcceptLargeFileStreams(t *testing.T) {
	// 20 MiB of text under the default 25 MiB limit goes through the temp
	// file and the chunked marking check.
	env := mustGate(t, Options{})
	line := strings.Repeat("Bảo vệ bí mật kinh doanh và mật khẩu. ", 4) + "\n"
	r := io.LimitReader(&repeatReader{s: line}, 20<<20)
	f, err := env.gate.Accept(context.Background(), "log.txt", r)
	if err != nil {
		t.Fatal(err)
	}
	if f.Size != 20<<20 {
		t.Fatalf("size %d", f.Size)
	}
	// The same with a stamp line deep inside is refused.
	r = io.MultiReader(io.LimitReader(&repeatReader{s: line}, 10<<20), strings.NewReader("\nTỐI MẬT\n"), io.LimitReader(&repeatReader{s: line}, 1<<20))
	if _, err := env.gate.Accept(context.Background(), "log.txt", r); ReasonOf(err) != ReasonSecret {
		t.Fatalf("err = %v", err)
	}
	if countFiles(t, env.tmp) != 0 {
		t.Fatal("temp left")
	}
}

type repeatReader struct {
	s   string
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.s[r.off:])
		n += c
		r.off = (r.off + c) % len(r.s)
	}
	return n, nil
}

func TestAcceptCancelled(t *testing.T) {
	env := mustGate(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := env.gate.Accept(ctx, "a.txt", strings.NewReader("x")); err == nil {
		t.Fatal("accepted with a cancelled context")
	}
	if countFiles(t, env.tmp)+countFiles(t, env.dir) != 0 {
		t.Fatal("files left behind")
	}
}

func TestAcceptWithoutStore(t *testing.T) {
	g, err := New(Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	f, err := g.Accept(context.Background(), "../../etc/pass\x00wd.txt", strings.NewReader("xin chào"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "passwd.txt" || f.ID == "" {
		t.Fatalf("file = %+v", f)
	}
}

func TestSanitizeName(t *testing.T) {
	for in, want := range map[string]string{
		`C:\Users\a\Báo cáo.docx`: "Báo cáo.docx",
		"../../x.pdf":             "x.pdf",
		"a\nb\tc.txt":             "abc.txt",
		"..":                      "tep",
		"":                        "tep",
		"\u202egnp.exe":           "gnp.exe",
	} {
		if got := SanitizeName(in); got != want {
			t.Errorf("SanitizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSniff(t *testing.T) {
	for _, tt := range []struct {
		data []byte
		want Type
	}{
		{mustPDF(t, []string{"a"}, pdfOptions{}), TypePDF},
		{mustDOCX(t, []string{"a"}), TypeDOCX},
		{mustXLSX(t, []string{"a"}), TypeXLSX},
		{mustZip(t, "a.txt", "a"), TypeZIP},
		{[]byte("\x89PNG\r\n\x1a\n"), TypePNG},
		{[]byte("\xff\xd8\xff\xe0"), TypeJPEG},
		{[]byte("GIF89a"), TypeGIF},
		{[]byte("xin chào"), TypeText},
		{[]byte("\ufeffa;b\n1;2\n"), TypeCSV},
		{[]byte("<?xml version=\"1.0\"?><a/>"), TypeXML},
		{[]byte("<!DOCTYPE html><html>"), TypeHTML},
		{[]byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), TypeSVG},
		{mustEXE(), TypeExecutable},
		{[]byte("MZ\x90\x00\x03\x00"), TypeExecutable},
		{[]byte("MZ is a text"), TypeText},
		{[]byte("\x7fELF"), TypeExecutable},
		{[]byte("#!/usr/bin/env python\n"), TypeScript},
		{[]byte("a\x00b"), TypeUnknown},
		{[]byte("\xc3\x28"), TypeUnknown},
		{[]byte(""), TypeText},
	} {
		if got := Sniff(tt.data); got != tt.want {
			t.Errorf("Sniff(%q) = %s, want %s", truncate(tt.data), got, tt.want)
		}
	}
}

func truncate(b []byte) []byte {
	if len(b) > 20 {
		return b[:20]
	}
	return b
}

func TestValidTextAcrossChunks(t *testing.T) {
	// A multi-byte rune straddling the 64 KiB read boundary is still text.
	data := append(bytes.Repeat([]byte("a"), 64<<10-1), "ậb"...)
	if got := Sniff(data); got != TypeText {
		t.Fatalf("got %s", got)
	}
	if got := Sniff(append(data[:len(data)-1:len(data)-1], 0xe1)); got != TypeUnknown {
		t.Fatalf("truncated rune: got %s", got)
	}
}

func TestEICARScannerSeams(t *testing.T) {
	data := append(bytes.Repeat([]byte("x"), 1000), eicarString...)
	data = append(data, "tail"...)
	for _, step := range []int{1, 7, 67, 68, 69, 1000, 4096} {
		s := &eicarScanner{}
		for i := 0; i < len(data); i += step {
			s.Write(data[i:min(i+step, len(data))])
		}
		if !s.found {
			t.Errorf("step %d: EICAR not found", step)
		}
	}
	s := &eicarScanner{}
	s.Write([]byte(eicarString[:67]))
	if s.found {
		t.Error("found a partial string")
	}
}

func FuzzSniff(f *testing.F) {
	f.Add([]byte("%PDF-1.4"))
	f.Add(mustDOCX(f, []string{"a"}))
	f.Add(mustEXE())
	f.Add([]byte("a,b\n1,2\n"))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got := Sniff(data)
		if got != Sniff(data) {
			t.Fatal("not deterministic")
		}
		if (got == TypeText || got == TypeCSV) && bytes.IndexByte(data, 0) >= 0 {
			t.Fatal("text with NUL")
		}
		if bytes.HasPrefix(data, []byte("\x7fELF")) && got != TypeExecutable {
			t.Fatalf("ELF sniffed as %s", got)
		}
	})
}
