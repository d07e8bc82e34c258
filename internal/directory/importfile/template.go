package importfile

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"attt/internal/errs"
	"attt/internal/locale"
)

// Sample rows of the templates, in column order. They parse without a
// problem (a test holds them to it) and use example.gov.vn so that an
// imported template mails nobody.
var (
	sampleOrgs = [][]string{
		{"UBND-TINH", "Ủy ban nhân dân tỉnh Hưng Yên", "Tỉnh", "", "ubnd@example.gov.vn", "0221 3862 345", "Phường Phố Hiến, tỉnh Hưng Yên"},
		{"SO-KHCN", "Sở Khoa học và Công nghệ", "Sở, ngành", "UBND-TINH", "skhcn@example.gov.vn", "0221 3863 456", ""},
		{"TT-DLTH", "Trung tâm tích hợp dữ liệu tỉnh", "Trung tâm dữ liệu", "SO-KHCN", "", "", ""},
		{"XA-MAU", "UBND xã Mẫu", "Xã, phường", "UBND-TINH", "", "", ""},
		{"CA-TINH", "Công an tỉnh Hưng Yên", "Công an", "", "", "", ""},
	}
	samplePeople = [][]string{
		{"nguyenvana", "Nguyễn Văn A", "SO-KHCN", "Chuyên viên", "a.nguyen@example.gov.vn", "0912 345 678", "Cán bộ", ""},
		{"tranthib", "Trần Thị B", "SO-KHCN", "Chuyên viên CNTT", "b.tran@example.gov.vn", "0987 654 321", "Cán bộ; Chuyên trách", "Có"},
		{"levanc", "Lê Văn C", "SO-KHCN", "Giám đốc", "c.le@example.gov.vn", "", "Thủ trưởng", ""},
	}
)

// Template writes a sample import file of kind in format, with Vietnamese
// headers and a few example rows, for the UI to offer as a download. The
// CSV is UTF-8 with a byte-order mark, which Excel needs to show Vietnamese;
// the XLSX keeps every cell as text (so leading zeros survive), offers the
// organisation types in a drop-down, and explains the accepted values on a
// second sheet. It returns errs.Invalid for an unknown kind or format.
func Template(w io.Writer, kind Kind, format Format) error {
	if kind != KindOrgs && kind != KindPeople && kind != KindMonitors && kind != KindAssets {
		return errs.New(errs.Invalid, locale.Tf("Loại tệp mẫu “%s” không tồn tại.", "No template of kind “%s”.", string(kind)))
	}
	head := make([]string, 0, len(columnsOf(kind)))
	for _, c := range columnsOf(kind) {
		head = append(head, c.label.VI)
	}
	rows := sampleOrgs
	switch kind {
	case KindPeople:
		rows = samplePeople
	case KindMonitors, KindAssets:
		rows = sampleMonitors
		if kind == KindAssets {
			rows = sampleAssets
		}
		if format == FormatXLSX {
			return plainXLSX(w, head, rows)
		}
	}
	switch format {
	case FormatCSV:
		return templateCSV(w, head, rows)
	case FormatXLSX:
		return templateXLSX(w, kind, head, rows)
	}
	return errs.New(errs.Invalid, locale.Tf(
		"Định dạng tệp “%s” không được hỗ trợ; hãy dùng CSV hoặc XLSX.",
		"File format “%s” is not supported; use CSV or XLSX.", string(format)))
}

// templateCSV writes a comma-separated template with a UTF-8 BOM.
func templateCSV(w io.Writer, head []string, rows [][]string) error {
	if _, err := w.Write(bomUTF8); err != nil {
		return fmt.Errorf("importfile: template: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(head); err != nil {
		return fmt.Errorf("importfile: template: %w", err)
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("importfile: template: %w", err)
	}
	return nil
}

// templateXLSX writes a workbook: the data sheet, then a guide sheet.
func templateXLSX(w io.Writer, kind Kind, head []string, rows [][]string) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("importfile: template: %w", cerr)
		}
	}()
	data, guide := "Đơn vị", "Hướng dẫn"
	if kind == KindPeople {
		data = "Cán bộ"
	}
	if err := f.SetSheetName("Sheet1", data); err != nil {
		return fmt.Errorf("importfile: template: %w", err)
	}
	if _, err := f.NewSheet(guide); err != nil {
		return fmt.Errorf("importfile: template: %w", err)
	}
	if err := fillData(f, data, kind, head, rows); err != nil {
		return fmt.Errorf("importfile: template: %w", err)
	}
	if err := fillGuide(f, guide, kind); err != nil {
		return fmt.Errorf("importfile: template: %w", err)
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("importfile: template: %w", err)
	}
	return nil
}

// fillData writes the header and sample rows with every column as text.
func fillData(f *excelize.File, sheet string, kind Kind, head []string, rows [][]string) error {
	last, _ := excelize.ColumnNumberToName(len(head))
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	if err := f.SetColStyle(sheet, "A:"+last, text); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", last, 22); err != nil {
		return err
	}
	if err := f.SetSheetRow(sheet, "A1", &head); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
		return err
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &r); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return addDropDowns(f, sheet, kind)
}

