package importfile

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"attt/internal/errs"
	"attt/internal/locale"
)

// Format is the container of an uploaded file.
type Format string

// The formats importfile reads and writes. FormatAuto asks the parser to
// sniff the content itself.
const (
	FormatAuto Format = ""
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// Kind says what an import file lists.
type Kind string

// The kinds of import file.
const (
	KindOrgs   Kind = "orgs"
	KindPeople Kind = "people"
	// KindMonitors is a list of agency web sites to monitor (S6).
	KindMonitors Kind = "monitors"
	// KindAssets is an agency asset inventory (S4).
	KindAssets Kind = "assets"
)

// Limits of one import file. Beyond them the parsers return an error with
// code errs.TooLarge instead of spending the machine's memory on it.
const (
	// MaxBytes is the largest file accepted, CSV or XLSX.
	MaxBytes = 10 << 20
	// MaxRows is the largest number of non-blank data rows accepted.
	MaxRows = 20000
	// maxUnzipped bounds what an XLSX may expand to, against zip bombs.
	maxUnzipped = 128 << 20
)

// File signatures used to sniff content.
var (
	sigZip      = []byte("PK\x03\x04")
	sigZipEmpty = []byte("PK\x05\x06")
	sigOLE      = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	bomUTF8     = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE  = []byte{0xFF, 0xFE}
	bomUTF16BE  = []byte{0xFE, 0xFF}
	odsMimetype = []byte("application/vnd.oasis.opendocument")
)

// DetectFormat decides how to read a file from its first bytes (512 are
// plenty; the whole file also works). The content wins over the name: a
// CSV renamed to .xlsx is read as CSV. name only sharpens error messages.
// It returns errs.Invalid for an empty file, an old .xls or password-protected
// workbook, an OpenDocument sheet, a binary file, and text that is not UTF-8.
func DetectFormat(name string, head []byte) (Format, error) {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case len(bytes.TrimSpace(bytes.TrimPrefix(head, bomUTF8))) == 0:
		return "", errs.New(errs.Invalid, locale.T("Tệp tải lên rỗng.", "The uploaded file is empty."))
	case bytes.HasPrefix(head, sigZip) || bytes.HasPrefix(head, sigZipEmpty):
		if bytes.Contains(head, odsMimetype) || ext == ".ods" {
			return "", errs.New(errs.Invalid, msgODS)
		}
		return FormatXLSX, nil
	case bytes.HasPrefix(head, sigOLE):
		if ext == ".xls" {
			return "", errs.New(errs.Invalid, msgXLS)
		}
		return "", errs.New(errs.Invalid, msgOLE)
	case bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE):
		return "", errs.New(errs.Invalid, msgUTF16)
	case bytes.IndexByte(head, 0) >= 0:
		return "", errs.New(errs.Invalid, locale.T(
			"Tệp không phải bảng tính CSV hoặc XLSX.",
			"The file is neither a CSV nor an XLSX spreadsheet."))
	}
	if off := invalidUTF8(head, false); off >= 0 {
		return "", errNotUTF8(bytes.Count(head[:off], []byte("\n")) + 1)
	}
	return FormatCSV, nil
}

// invalidUTF8 returns the offset of the first byte of b that is not UTF-8,
// or -1. Unless atEOF, a rune cut off by the end of b is forgiven: b is only
// the head of the file.
func invalidUTF8(b []byte, atEOF bool) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			if !atEOF && !utf8.FullRune(b[i:]) {
				return -1
			}
			return i
		}
		i += size
	}
	return -1
}

// Messages about an unreadable container.
var (
	msgODS = locale.T(
		"Tệp OpenDocument (.ods) chưa được hỗ trợ; hãy lưu thành Excel (.xlsx) hoặc CSV UTF-8.",
		"OpenDocument (.ods) files are not supported; save the sheet as Excel (.xlsx) or CSV UTF-8.")
	msgXLS = locale.T(
		"Tệp Excel 97–2003 (.xls) không được hỗ trợ; hãy mở bằng Excel và lưu thành .xlsx.",
		"Excel 97–2003 (.xls) files are not supported; open the file in Excel and save it as .xlsx.")
	msgOLE = locale.T(
		"Tệp là bảng tính Excel cũ (.xls) hoặc có đặt mật khẩu; hãy bỏ mật khẩu và lưu thành .xlsx.",
		"The file is an old Excel (.xls) workbook or is password-protected; remove the password and save it as .xlsx.")
	msgUTF16 = locale.T(
		"Tệp dùng bảng mã UTF-16 (“Unicode Text”); hãy lưu lại bằng “CSV UTF-8 (phân tách bằng dấu phẩy)” hoặc .xlsx.",
		"The file is UTF-16 (“Unicode Text”); save it again as “CSV UTF-8 (Comma delimited)” or .xlsx.")
)

// errNotUTF8 explains how to get a UTF-8 file out of Excel, the usual cause
// being a “CSV (Comma delimited)” save in the Windows-1258 code page.
func errNotUTF8(line int) error {
	return errs.New(errs.Invalid, locale.Tf(
		"Tệp CSV không dùng bảng mã UTF-8 (lỗi ở dòng %d), có thể là Windows-1258, TCVN3 hoặc VNI. "+
			"Trong Excel hãy chọn Lưu thành → “CSV UTF-8 (phân tách bằng dấu phẩy)”, hoặc tải lên tệp .xlsx.",
		"The CSV file is not UTF-8 (error on line %d); it may be Windows-1258, TCVN3 or VNI. "+
			"In Excel choose Save As → “CSV UTF-8 (Comma delimited)”, or upload an .xlsx file.",
		line))
}

// ReadUpload reads an uploaded import file whole, refusing one larger
// than MaxBytes, and detects its format from its content (name only
// sharpens the messages). Rooms that import (monitors, assets) start here.
func ReadUpload(name string, r io.Reader) ([]byte, Format, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, "", errs.Wrap(errs.Invalid, locale.T("Không đọc được tệp tải lên.", "The uploaded file could not be read."), err)
	}
	if len(data) > MaxBytes {
		return nil, "", errs.New(errs.TooLarge, locale.T("Tệp quá lớn (tối đa 10 MiB).", "The file is too large (at most 10 MiB)."))
	}
	format, err := DetectFormat(name, data[:min(len(data), 512)])
	return data, format, err
}
