package mailin

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"attt/internal/errs"
)

func mustParse(t *testing.T, msg string) *Message {
	t.Helper()
	m, err := Parse(strings.NewReader(msg), 1<<20)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return m
}

func TestParsePlainVietnamese(t *testing.T) {
	m := mustParse(t, samplePlainVI)
	if m.From.Name != "Nguyễn Văn Hùng" || m.From.Address != "hung.nv@sotttt.hungyen.gov.vn" {
		t.Errorf("From = %q <%s>", m.From.Name, m.From.Address)
	}
	if m.Subject != "Báo cáo sự cố: máy chủ bị nhiễm mã độc" {
		t.Errorf("Subject = %q", m.Subject)
	}
	want := time.Date(2026, 11, 24, 2, 15, 0, 0, time.UTC)
	if !m.Date.Equal(want) {
		t.Errorf("Date = %v, want %v", m.Date, want)
	}
	if m.MessageID != "20261124091500.abc@sotttt.hungyen.gov.vn" {
		t.Errorf("MessageID = %q", m.MessageID)
	}
	if !strings.HasPrefix(m.Text, "Kính gửi bộ phận chuyên trách,\n\nMáy chủ cổng") || !strings.HasSuffix(m.Text, "Đề nghị hỗ trợ xử lý gấp.") {
		t.Errorf("Text = %q", m.Text)
	}
	if len(m.Attachments) != 0 || string(m.Raw) != samplePlainVI {
		t.Errorf("attachments %d, raw kept %v", len(m.Attachments), string(m.Raw) == samplePlainVI)
	}
}

func TestParseMixedHTMLAndAttachments(t *testing.T) {
	m := mustParse(t, sampleMixed)
	if m.Subject != "Thư lừa đảo" || m.From.Name != "Trần Thị Lan" {
		t.Errorf("Subject %q From %q", m.Subject, m.From.Name)
	}
	wantText := "Em nhận được thư giả mạo:\n\n- Người gửi: ketoan@hungyen-gov.vn\n- Liên kết: Đăng nhập (http://phish.example/login)\n[Ảnh chụp]"
	if m.Text != wantText {
		t.Errorf("Text =\n%q\nwant\n%q", m.Text, wantText)
	}
	if len(m.Attachments) != 2 {
		t.Fatalf("attachments = %+v", m.Attachments)
	}
	img, pdf := m.Attachments[0], m.Attachments[1]
	if img.Name != "tep-dinh-kem-1.png" || img.ContentType != "image/png" || !bytes.HasPrefix(img.Data, []byte("\x89PNG")) {
		t.Errorf("inline image = %q %q %q", img.Name, img.ContentType, img.Data)
	}
	if pdf.Name != "Biên bản sự cố.pdf" || pdf.ContentType != "application/pdf" || string(pdf.Data) != "%PDF-1.4 fake evidence\n" {
		t.Errorf("pdf = %q %q %q", pdf.Name, pdf.ContentType, pdf.Data)
	}
}

func TestParseAlternativePrefersPlain(t *testing.T) {
	m := mustParse(t, sampleAlternative)
	if m.Text != "Bản văn bản" {
		t.Errorf("Text = %q", m.Text)
	}
}

func TestParseCharsetsAndForms(t *testing.T) {
	cases := []struct{ name, msg, subject, text string }{
		{"windows-1258 body with combining tones",
			"From: a@b.vn\r\nSubject: x\r\nContent-Type: text/plain; charset=windows-1258\r\n\r\nS\xfd\xf2 c\xf4\xec\r\n",
			"x", "Sự cố"},
		{"ISO-8859-1 Q subject",
			"From: a@b.vn\r\nSubject: =?ISO-8859-1?Q?caf=E9?=\r\n\r\nhi\r\n", "café", "hi"},
		{"decomposed Vietnamese becomes NFC",
			"From: a@b.vn\r\nSubject: Su\u031b\u0323 co\u0302\u0301\r\n\r\nTie\u0302\u0301ng Vie\u0323\u0302t\r\n",
			"Sự cố", "Tiếng Việt"},
		{"bare LF line ends",
			"From: a@b.vn\nSubject: lf\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nmột\n--B--\n",
			"lf", "một"},
		{"missing closing boundary kept",
			"From: a@b.vn\r\nSubject: cut\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n\r\nphần đầu\r\n",
			"cut", "phần đầu"},
		{"unknown charset kept as written",
			"From: a@b.vn\r\nSubject: =?x-nope?Q?abc?=\r\nContent-Type: text/plain; charset=x-nope\r\n\r\nok\r\n",
			"=?x-nope?Q?abc?=", "ok"},
		{"stray = in quoted-printable kept",
			"From: a@b.vn\r\nSubject: qp\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n1+1=2 =3D 2=\r\n!\r\n",
			"qp", "1+1=2 = 2!"},
		{"broken content-type read as text",
			"From: a@b.vn\r\nSubject: ct\r\nContent-Type: ???\r\n\r\nvẫn đọc được\r\n", "ct", "vẫn đọc được"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := mustParse(t, c.msg)
			if m.Subject != c.subject || m.Text != c.text {
				t.Errorf("Subject %q Text %q, want %q %q", m.Subject, m.Text, c.subject, c.text)
			}
		})
	}
}

