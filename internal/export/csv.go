package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"attt/internal/locale"
)

// bom is the UTF-8 byte-order mark: without it Excel reads a CSV file in
// the machine's legacy code page and garbles every Vietnamese letter.
var bom = []byte{0xEF, 0xBB, 0xBF}

// csvWriter writes comma-separated values with CRLF line ends, as Excel
// writes them itself.
type csvWriter struct {
	cols []Column
	sp   *spool
	buf  *bufio.Writer
	cw   *csv.Writer
	rows int
	cell []string
}

func newCSV(t Table, lang locale.Lang) (*csvWriter, error) {
	w := &csvWriter{cols: t.Columns, sp: &spool{}, cell: make([]string, len(t.Columns))}
	w.buf = bufio.NewWriterSize(w.sp, 64<<10)
	w.cw = csv.NewWriter(w.buf)
	w.cw.UseCRLF = true
	if _, err := w.buf.Write(bom); err != nil {
		return nil, err
	}
	for i, c := range t.Columns {
		w.cell[i] = Neutralise(CleanText(c.Title.In(lang)))
	}
	if err := w.cw.Write(w.cell); err != nil {
		return nil, fmt.Errorf("export: csv header: %w", err)
	}
	return w, nil
}

// Row appends one row.
func (w *csvWriter) Row(values ...any) error {
	if len(values) != len(w.cols) {
		return fmt.Errorf("export: row of %d cells for %d columns", len(values), len(w.cols))
	}
	for i, v := range values {
		s, err := csvCell(w.cols[i].Kind, v)
		if err != nil {
			return fmt.Errorf("export: column %d: %w", i+1, err)
		}
		w.cell[i] = s
	}
	if err := w.cw.Write(w.cell); err != nil {
		return fmt.Errorf("export: csv: %w", err)
	}
	w.rows++
	return nil
}

// csvCell renders one value: dates in Asia/Ho_Chi_Minh through locale,
// text cleaned and neutralised.
func csvCell(k Kind, v any) (string, error) {
	switch k {
	case Number:
		n, ok := cellNumber(v)
		if !ok {
			return "", fmt.Errorf("want a number, got %T", v)
		}
		return strconv.FormatInt(n, 10), nil
	case Date, DateTime:
		t, ok := cellTime(v)
		if !ok {
			return "", fmt.Errorf("want a time, got %T", v)
		}
		if t.IsZero() {
			return "", nil
		}
		if k == Date {
			return locale.Date(t), nil
		}
		return locale.DateTime(t), nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("want a string, got %T", v)
	}
	return Neutralise(CleanText(s)), nil
}

// Rows is the number of rows appended.
func (w *csvWriter) Rows() int { return w.rows }

// WriteTo sends the file.
func (w *csvWriter) WriteTo(dst io.Writer) (int64, error) {
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return 0, fmt.Errorf("export: csv: %w", err)
	}
	if err := w.buf.Flush(); err != nil {
		return 0, fmt.Errorf("export: csv: %w", err)
	}
	return w.sp.WriteTo(dst)
}

// Close removes the spool.
func (w *csvWriter) Close() error { return w.sp.Close() }

// Neutralise defuses CSV formula injection: a cell that begins with = + - @
// (or their full-width forms, which some spreadsheets also accept), a tab
// or a carriage return is run as a formula by Excel and LibreOffice when the
// file is opened — "=HYPERLINK(…)" in a person's name would phish whoever
// opens the export. Such a cell gets a leading apostrophe, which shows the
// text as typed. Other cells are returned unchanged.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	for _, p := range []string{"＝", "＋", "－", "＠"} {
		if strings.HasPrefix(s, p) {
			return "'" + s
		}
	}
	return s
}
