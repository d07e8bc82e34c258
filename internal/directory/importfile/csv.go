package importfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"attt/internal/errs"
	"attt/internal/locale"
)

// msgCSVSyntax explains a CSV line that cannot be read.
var msgCSVSyntax = locale.T(
	"Không đọc được dòng này: lỗi cú pháp CSV, thường do dấu ngoặc kép “\"” không đóng hoặc nằm giữa ô.",
	"This line could not be read: CSV syntax error, usually a double quote “\"” left open or in the middle of a cell.")

// csvSource reads the rows of a CSV file.
type csvSource struct {
	r *csv.Reader
	// extra counts the line breaks inside quoted cells read so far: a
	// spreadsheet shows such a cell in one row, so they do not advance the
	// line number the user sees.
	extra int
}

// newCSVSource checks that data is UTF-8 text and prepares to read it with
// the delimiter it uses: an Excel "sep=;" first line, else whichever of
// comma, semicolon and tab dominates the first lines.
func newCSVSource(data []byte) (*csvSource, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, bomUTF8)
	if bytes.IndexByte(data, '\n') < 0 {
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n")) // classic Mac line ends
	}
	comma, rest, ok := sepLine(data)
	if ok {
		data = rest // Excel hides this line, so the header stays line 1
	} else {
		comma = sniffDelimiter(data)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	r.FieldsPerRecord = -1
	return &csvSource{r: r}, nil
}

// checkText refuses what is not UTF-8 text, saying how to fix it.
func checkText(data []byte) error {
	switch {
	case bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE):
		return errs.New(errs.Invalid, msgUTF16)
	case bytes.IndexByte(data, 0) >= 0:
		return errs.New(errs.Invalid, locale.T(
			"Tệp không phải tệp văn bản CSV.", "The file is not a CSV text file."))
	}
	if off := invalidUTF8(data, true); off >= 0 {
		return errNotUTF8(bytes.Count(data[:off], []byte("\n")) + 1)
	}
	return nil
}

// sepLine recognises Excel's "sep=X" first line.
func sepLine(data []byte) (rune, []byte, bool) {
	line, rest, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimRight(line, "\r")
	if len(line) != 5 || !strings.EqualFold(string(line[:4]), "sep=") {
		return 0, nil, false
	}
	switch c := rune(line[4]); c {
	case ',', ';', '\t', '|':
		return c, rest, true
	}
	return 0, nil, false
}

// sniffDelimiter counts commas, semicolons and tabs outside quotes in the
// first lines and returns the most frequent, comma on a tie. Excel writes
// semicolons where the list separator is one, as in Vietnamese locales.
func sniffDelimiter(data []byte) rune {
	const lines = 10
	counts := map[byte]int{}
	quoted, n := false, 0
	for _, c := range data[:min(len(data), 64<<10)] {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			n++
		case c == ',' || c == ';' || c == '\t':
			counts[c]++
		}
		if n == lines {
			break
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

// next returns the next record with its spreadsheet line number.
func (s *csvSource) next() (record, error) {
	cells, err := s.r.Read()
	if err == io.EOF {
		return record{}, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return record{}, &syntaxError{line: pe.StartLine - s.extra, msg: msgCSVSyntax, err: err}
		}
		return record{}, fmt.Errorf("importfile: csv: %w", err)
	}
	line, _ := s.r.FieldPos(0)
	rec := record{line: line - s.extra, cells: cells}
	for _, c := range cells {
		s.extra += strings.Count(c, "\n")
	}
	return rec, nil
}

func (s *csvSource) close() {}