func TestParseSloppyFrom(t *testing.T) {
	cases := map[string]string{
		`"Phòng CNTT" cntt@soyte.hungyen.gov.vn`: "Phòng CNTT|cntt@soyte.hungyen.gov.vn",
		`Nguyễn Văn A <nguyen.@b.vn>`:            "Nguyễn Văn A|nguyen.@b.vn",
		`=?UTF-8?Q?L=C3=AA?= <le..van@b.vn>`:     "Lê|le..van@b.vn",
		"Nguyễn Văn A <a@b.vn>":                  "Nguyễn Văn A|a@b.vn",
		"a@b.vn (Trần\r\n B)":                    "Trần B|a@b.vn",
	}
	for from, want := range cases {
		m := mustParse(t, "From: "+from+"\r\nSubject: =?UTF-8?Q?m=E1=BB=99t=0Ahai?=\r\n\r\nx")
		if got := m.From.Name + "|" + m.From.Address; got != want || m.Subject != "một hai" {
			t.Errorf("From %q = %q, subject %q; want %q", from, got, m.Subject, want)
		}
	}
}

func TestParseAttachmentNames(t *testing.T) {
	msg := crlf(`From: a@b.vn
Content-Type: multipart/mixed; boundary=B

--B
Content-Disposition: attachment; filename="../../etc/passwd"

x
--B
Content-Type: text/plain; name="=?UTF-8?Q?nh=E1=BA=ADt_k=C3=BD.txt?="

y
--B
Content-Disposition: attachment; filename*0*=UTF-8''B%C3%A1o%20; filename*1="cao.docx"
Content-Type: application/octet-stream

z
--B
Content-Type: message/rfc822

From: x@y
Subject: forwarded

body
--B--
`)
	m := mustParse(t, msg)
	var names []string
	for _, a := range m.Attachments {
		names = append(names, a.Name+"|"+a.ContentType)
	}
	want := "passwd|text/plain,nhật ký.txt|text/plain,Báo cao.docx|application/octet-stream,tep-dinh-kem-1.eml|message/rfc822"
	if got := strings.Join(names, ","); got != want {
		t.Errorf("names = %s\nwant    %s", got, want)
	}
	if m.Text != "" {
		t.Errorf("Text = %q, want none", m.Text)
	}
}

func TestParseRefusals(t *testing.T) {
	deep := "From: a@b.vn\r\nContent-Type: multipart/mixed; boundary=B0\r\n\r\n"
	for i := 1; i <= maxDepth+2; i++ {
		deep += fmt.Sprintf("--B%d\r\nContent-Type: multipart/mixed; boundary=\"B%d\"\r\n\r\n", i-1, i)
	}
	cases := []struct {
		name, msg string
		code      errs.Code
		vi        string
	}{
		{"empty", " \r\n", errs.Invalid, "Thư rỗng"},
		{"no header", "just words without a colon\r\n\r\n", errs.Invalid, "phần đầu thư"},
		{"no From", "Subject: x\r\n\r\nbody", errs.Invalid, "không có người gửi"},
		{"bad From", "From: <<<@>\r\n\r\nbody", errs.Invalid, "địa chỉ người gửi"},
		{"From without address", "From: Nguyễn Văn A\r\n\r\nbody", errs.Invalid, "địa chỉ người gửi"},
		{"no boundary", "From: a@b.vn\r\nContent-Type: multipart/mixed\r\n\r\nx", errs.Invalid, "boundary"},
		{"bad base64", "From: a@b.vn\r\nContent-Type: image/png; name=a.png\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!notbase64***\r\n", errs.Invalid, "base64"},
		{"too deep", deep, errs.Invalid, "lồng quá"},
		{"too large", "From: a@b.vn\r\n\r\n" + strings.Repeat("x", 2000), errs.TooLarge, "vượt quá giới hạn 1 KB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(c.msg), 1024)
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != c.code || !strings.Contains(e.Msg.VI, c.vi) || e.Msg.EN == "" {
				t.Fatalf("err = %#v, want %s containing %q", err, c.code, c.vi)
			}
		})
	}
}

func TestParseReadErrorPassesThrough(t *testing.T) {
	boom := errors.New("boom")
	_, err := Parse(iotest.ErrReader(boom), 0)
	if !errors.Is(err, boom) || errs.CodeOf(err) != errs.Internal {
		t.Fatalf("err = %v", err)
	}
}

func TestParseStopsReadingAtLimit(t *testing.T) {
	r := strings.NewReader("From: a@b.vn\r\n\r\n" + strings.Repeat("x", 10000))
	_, err := Parse(r, 100)
	if errs.CodeOf(err) != errs.TooLarge {
		t.Fatalf("err = %v", err)
	}
	if read := 10016 - r.Len(); read > 101 {
		t.Errorf("read %d bytes, want at most limit+1", read)
	}
}