// addDropDowns offers the organisation types, or yes/no for the officer
// column. Types are read from the guide sheet because a label such as
// "Sở, ngành" holds the comma an inline list would split on.
func addDropDowns(f *excelize.File, sheet string, kind Kind) error {
	dv := excelize.NewDataValidation(true)
	if kind == KindOrgs {
		dv.SetSqref(fmt.Sprintf("C2:C%d", MaxRows+1))
		dv.SetSqrefDropList(fmt.Sprintf("'Hướng dẫn'!$A$3:$A$%d", len(orgTypes)+2))
	} else {
		dv.SetSqref(fmt.Sprintf("H2:H%d", MaxRows+1))
		if err := dv.SetDropList([]string{"Có", "Không"}); err != nil {
			return err
		}
	}
	return f.AddDataValidation(sheet, dv)
}

// fillGuide lists the accepted organisation types or roles and how to fill
// the file.
func fillGuide(f *excelize.File, sheet string, kind Kind) error {
	terms, title := orgTypes, []string{"Loại", "Giá trị lưu", "Cách viết được chấp nhận"}
	notes := []string{
		"Dòng 1 là tiêu đề; các cột có thể xếp theo thứ tự bất kỳ. Cột bắt buộc: Mã đơn vị, Tên đơn vị, Loại.",
		"Mã đơn vị chỉ gồm chữ cái không dấu, chữ số và các dấu . - _ (tối đa 64 ký tự).",
		"Mã đơn vị cấp trên có thể là một đơn vị đã có trong hệ thống hoặc một dòng trong tệp này (kể cả dòng ở phía dưới).",
		"Tệp chỉ được nhập khi không còn lỗi nào; nếu có lỗi, không dòng nào được nhập.",
	}
	if kind == KindPeople {
		terms, title = roles, []string{"Vai trò", "Giá trị lưu", "Cách viết được chấp nhận"}
		notes = []string{
			"Dòng 1 là tiêu đề; các cột có thể xếp theo thứ tự bất kỳ. Cột bắt buộc: Tên đăng nhập, Họ và tên, Mã đơn vị.",
			"Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, chữ số và các dấu . - _",
			"Vai trò: một hoặc nhiều giá trị dưới đây, phân cách bằng dấu ; (để trống là Cán bộ).",
			"Chuyên trách ATTT: ghi “Có” cho cán bộ chuyên trách an toàn thông tin của đơn vị, để trống nếu không.",
			"Tệp chỉ được nhập khi không còn lỗi nào; nếu có lỗi, không dòng nào được nhập.",
		}
	}
	if err := f.SetSheetRow(sheet, "A1", &[]string{"HƯỚNG DẪN"}); err != nil {
		return err
	}
	if err := f.SetSheetRow(sheet, "A2", &title); err != nil {
		return err
	}
	for i, t := range terms {
		row := []string{t.label.VI, t.key, strings.Join(t.aliases, " | ")}
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+3), &row); err != nil {
			return err
		}
	}
	for i, n := range notes {
		if err := f.SetCellStr(sheet, fmt.Sprintf("A%d", len(terms)+4+i), n); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "A", "B", 22); err != nil {
		return err
	}
	return f.SetColWidth(sheet, "C", "C", 80)
}

// sampleMonitors are the example rows of a monitors template.
var sampleMonitors = [][]string{
	{"SKHCN", "https://sokhcn.hungyen.gov.vn/", "Cổng thông tin Sở Khoa học và Công nghệ", "5m", "1"},
	{"SYT", "https://soyte.hungyen.gov.vn/", "Cổng thông tin Sở Y tế", "10m", "2"},
}

// sampleAssets are the example rows of an asset inventory template.
var sampleAssets = [][]string{
	{"STC", "Máy chủ cổng thông tin", "Máy chủ", "Cao", "Phòng CNTT", "Phòng máy chủ tầng 3", "10.10.1.10", "portal-01", "", "", "", "", "", "24", ""},
	{"STC", "Hệ thống quản lý văn bản", "Hệ thống thông tin", "Rất quan trọng", "Văn phòng Sở", "", "10.10.1.20", "qlvb.example.gov.vn", "2",
		"Quyết định số 12/QĐ-STC", "Giám đốc Sở Tài chính", "05/03/2025", "", "24", ""},
	{"STC", "Máy soạn thảo tài liệu mật", "Máy trạm", "Rất quan trọng", "Văn phòng Sở", "Phòng văn thư", "", "vanthu-mat", "", "", "", "", "Có", "", "Không nối mạng"},
}

// plainXLSX writes a one-sheet workbook of text cells with a bold header.
func plainXLSX(w io.Writer, head []string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	for i, r := range append([][]string{head}, rows...) {
		row := make([]any, len(r))
		for j, c := range r {
			row[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return fmt.Errorf("importfile: template: %w", err)
		}
	}
	if err := f.SetColWidth(sheet, "A", "E", 28); err != nil {
		return fmt.Errorf("importfile: template: %w", err)
	}
	return f.Write(w)
}
