package forms

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Sheet05 is the name of the worksheet WriteXLSX writes.
const Sheet05 = "Mẫu 05"

// WriteXLSX writes Mẫu 05 to w as an XLSX workbook: the form's heading
// lines, the table of counts per incident type with its total row (numbers
// as numbers, so they can be added up across agencies), then the lists of
// supporting organisations and the proposals. It returns the same
// errs.Invalid error as Document for bad input.
func (r *Report05) WriteXLSX(w io.Writer) (err error) {
	rows, total, err := r.validate()
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("forms: close xlsx: %w", cerr)
		}
	}()
	if err := f.SetSheetName("Sheet1", Sheet05); err != nil {
		return fmt.Errorf("forms: xlsx sheet: %w", err)
	}
	x := &sheet{f: f}
	if err := x.styles(); err != nil {
		return fmt.Errorf("forms: xlsx styles: %w", err)
	}
	r.writeHead(x)
	x.table(rows, total)
	x.section("2. Danh sách các tổ chức hỗ trợ xử lý sự cố", r.Supporters)
	x.section("3. Danh sách các tổ chức nước ngoài hỗ trợ xử lý sự cố", r.ForeignSupporters)
	x.section("4. Đề xuất, kiến nghị", []string{r.Proposals})
	if x.err != nil {
		return fmt.Errorf("forms: xlsx: %w", x.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("forms: write xlsx: %w", err)
	}
	return nil
}

// writeHead writes the form's reference, title and identifying lines.
func (r *Report05) writeHead(x *sheet) {
	x.put(x.italic, "Mẫu số 05 ban hành kèm theo Thông tư số 20/2017/TT-BTTTT")
	x.put(x.bold, r.Issue.Agency)
	x.put(x.title, r.Title())
	x.put(x.center, upperFirst(r.Period.Span()))
	x.row++
	x.pair("Tên cơ quan/tổ chức", orUnknown(r.Org))
	x.pair("Địa chỉ", orNone(r.Address))
	x.pair("Mã thành viên mạng lưới", orNone(r.MemberCode))
	x.pair("Phạm vi tổng hợp", orUnknown(r.Coverage))
	x.pair("Ngày báo cáo", date(r.Date))
	x.row++
}

// sheet writes rows top-down into Sheet05, keeping the first error.
type sheet struct {
	f                                     *excelize.File
	row                                   int
	err                                   error
	bold, italic, title, center, head, nm int
}

// cols is the width of the table in columns (A–G).
const cols = 7

// styles registers the cell styles.
func (x *sheet) styles() error {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	specs := []struct {
		dst *int
		s   excelize.Style
	}{
		{&x.bold, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&x.italic, excelize.Style{Font: &excelize.Font{Italic: true}}},
		{&x.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}, Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true}}},
		{&x.center, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&x.head, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&x.nm, excelize.Style{Border: border, NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}}, // #,##0
	}
	for _, sp := range specs {
		id, err := x.f.NewStyle(&sp.s)
		if err != nil {
			return err
		}
		*sp.dst = id
	}
	widths := []float64{44, 10, 12, 16, 16, 16, 18}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := x.f.SetColWidth(Sheet05, col, col, w); err != nil {
			return err
		}
	}
	return nil
}

// cell returns the name of column c (1-based) on the current row.
func (x *sheet) cell(c int) string {
	name, _ := excelize.CoordinatesToCellName(c, x.row)
	return name
}

// keep records the first error.
func (x *sheet) keep(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

// put writes text across the table's width on a new row in style.
func (x *sheet) put(style int, text string) {
	x.row++
	x.keep(x.f.SetCellStr(Sheet05, x.cell(1), text))
	x.keep(x.f.MergeCell(Sheet05, x.cell(1), x.cell(cols)))
	x.keep(x.f.SetCellStyle(Sheet05, x.cell(1), x.cell(cols), style))
}

// pair writes a "label | value" row, the value spanning the other columns.
func (x *sheet) pair(label, value string) {
	x.row++
	x.keep(x.f.SetCellStr(Sheet05, x.cell(1), label))
	x.keep(x.f.SetCellStyle(Sheet05, x.cell(1), x.cell(1), x.bold))
	x.keep(x.f.SetCellStr(Sheet05, x.cell(2), value))
	x.keep(x.f.MergeCell(Sheet05, x.cell(2), x.cell(cols)))
}

// table writes the counts table with its heading and total row.
func (x *sheet) table(rows []Row, total Handling) {
	x.put(x.bold, "1. Số lượng sự cố và cách thức xử lý")
	x.row++
	for i, h := range header05() {
		x.keep(x.f.SetCellStr(Sheet05, x.cell(i+1), h))
	}
	x.keep(x.f.SetCellStyle(Sheet05, x.cell(1), x.cell(cols), x.head))
	x.keep(x.f.SetRowHeight(Sheet05, x.row, 48))
	for _, r := range rows {
		x.counts(r.Category.Label.VI, r.Handling, x.nm)
	}
	x.counts(totalLabel, total, x.head)
	x.row++
}

// counts writes one row of figures.
func (x *sheet) counts(label string, h Handling, style int) {
	x.row++
	vals := []any{label, h.Total, h.SelfHandled, h.Supported, h.ForeignSupported, h.SupportRequested, h.Damage}
	for i, v := range vals {
		x.keep(x.f.SetCellValue(Sheet05, x.cell(i+1), v))
	}
	x.keep(x.f.SetCellStyle(Sheet05, x.cell(1), x.cell(cols), style))
}

// section writes a heading and one line per item, or "(không có)".
func (x *sheet) section(heading string, items []string) {
	x.put(x.bold, heading)
	lines := clean(items)
	if len(lines) == 0 {
		lines = []string{none}
	}
	for _, l := range lines {
		x.put(0, l)
	}
	x.row++
}
