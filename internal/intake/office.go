package intake

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"attt/internal/locale"
)

// maxZipDepth is how deep archives inside archives are opened.
const maxZipDepth = 3

// budget bounds what inspecting one upload may decompress, against zip bombs.
type budget struct {
	left      int64 // total decompressed bytes still allowed
	perMember int64 // largest single member
}

// errBomb is returned when an archive expands past the budget.
func errBomb() error {
	return refuse(ReasonUnreadable, "decompression budget", locale.T(
		"Tệp nén giải nén ra quá lớn để kiểm tra; tệp bị từ chối.",
		"The archive expands to too much data to be checked; the file is refused."))
}

// inspectZip opens a ZIP archive or Office Open XML package and checks every
// member: EICAR anywhere, secret markings in the text of Office XML parts,
// and, for members that are themselves documents or archives, the same
// checks as a top-level upload (to maxZipDepth). Encrypted members and
// members over the budget refuse the upload: what cannot be checked is not
// let through.
func inspectZip(ra io.ReaderAt, size int64, depth int, b *budget) error {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return refuse(ReasonUnreadable, err.Error(), locale.T(
			"Không đọc được tệp nén; tệp bị từ chối.",
			"The archive could not be read; the file is refused."))
	}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		if f.Flags&0x1 != 0 {
			return refuse(ReasonUnreadable, f.Name, locale.Tf(
				"Tệp nén có thành phần được mã hóa (%s), không kiểm tra được; tệp bị từ chối.",
				"The archive has an encrypted member (%s) that cannot be checked; the file is refused.", f.Name))
		}
		data, err := readMember(f, b)
		if err != nil {
			return err
		}
		if err := inspectMember(f.Name, data, depth, b); err != nil {
			return err
		}
	}
	return nil
}

// readMember decompresses f within the budget.
func readMember(f *zip.File, b *budget) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, refuse(ReasonUnreadable, f.Name, locale.Tf(
			"Không đọc được thành phần %s của tệp nén; tệp bị từ chối.",
			"Archive member %s could not be read; the file is refused.", f.Name))
	}
	defer rc.Close()
	limit := min(b.left, b.perMember)
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, refuse(ReasonUnreadable, f.Name, locale.Tf(
			"Thành phần %s của tệp nén bị hỏng; tệp bị từ chối.",
			"Archive member %s is corrupt; the file is refused.", f.Name))
	}
	if int64(len(data)) > limit {
		return nil, errBomb()
	}
	b.left -= int64(len(data))
	return data, nil
}

// inspectMember checks one decompressed archive member.
func inspectMember(name string, data []byte, depth int, b *budget) error {
	if hasEICAR(data) {
		return refuseMalware(eicarName)
	}
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".xml") || strings.HasSuffix(lower, ".rels") {
		if isOfficeTextPart(lower) {
			return checkMarkings(once(officeText(data)))
		}
		return nil
	}
	switch t := Sniff(data); t {
	case TypeExecutable, TypeScript:
		if !strings.HasSuffix(lower, ".bin") { // embedded OLE objects are .bin
			return refuse(ReasonType, name, locale.Tf(
				"Tệp nén chứa chương trình thực thi hoặc tệp kịch bản (%s); tệp bị từ chối.",
				"The archive contains an executable or script (%s); the file is refused.", name))
		}
	case TypeText, TypeXML:
		return checkMarkings(once(string(data)))
	case TypeCSV:
		return checkMarkings(csvCells(once(string(data))))
	case TypePDF:
		return inspectPDF(data)
	case TypeZIP, TypeDOCX, TypeXLSX, TypePPTX:
		if depth+1 >= maxZipDepth {
			return refuse(ReasonUnreadable, name, locale.T(
				"Tệp nén lồng nhau quá nhiều tầng; tệp bị từ chối.",
				"Archives are nested too deeply; the file is refused."))
		}
		return inspectZip(bytes.NewReader(data), int64(len(data)), depth+1, b)
	}
	return nil
}

// isOfficeTextPart reports whether an OOXML part may hold visible text:
// Word body, headers, footers, notes and comments; Excel shared strings,
// sheets, comments and drawings; PowerPoint slides and notes.
func isOfficeTextPart(name string) bool {
	for _, p := range []string{"word/", "xl/sharedstrings", "xl/worksheets/", "xl/comments", "xl/drawings/", "ppt/slides/", "ppt/notesslides/", "word/glossary/"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// once adapts a single string to checkMarkings' chunk reader.
func once(s string) func() (string, error) {
	return func() (string, error) { return s, io.EOF }
}

// officeText extracts the visible text of an Office Open XML part: the
// character data of <t> elements (w:t, a:t, Excel t), with line breaks at the
// end of paragraphs (w:p, a:p), shared strings (si), cells (c) and at w:br /
// w:cr, tabs at w:tab, and Excel page headers and footers (oddHeader …) with
// their &L/&C/&R section codes turned into tabs. Text split across runs is
// joined, so a stamp typed in two runs is still seen.
func officeText(data []byte) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	var b strings.Builder
	inT, inHeader := 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				b.WriteByte('\n')
			}
			return b.String()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inT++
			case "tab":
				b.WriteByte('\t')
			case "br", "cr":
				b.WriteByte('\n')
			case "oddHeader", "evenHeader", "firstHeader", "oddFooter", "evenFooter", "firstFooter":
				inHeader++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inT--
			case "p", "si", "c", "txbxContent", "tc":
				b.WriteByte('\n')
			case "oddHeader", "evenHeader", "firstHeader", "oddFooter", "evenFooter", "firstFooter":
				inHeader--
				b.WriteByte('\n')
			}
		case xml.CharData:
			switch {
			case inT > 0:
				b.Write(t)
			case inHeader > 0:
				b.WriteString(headerText(string(t)))
			}
		}
	}
}

// headerText turns Excel header/footer codes into tabs between sections and
// drops formatting codes (&"font", &12, &P …).
func headerText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '&' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch c := s[i]; {
		case c == 'L' || c == 'C' || c == 'R':
			b.WriteByte('\t')
		case c == '&':
			b.WriteByte('&')
		case c == '"':
			if j := strings.IndexByte(s[i+1:], '"'); j >= 0 {
				i += j + 1
			}
		case c >= '0' && c <= '9':
			for i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				i++
			}
		}
	}
	return b.String()
}
