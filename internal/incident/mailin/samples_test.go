package mailin

import "strings"

// crlf turns a sample written with "\n" into wire form.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// Sample messages shared by the parser, fuzz and listener tests.
var (
	samplePlainVI = crlf(`From: =?UTF-8?B?Tmd1eeG7hW4gVsSDbiBIw7luZw==?= <hung.nv@sotttt.hungyen.gov.vn>
To: suco@attt.hungyen.gov.vn
Subject: =?UTF-8?B?QsOhbyBjw6FvIHPhu7EgY+G7kTogbcOheSBjaOG7pyBi4buLIG5oaeG7hW0gbcOjIMSR4buZYw==?=
Date: Tue, 24 Nov 2026 09:15:00 +0700
Message-ID: <20261124091500.abc@sotttt.hungyen.gov.vn>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Kính gửi bộ phận chuyên trách,

Máy chủ cổng thông tin điện tử của Sở xuất hiện tệp lạ "shell.php" lúc 08:40.
Đề nghị hỗ trợ xử lý gấp.
`)

	sampleMixed = crlf(`From: "Trần Thị Lan" <lan.tt@syt.hungyen.gov.vn>
To: suco@attt.hungyen.gov.vn
Subject: =?UTF-8?Q?Th=C6=B0_l=E1=BB=ABa_=C4=91=E1=BA=A3o?=
Date: 24 Nov 2026 10:00:00 +0700
Message-ID: <mixed-1@syt>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="OUTER"

This is a multi-part message in MIME format.
--OUTER
Content-Type: multipart/related; boundary="REL"

--REL
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

<html><head><title>x</title><style>p{color:red}</style></head><body>
<p>Em nh=E1=BA=ADn =C4=91=C6=B0=E1=BB=A3c th=C6=B0 gi=E1=BA=A3 m=E1=BA=A1o:</=
p>
<ul><li>Ng=C6=B0=E1=BB=9Di g=E1=BB=ADi: ketoan@hungyen-gov.vn</li><li>Li=C3=AAn k=E1=BA=BFt: <a href=3D"http://phish.example/login">=C4=90=C4=83ng nh=E1=BA=ADp</a></li></ul>
<script>alert(1)</script><img src=3D"cid:img1" alt=3D"=E1=BA=A2nh ch=E1=BB=A5p">
</body></html>
--REL
Content-Type: image/png
Content-Transfer-Encoding: base64
Content-ID: <img1>

iVBORw0KGgo=
--REL--
--OUTER
Content-Type: application/pdf; name="=?UTF-8?B?4bqibmggY2jhu6VwIG3DoG4gaMOsbmgucG5n?="
Content-Disposition: attachment; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20s%E1%BB%B1%20c%E1%BB%91.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQgZmFr
ZSBldmlkZW5jZQo=
--OUTER--
`)

	sampleAlternative = crlf(`From: a@b.vn
Subject: alt
Content-Type: multipart/alternative; boundary=ALT

--ALT
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

B=E1=BA=A3n v=C4=83n b=E1=BA=A3n
--ALT
Content-Type: text/html; charset=utf-8

<p>Bản <b>HTML</b></p>
--ALT--
`)
)
