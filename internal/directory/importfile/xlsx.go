package importfile

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"

	"attt/internal/errs"
	"attt/internal/locale"
)

// sheetNames are the sheet names preferred over the first sheet, by kind.
var sheetNames = map[Kind][]string{
	KindOrgs:   {"Đơn vị", "Cơ quan", "Cơ quan, đơn vị", "orgs", "organisations", "organizations"},
	KindPeople: {"Cán bộ", "Người dùng", "Nhân sự", "people", "users"},
	KindAssets: {"Tài sản", "Danh mục tài sản", "Thiết bị", "assets", "inventory"},
}

// xlsxSource reads the rows of one sheet of a workbook.
type xlsxSource struct {
	f    *excelize.File
	rows *excelize.Rows
	tmp  string // excelize's scratch directory, removed on close
	line int
}

// msgBadXLSX is the message for a workbook excelize cannot open.
var msgBadXLSX = locale.T(
	"Không đọc được tệp XLSX (tệp hỏng, có mật khẩu hoặc không phải bảng tính Excel).",
	"Could not read the XLSX file (damaged, password-protected or not an Excel workbook).")

// msgXLSXRow explains a row of a workbook that cannot be read.
var msgXLSXRow = locale.T(
	"Không đọc được dòng này của tệp XLSX (tệp có thể bị hỏng).",
	"This row of the XLSX file could not be read (the file may be damaged).")

// newXLSXSource opens the workbook in data and picks the sheet to read: one
// named for kind if there is one, else the first. excelize is run on
// untrusted bytes, so a panic inside it becomes an error, and the size it
// may unzip to is bounded.
func newXLSXSource(data []byte, kind Kind) (src *xlsxSource, err error) {
	if !bytes.HasPrefix(data, sigZip) {
		return nil, errs.New(errs.Invalid, msgBadXLSX)
	}
	tmp, err := os.MkdirTemp("", "attt-import-")
	if err != nil {
		return nil, fmt.Errorf("importfile: xlsx scratch: %w", err)
	}
	s := &xlsxSource{tmp: tmp}
	defer func() {
		if p := recover(); p != nil {
			err = errs.Wrap(errs.Invalid, msgBadXLSX, fmt.Errorf("importfile: excelize panic: %v", p))
		}
		if err != nil {
			s.close()
			src = nil
		}
	}()
	s.f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxUnzipped,
		UnzipXMLSizeLimit: 16 << 20,
		TmpDir:            tmp,
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return nil, errs.Wrap(errs.TooLarge, locale.Tf(
				"Tệp XLSX giải nén ra hơn %d MiB; hãy chia thành nhiều tệp.",
				"The XLSX file unpacks to more than %d MiB; split it into several files.", maxUnzipped>>20), err)
		}
		return nil, errs.Wrap(errs.Invalid, msgBadXLSX, fmt.Errorf("importfile: open xlsx: %w", err))
	}
	sheet := pickSheet(s.f.GetSheetList(), kind)
	if sheet == "" {
		return nil, errs.New(errs.Invalid, locale.T("Tệp XLSX không có trang tính nào.", "The XLSX file has no sheet."))
	}
	if s.rows, err = s.f.Rows(sheet); err != nil {
		return nil, errs.Wrap(errs.Invalid, msgBadXLSX, fmt.Errorf("importfile: sheet %q: %w", sheet, err))
	}
	return s, nil
}

// pickSheet returns the sheet named for kind, else the first sheet.
func pickSheet(list []string, kind Kind) string {
	for _, name := range list {
		if matchesAny(sheetNames[kind], fold(name)) {
			return name
		}
	}
	if len(list) == 0 {
		return ""
	}
	return list[0]
}

// next returns the next row. Rows absent from the file come back empty, so
// the line count stays the spreadsheet's. Cells are read as displayed, so a
// phone number formatted "0000000000" keeps its leading zero.
func (s *xlsxSource) next() (rec record, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &syntaxError{line: s.line, msg: msgXLSXRow, err: fmt.Errorf("excelize panic: %v", p)}
		}
	}()
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return record{}, errs.Wrap(errs.Invalid, msgBadXLSX, fmt.Errorf("importfile: xlsx rows: %w", err))
		}
		return record{}, io.EOF
	}
	s.line++
	cells, err := s.rows.Columns()
	if err != nil {
		return record{}, &syntaxError{line: s.line, msg: msgXLSXRow, err: err}
	}
	return record{line: s.line, cells: cells}, nil
}

// close releases the workbook and its scratch files.
func (s *xlsxSource) close() {
	if s.rows != nil {
		_ = s.rows.Close()
	}
	if s.f != nil {
		_ = s.f.Close()
	}
	_ = os.RemoveAll(s.tmp)
}
