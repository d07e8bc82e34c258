package intake

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"strings"
	"unicode/utf8"
)

// Type is a file type recognised from content.
type Type string

// The types the gate recognises. Executable and Script are never accepted.
const (
	TypePDF        Type = "pdf"
	TypeDOCX       Type = "docx"
	TypeXLSX       Type = "xlsx"
	TypePPTX       Type = "pptx"
	TypeOLE        Type = "ole" // Office 97–2003 (.doc, .xls, .ppt) and .msi
	TypeZIP        Type = "zip"
	TypePNG        Type = "png"
	TypeJPEG       Type = "jpeg"
	TypeGIF        Type = "gif"
	TypeText       Type = "text"
	TypeCSV        Type = "csv"
	TypeXML        Type = "xml"
	TypeHTML       Type = "html"
	TypeSVG        Type = "svg"
	TypeRTF        Type = "rtf"
	TypeExecutable Type = "executable"
	TypeScript     Type = "script"
	TypeUnknown    Type = "unknown"
)

// DefaultAllowed returns the types accepted when Options.Allowed is empty:
// documents whose text the gate can check for secret markings, images and
// ZIP archives. Office 97–2003 files are left out because the gate cannot
// read their text; HTML and SVG because they can carry scripts.
func DefaultAllowed() []Type {
	return []Type{TypePDF, TypeDOCX, TypeXLSX, TypePPTX, TypeZIP, TypePNG, TypeJPEG, TypeGIF, TypeText, TypeCSV, TypeXML}
}

// Label returns the type's name for messages.
func (t Type) Label() string {
	switch t {
	case TypeOLE:
		return "Office 97–2003 (OLE)"
	case TypeText:
		return "văn bản thuần (text)"
	case TypeExecutable:
		return "chương trình thực thi (executable)"
	case TypeScript:
		return "tệp kịch bản (script)"
	case TypeUnknown:
		return "không xác định (unknown)"
	}
	return strings.ToUpper(string(t))
}

func (t Type) dangerous() bool { return t == TypeExecutable || t == TypeScript }

// typeSet is the set of types an extension may honestly hold.
type typeSet []Type

func (s typeSet) has(t Type) bool {
	for _, x := range s {
		if x == t {
			return true
		}
	}
	return false
}

// extTypes maps known extensions to the content types they may hold; a file
// whose content is none of them is mislabeled. Unknown extensions are not
// checked (the content decides).
var extTypes = map[string]typeSet{
	".pdf":  {TypePDF},
	".docx": {TypeDOCX},
	".xlsx": {TypeXLSX},
	".pptx": {TypePPTX},
	".doc":  {TypeOLE, TypeRTF},
	".xls":  {TypeOLE},
	".ppt":  {TypeOLE},
	".zip":  {TypeZIP, TypeDOCX, TypeXLSX, TypePPTX},
	".png":  {TypePNG},
	".jpg":  {TypeJPEG},
	".jpeg": {TypeJPEG},
	".gif":  {TypeGIF},
	".txt":  {TypeText, TypeCSV, TypeXML},
	".log":  {TypeText, TypeCSV, TypeXML},
	".md":   {TypeText, TypeCSV},
	".csv":  {TypeCSV, TypeText},
	".xml":  {TypeXML},
	".html": {TypeHTML},
	".htm":  {TypeHTML},
	".svg":  {TypeSVG},
	".rtf":  {TypeRTF},
}

// dangerousExt lists extensions refused whatever the content: programs and
// scripts Windows or a browser would run.
var dangerousExt = map[string]bool{
	".exe": true, ".dll": true, ".com": true, ".scr": true, ".msi": true, ".msp": true,
	".bat": true, ".cmd": true, ".ps1": true, ".psm1": true, ".vbs": true, ".vbe": true,
	".js": true, ".jse": true, ".wsf": true, ".wsh": true, ".hta": true, ".cpl": true,
	".jar": true, ".sh": true, ".lnk": true, ".reg": true, ".pif": true, ".apk": true,
	".elf": true, ".bin": true, ".docm": true, ".xlsm": true, ".pptm": true, ".dotm": true,
}

// Sniff returns the type of data, judged from its content only.
func Sniff(data []byte) Type {
	t, _ := sniffFile(bytes.NewReader(data), int64(len(data)))
	return t
}

// sniffFile returns the type of the size bytes in ra. Binary signatures are
// checked first; a file with none is text when it is entirely valid UTF-8
// without NUL bytes.
func sniffFile(ra io.ReaderAt, size int64) (Type, error) {
	head := make([]byte, min(size, 1024))
	if _, err := ra.ReadAt(head, 0); err != nil && err != io.EOF {
		return TypeUnknown, err
	}
	if t := sniffMagic(head, size); t != "" {
		if t == TypeZIP {
			return sniffZip(ra, size), nil
		}
		return t, nil
	}
	isText, err := validText(ra, size)
	if err != nil {
		return TypeUnknown, err
	}
	if !isText {
		if bytes.HasPrefix(head, []byte("MZ")) {
			return TypeExecutable, nil // DOS program without a PE header
		}
		return TypeUnknown, nil
	}
	return sniffText(head), nil
}

