package importfile

import (
	"errors"
	"fmt"
	"io"

	"attt/internal/errs"
	"attt/internal/locale"
)

// headerSearch is how far down the sheet the header row may be, so that a
// title such as "DANH SÁCH ĐƠN VỊ" above it is allowed.
const headerSearch = 10

// record is one row of the sheet as read, cells not yet cleaned.
type record struct {
	line  int
	cells []string
}

// blank reports whether every cell of rec is white space.
func (rec record) blank() bool {
	for _, c := range rec.cells {
		if clean(c) != "" {
			return false
		}
	}
	return true
}

// source yields the rows of a sheet, io.EOF after the last.
type source interface {
	next() (record, error)
	close()
}

// syntaxError is a row the container format itself could not read (a stray
// quote in a CSV); reading stops there.
type syntaxError struct {
	line int
	msg  locale.Text
	err  error
}

func (e *syntaxError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }

// table is a sheet whose header has been found: the header and the
// non-blank rows below it.
type table struct {
	head *header
	rows []record
}

// readTable reads an import file of kind into a table, recording warnings
// and row-level syntax problems in rep. Errors are file-level: too large,
// unreadable, no header, a required column missing.
func readTable(r io.Reader, format Format, kind Kind, rep *Report) (*table, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, locale.T("Không đọc được tệp tải lên.", "Could not read the uploaded file."),
			fmt.Errorf("importfile: read: %w", err))
	}
	if len(data) > MaxBytes {
		return nil, errs.New(errs.TooLarge, locale.Tf(
			"Tệp lớn hơn %d MiB; hãy chia thành nhiều tệp.",
			"The file is larger than %d MiB; split it into several files.", MaxBytes>>20))
	}
	if format == FormatAuto {
		if format, err = DetectFormat("", data[:min(len(data), 4096)]); err != nil {
			return nil, err
		}
	}
	var src source
	switch format {
	case FormatCSV:
		src, err = newCSVSource(data)
	case FormatXLSX:
		src, err = newXLSXSource(data, kind)
	default:
		return nil, errs.New(errs.Invalid, locale.Tf(
			"Định dạng tệp “%s” không được hỗ trợ; hãy dùng CSV hoặc XLSX.",
			"File format “%s” is not supported; use CSV or XLSX.", string(format)))
	}
	if err != nil {
		return nil, err
	}
	defer src.close()
	return scan(src, kind, rep)
}

// scan finds the header among the first rows of src, then collects the
// non-blank rows below it.
func scan(src source, kind Kind, rep *Report) (*table, error) {
	cols := columnsOf(kind)
	var top []record
	var stop *syntaxError
	for {
		rec, err := src.next()
		if err == io.EOF {
			break
		}
		var se *syntaxError
		if errors.As(err, &se) {
			stop = se
			break
		}
		if err != nil {
			return nil, err
		}
		if !rec.blank() {
			top = append(top, rec)
		}
		if rec.line >= headerSearch {
			break
		}
	}
	head, at, err := pickHeader(cols, top)
	if err != nil {
		if stop != nil && at < 0 {
			return nil, syntaxFileError(stop)
		}
		return nil, err
	}
	rep.kind, rep.labels = kind, head.labels
	for _, u := range head.unknown {
		rep.Warn(top[at].line, u, locale.T(
			"Cột không được nhận ra nên bị bỏ qua.", "Column not recognised; it is ignored."))
	}
	t := &table{head: head}
	for _, rec := range top[at+1:] {
		if err := t.add(rec, rep); err != nil {
			return nil, err
		}
	}
	for stop == nil {
		rec, err := src.next()
		if err == io.EOF {
			break
		}
		if errors.As(err, &stop) {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := t.add(rec, rep); err != nil {
			return nil, err
		}
	}
	if stop == nil && len(t.rows) == 0 {
		return nil, errs.New(errs.Invalid, locale.T(
			"Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào.",
			"The file has a header but no data rows."))
	}
	if stop != nil {
		rep.Add(stop.line, "", locale.T(
			stop.msg.VI+" Các dòng sau đó chưa được kiểm tra.",
			stop.msg.EN+" The lines after it were not checked."))
	}
	rep.Rows = len(t.rows)
	warnHeadless(t, rep)
	return t, nil
}

// pickHeader returns the first row of top that has every required column,
// and its index; failing that, the error of the row that came closest.
func pickHeader(cols []column, top []record) (*header, int, error) {
	var best *header
	for i, rec := range top {
		if rec.line > headerSearch {
			break // read past the window; it is data if a header was found
		}
		h, err := matchHeader(cols, rec.cells)
		if err != nil {
			return nil, i, err
		}
		if h.missing(cols) == nil {
			return h, i, nil
		}
		if best == nil || h.matched > best.matched {
			best = h
		}
	}
	if best == nil && len(top) > 0 {
		best = &header{index: map[Field]int{}}
	}
	if best == nil {
		return nil, -1, errs.New(errs.Invalid, locale.T(
			"Tệp không có dữ liệu: không tìm thấy dòng tiêu đề.",
			"The file holds no data: no header row was found."))
	}
	return nil, -1, best.missing(cols)
}

// add appends a data row, refusing more than MaxRows. A row is skipped as
// blank when nothing but row numbers or notes is filled in, as in templates
// numbered down the "STT" column in advance.
func (t *table) add(rec record, rep *Report) error {
	if t.blank(rec) {
		return nil
	}
	if len(t.rows) == MaxRows {
		return errs.New(errs.TooLarge, locale.Tf(
			"Tệp có hơn %d dòng dữ liệu; hãy chia thành nhiều tệp.",
			"The file has more than %d data rows; split it into several files.", MaxRows))
	}
	t.rows = append(t.rows, rec)
	return nil
}

// blank reports whether rec is empty outside the ignored columns.
func (t *table) blank(rec record) bool {
	for i, c := range rec.cells {
		if !t.head.ignored[i] && clean(c) != "" {
			return false
		}
	}
	return true
}

// warnHeadless warns once per column that holds data under no header.
func warnHeadless(t *table, rep *Report) {
	used := map[int]bool{}
	for _, i := range t.head.index {
		used[i] = true
	}
	for i := range t.head.named {
		used[i] = true
	}
	warned := map[int]bool{}
	for _, rec := range t.rows {
		for i, c := range rec.cells {
			if used[i] || warned[i] || clean(c) == "" {
				continue
			}
			warned[i] = true
			rep.Warn(rec.line, columnName(i), locale.T(
				"Ô có dữ liệu nhưng cột không có tiêu đề; dữ liệu của cột này bị bỏ qua.",
				"This cell has data but its column has no header; the column is ignored."))
		}
	}
}

// columnName returns the spreadsheet letter of the zero-based column i.
func columnName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append(b, byte('A'+(i-1)%26))
	}
	for l, r := 0, len(b)-1; l < r; l, r = l+1, r-1 {
		b[l], b[r] = b[r], b[l]
	}
	return string(b)
}

// syntaxFileError turns a syntax error met before the header into an error.
func syntaxFileError(se *syntaxError) error {
	return errs.Wrap(errs.Invalid, locale.T(
		fmt.Sprintf("Dòng %d: %s", se.line, se.msg.VI),
		fmt.Sprintf("Line %d: %s", se.line, se.msg.EN)), se)
}
