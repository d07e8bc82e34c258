// Package export turns a table — Vietnamese column headers and rows of
// cells — into a file people open in Excel: XLSX (bold, frozen header,
// column widths, real dates shown dd/mm/yyyy in Asia/Ho_Chi_Minh, text kept
// as text so codes and phone numbers keep their leading zeros) or CSV
// (UTF-8 with a byte-order mark, cells that a spreadsheet would run as a
// formula neutralised).
//
// Rows are written to a spool (a temporary file once large), never held as
// values, so an export of 100,000 audit records stays within a few
// megabytes of memory; the finished file is sent with WriteTo. Nothing
// leaves the server before the caller has recorded the export in the audit
// trail (S3, Đ7.8): the services' Export methods record it, then the handler
// sends the file.
//
// The tables of attt's own exports (people, organisations, the audit trail)
// are in tables.go, shared by the web pages and the JSON API.
package export

import (
	"io"
	"strings"
	"time"

	"attt/internal/errs"
	"attt/internal/locale"
)

// Format is the kind of file an export produces.
type Format string

// The formats attt exports.
const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// ParseFormat reads a format name ("xlsx", "CSV"); "" means XLSX. Anything
// else is errs.Invalid.
func ParseFormat(s string) (Format, error) {
	switch Format(strings.ToLower(strings.TrimSpace(s))) {
	case "", XLSX:
		return XLSX, nil
	case CSV:
		return CSV, nil
	}
	return "", errs.New(errs.Invalid, locale.Tf(
		"Định dạng xuất “%s” không được hỗ trợ; hãy dùng xlsx hoặc csv.",
		"Export format “%s” is not supported; use xlsx or csv.", printable(s)))
}

// ContentType is the MIME type of a file in f.
func (f Format) ContentType() string {
	if f == CSV {
		return "text/csv; charset=utf-8"
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

// Kind says how a column's cells are stored and shown.
type Kind int

// The kinds of column. A Text cell takes a string, a Number cell an int or
// int64, Date and DateTime cells a time.Time (the zero time is an empty
// cell).
const (
	Text Kind = iota
	Number
	Date     // dd/mm/yyyy in Asia/Ho_Chi_Minh
	DateTime // dd/mm/yyyy HH:MM:SS in Asia/Ho_Chi_Minh
)

// Column is one column of a table.
type Column struct {
	Title locale.Text
	Kind  Kind
	// Width in characters; 0 picks one from the kind.
	Width float64
}

// Table describes an export: its name (the sheet's, and the file's base
// name) and its columns.
type Table struct {
	Name    locale.Text
	Columns []Column
}

// Writer receives the rows of one table and then sends the finished file.
type Writer interface {
	// Row appends one row: one value per column, of the column's kind
	// (see Kind); a value of the wrong type is an error.
	Row(values ...any) error
	// Rows is the number of rows appended so far (the header excluded).
	Rows() int
	// WriteTo finishes the file and writes it to w; call it once.
	WriteTo(w io.Writer) (int64, error)
	// Close releases the spool and temporary files; it is safe to call
	// after WriteTo and more than once.
	Close() error
}

// New starts a table in format f with headers in lang.
func New(f Format, t Table, lang locale.Lang) (Writer, error) {
	switch f {
	case CSV:
		return newCSV(t, lang)
	case XLSX:
		return newXLSX(t, lang)
	}
	_, err := ParseFormat(string(f))
	return nil, err
}

// width is a column's width in characters.
func (c Column) width() float64 {
	if c.Width > 0 {
		return c.Width
	}
	switch c.Kind {
	case Number:
		return 10
	case Date:
		return 12
	case DateTime:
		return 20
	}
	return 24
}

// cellTime reads the value of a Date or DateTime cell.
func cellTime(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, true
	case *time.Time:
		if t == nil {
			return time.Time{}, true
		}
		return *t, true
	}
	return time.Time{}, false
}

// cellNumber reads the value of a Number cell.
func cellNumber(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	}
	return 0, false
}

// printable shortens a user value for an error message.
func printable(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if r := []rune(s); len(r) > 20 {
		s = string(r[:20]) + "…"
	}
	return s
}