// sniffMagic recognises binary signatures in head; "" when none matches.
func sniffMagic(head []byte, size int64) Type {
	has := func(p string) bool { return bytes.HasPrefix(head, []byte(p)) }
	switch {
	case has("%PDF-"):
		return TypePDF
	case has("PK\x03\x04"), has("PK\x05\x06"):
		return TypeZIP
	case has("\x89PNG\r\n\x1a\n"):
		return TypePNG
	case has("\xff\xd8\xff"):
		return TypeJPEG
	case has("GIF87a"), has("GIF89a"):
		return TypeGIF
	case has("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
		return TypeOLE
	case has("{\\rtf"):
		return TypeRTF
	case has("\x7fELF"), has("\xfe\xed\xfa\xce"), has("\xfe\xed\xfa\xcf"),
		has("\xce\xfa\xed\xfe"), has("\xcf\xfa\xed\xfe"), has("\xca\xfe\xba\xbe"),
		has("\x00asm"), has("L\x00\x00\x00\x01\x14\x02\x00"), has("dex\n"):
		return TypeExecutable
	case has("MZ") && isPE(head):
		return TypeExecutable
	case has("#!"):
		return TypeScript
	}
	return ""
}

// isPE reports whether head is a DOS header pointing at a PE signature.
func isPE(head []byte) bool {
	if len(head) < 0x40 {
		return false
	}
	off := int(binary.LittleEndian.Uint32(head[0x3c:]))
	if off+4 > len(head) {
		return true // the PE header lies beyond the sample: assume a program
	}
	return string(head[off:off+4]) == "PE\x00\x00"
}

// sniffZip tells Office Open XML packages from plain ZIP archives.
func sniffZip(ra io.ReaderAt, size int64) Type {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return TypeUnknown
	}
	var ct, word, xl, ppt, macro bool
	for _, f := range zr.File {
		switch {
		case f.Name == "[Content_Types].xml":
			ct = true
		case strings.HasPrefix(f.Name, "word/"):
			word = true
		case strings.HasPrefix(f.Name, "xl/"):
			xl = true
		case strings.HasPrefix(f.Name, "ppt/"):
			ppt = true
		}
		if strings.HasSuffix(strings.ToLower(f.Name), "vbaproject.bin") {
			macro = true
		}
	}
	switch {
	case ct && macro:
		return TypeScript // macro-enabled Office document
	case ct && word:
		return TypeDOCX
	case ct && xl:
		return TypeXLSX
	case ct && ppt:
		return TypePPTX
	}
	return TypeZIP
}

// validText reports whether all of ra is valid UTF-8 without NUL bytes.
func validText(ra io.ReaderAt, size int64) (bool, error) {
	buf := make([]byte, 64<<10)
	var carry []byte
	for off := int64(0); off < size; {
		n, err := ra.ReadAt(buf, off)
		if n == 0 && err != nil {
			if err == io.EOF {
				break
			}
			return false, err
		}
		off += int64(n)
		chunk := append(carry, buf[:n]...)
		if bytes.IndexByte(chunk, 0) >= 0 {
			return false, nil
		}
		// Keep an incomplete rune at the end for the next chunk.
		cut := len(chunk)
		for i := len(chunk) - 1; i >= 0 && i >= len(chunk)-utf8.UTFMax; i-- {
			if utf8.RuneStart(chunk[i]) {
				if !utf8.FullRune(chunk[i:]) && off < size {
					cut = i
				}
				break
			}
		}
		if !utf8.Valid(chunk[:cut]) {
			return false, nil
		}
		carry = append([]byte(nil), chunk[cut:]...)
	}
	return len(carry) == 0 || utf8.Valid(carry), nil
}

// sniffText classifies valid UTF-8 text by its head.
func sniffText(head []byte) Type {
	// head may end inside a rune; trim it for the string checks.
	for len(head) > 0 && !utf8.Valid(head) {
		head = head[:len(head)-1]
	}
	s := strings.TrimPrefix(string(head), "\ufeff")
	s = strings.TrimLeft(s, " \t\r\n")
	low := strings.ToLower(s)
	switch {
	case strings.HasPrefix(low, "<!doctype html"), strings.HasPrefix(low, "<html"):
		return TypeHTML
	case strings.Contains(low, "<svg"):
		return TypeSVG
	case strings.HasPrefix(low, "<?xml"):
		return TypeXML
	case looksCSV(s):
		return TypeCSV
	}
	return TypeText
}

// looksCSV reports whether the first complete lines of s (at least two) have
// the same non-zero count of one delimiter (comma, semicolon or tab).
func looksCSV(s string) bool {
	lines := strings.Split(s, "\n")
	if len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last may be cut short
	}
	if len(lines) > 10 {
		lines = lines[:10]
	}
	if len(lines) < 2 {
		return false
	}
	for _, d := range []string{",", ";", "\t"} {
		n := strings.Count(lines[0], d)
		ok := n > 0
		for _, l := range lines[1:] {
			if strings.Count(l, d) != n {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
