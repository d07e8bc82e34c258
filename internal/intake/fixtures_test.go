package intake

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Test fixtures, built in code so every byte of them is visible here.

const (
	secretText = "ỦY BAN NHÂN DÂN TỈNH\nMẬT\nQUYẾT ĐỊNH\nVề việc phê duyệt phương án bảo đảm an toàn thông tin"
	benignText = "Hướng dẫn đặt mật khẩu an toàn cho cán bộ.\nBảo vệ bí mật kinh doanh của doanh nghiệp.\nMật độ dân số của tỉnh năm 2024 tăng nhẹ."
)

// mustZip builds a ZIP archive of name → content, in order.
func mustZip(tb testing.TB, files ...string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			tb.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// docxXML renders lines as Word paragraphs; a line's runs are split at "|"
// so a word can span two runs as Word often stores it.
func docxXML(lines ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, l := range lines {
		b.WriteString("<w:p>")
		for _, r := range strings.Split(l, "|") {
			fmt.Fprintf(&b, `<w:r><w:t xml:space="preserve">%s</w:t></w:r>`, r)
		}
		b.WriteString("</w:p>")
	}
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// mustDOCX builds a minimal Word document with the given body lines and
// extra parts (name, content pairs).
func mustDOCX(tb testing.TB, lines []string, extra ...string) []byte {
	tb.Helper()
	files := []string{
		"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml", docxXML(lines...),
	}
	return mustZip(tb, append(files, extra...)...)
}

// mustXLSX builds a workbook with excelize, one cell per line in column A.
func mustXLSX(tb testing.TB, lines []string) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, l := range lines {
		if err := f.SetCellValue("Sheet1", fmt.Sprintf("A%d", i+1), l); err != nil {
			tb.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// pdfOptions chooses how mustPDF writes text.
type pdfOptions struct {
	flate bool // FlateDecode content stream
	// simple uses a simple font with /Differences (uniXXXX glyph names)
	// instead of a Type0 Identity-H font with a ToUnicode CMap.
	simple bool
}

// mustPDF writes a valid one-page PDF showing lines, like Word and
// LibreOffice do: each line placed with Tm, glyph codes in hex strings, and
// a ToUnicode CMap (or, with simple, one-byte codes and /Differences).
func mustPDF(tb testing.TB, lines []string, o pdfOptions) []byte {
	tb.Helper()
	codes := map[rune]int{}
	var runes []rune
	for _, l := range lines {
		for _, r := range l {
			if _, ok := codes[r]; !ok {
				runes = append(runes, r)
				codes[r] = len(runes) // codes from 1
			}
		}
	}
	if o.simple && len(runes) > 250 {
		tb.Fatal("too many distinct characters for a simple font")
	}
	var content strings.Builder
	for i, l := range lines {
		fmt.Fprintf(&content, "BT\n/F1 12 Tf\n1 0 0 1 72 %d Tm\n<", 760-i*18)
		for _, r := range l {
			if o.simple {
				fmt.Fprintf(&content, "%02X", codes[r])
			} else {
				fmt.Fprintf(&content, "%04X", codes[r])
			}
		}
		content.WriteString("> Tj\nET\n")
	}
	stream := []byte(content.String())
	filter := ""
	if o.flate {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(stream)
		zw.Close()
		stream, filter = z.Bytes(), " /Filter /FlateDecode"
	}
	var cmap strings.Builder
	cmap.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Adobe-Identity-UCS def\n1 begincodespacerange\n")
	if o.simple {
		cmap.WriteString("<00> <FF>\n")
	} else {
		cmap.WriteString("<0000> <FFFF>\n")
	}
	fmt.Fprintf(&cmap, "endcodespacerange\n%d beginbfchar\n", len(runes))
	for _, r := range runes {
		if o.simple {
			fmt.Fprintf(&cmap, "<%02X> <%04X>\n", codes[r], r)
		} else {
			fmt.Fprintf(&cmap, "<%04X> <%04X>\n", codes[r], r)
		}
	}
	cmap.WriteString("endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")

	var objs []string
	objs = append(objs,
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d%s >>\nstream\n%s\nendstream", len(stream), filter, stream),
	)
	if o.simple {
		var diff strings.Builder
		diff.WriteString("[1")
		for _, r := range runes {
			fmt.Fprintf(&diff, " /uni%04X", r)
		}
		diff.WriteString("]")
		objs = append(objs, fmt.Sprintf("<< /Type /Font /Subtype /TrueType /BaseFont /LiberationSerif /FirstChar 1 /LastChar %d /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences %s >> >>", len(runes), diff.String()))
	} else {
		objs = append(objs, "<< /Type /Font /Subtype /Type0 /BaseFont /LiberationSerif /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 6 0 R >>")
	}
	objs = append(objs,
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", cmap.Len(), cmap.String()),
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /LiberationSerif /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 600 >>",
	)
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// mustEXE returns the start of a Windows PE program.
func mustEXE() []byte {
	b := make([]byte, 256)
	copy(b, "MZ")
	b[0x3c] = 0x80
	copy(b[0x80:], "PE\x00\x00")
	return b
}

func lines(s string) []string { return strings.Split(s, "\n") }
