package export

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"attt/internal/locale"
)

// Number formats of the workbook's cells. "@" keeps a cell text when
// someone edits it, so a phone number such as 0221… keeps its zero.
const (
	fmtText     = 49 // "@"
	fmtDate     = "dd/mm/yyyy"
	fmtDateTime = "dd/mm/yyyy hh:mm:ss"
)

// xlsxWriter streams rows into one sheet with excelize's StreamWriter,
// which keeps rows in a temporary file once they pass its chunk size.
type xlsxWriter struct {
	f     *excelize.File
	sw    *excelize.StreamWriter
	cols  []Column
	style []int // per column
	rows  int
	cells []any
	done  bool
}

func newXLSX(t Table, lang locale.Lang) (w *xlsxWriter, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			_ = f.Close()
			err = fmt.Errorf("export: xlsx: %w", err)
		}
	}()
	sheet := sheetName(t.Name.In(lang))
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	w = &xlsxWriter{f: f, cols: t.Columns, style: make([]int, len(t.Columns)), cells: make([]any, len(t.Columns))}
	text, err := f.NewStyle(&excelize.Style{NumFmt: fmtText, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	number, err := f.NewStyle(&excelize.Style{NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top"}}) // "0"
	if err != nil {
		return nil, err
	}
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(fmtDate), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}})
	if err != nil {
		return nil, err
	}
	dateTime, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(fmtDateTime), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}})
	if err != nil {
		return nil, err
	}
	head, err := f.NewStyle(&excelize.Style{NumFmt: fmtText, Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}})
	if err != nil {
		return nil, err
	}
	if w.sw, err = f.NewStreamWriter(sheet); err != nil {
		return nil, err
	}
	// Widths and panes must precede the first row.
	for i, c := range t.Columns {
		if err := w.sw.SetColWidth(i+1, i+1, c.width()); err != nil {
			return nil, err
		}
		switch c.Kind {
		case Number:
			w.style[i] = number
		case Date:
			w.style[i] = date
		case DateTime:
			w.style[i] = dateTime
		default:
			w.style[i] = text
		}
	}
	if err := w.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = excelize.Cell{StyleID: head, Value: CleanText(c.Title.In(lang))}
	}
	if err := w.sw.SetRow("A1", header, excelize.RowOpts{Height: 30}); err != nil {
		return nil, err
	}
	return w, nil
}

// Row appends one row.
func (w *xlsxWriter) Row(values ...any) error {
	if w.done {
		return fmt.Errorf("export: row after the file was written")
	}
	if len(values) != len(w.cols) {
		return fmt.Errorf("export: row of %d cells for %d columns", len(values), len(w.cols))
	}
	for i, v := range values {
		val, err := xlsxValue(w.cols[i].Kind, v)
		if err != nil {
			return fmt.Errorf("export: column %d: %w", i+1, err)
		}
		w.cells[i] = excelize.Cell{StyleID: w.style[i], Value: val}
	}
	cell, err := excelize.CoordinatesToCellName(1, w.rows+2)
	if err != nil {
		return fmt.Errorf("export: xlsx: %w", err)
	}
	if err := w.sw.SetRow(cell, w.cells); err != nil {
		return fmt.Errorf("export: xlsx: %w", err)
	}
	w.rows++
	return nil
}

// xlsxValue converts one value to what excelize stores: strings as inline
// text (never a formula, so no injection is possible here), times as
// Excel dates on Vietnam's wall clock, to the second.
func xlsxValue(k Kind, v any) (any, error) {
	switch k {
	case Number:
		n, ok := cellNumber(v)
		if !ok {
			return nil, fmt.Errorf("want a number, got %T", v)
		}
		return n, nil
	case Date, DateTime:
		t, ok := cellTime(v)
		if !ok {
			return nil, fmt.Errorf("want a time, got %T", v)
		}
		if t.IsZero() {
			return nil, nil
		}
		return t.In(locale.Zone).Truncate(time.Second), nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("want a string, got %T", v)
	}
	if s == "" {
		return nil, nil
	}
	return CleanText(s), nil
}

// Rows is the number of rows appended.
func (w *xlsxWriter) Rows() int { return w.rows }

// WriteTo finishes the workbook and writes it to dst.
func (w *xlsxWriter) WriteTo(dst io.Writer) (int64, error) {
	if w.done {
		return 0, fmt.Errorf("export: xlsx written twice")
	}
	w.done = true
	if err := w.sw.Flush(); err != nil {
		return 0, fmt.Errorf("export: xlsx: %w", err)
	}
	cw := &countWriter{w: dst}
	if err := w.f.Write(cw); err != nil {
		return cw.n, fmt.Errorf("export: xlsx: %w", err)
	}
	return cw.n, nil
}

// Close removes excelize's temporary files.
func (w *xlsxWriter) Close() error {
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	return err
}

// sheetName makes name a valid sheet name: at most 31 characters, none of
// : \ / ? * [ ].
func sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || r < 0x20 {
			return '-'
		}
		return r
	}, CleanText(name))
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	if strings.TrimSpace(name) == "" {
		return "Sheet1"
	}
	return name
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func ptr[T any](v T) *T { return &v }
