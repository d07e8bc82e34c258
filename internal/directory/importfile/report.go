package importfile

import (
	"fmt"
	"sort"

	"attt/internal/errs"
	"attt/internal/locale"
)

// maxDetails bounds the lines Err puts in an error; the Report keeps them all.
const maxDetails = 500

// Problem is one thing wrong with an import file.
type Problem struct {
	// Line is the spreadsheet line (the header is line 1); 0 for the file
	// as a whole.
	Line int
	// Column is the header as the file writes it, "" for the whole row.
	Column string
	// Msg says what is wrong and, where it can, how to fix it.
	Msg locale.Text
}

// Text renders p as one line: “Dòng 5, cột “Mã đơn vị”: …”.
func (p Problem) Text() locale.Text {
	switch {
	case p.Line > 0 && p.Column != "":
		return locale.T(
			fmt.Sprintf("Dòng %d, cột “%s”: %s", p.Line, p.Column, p.Msg.VI),
			fmt.Sprintf("Line %d, column “%s”: %s", p.Line, p.Column, p.Msg.In(locale.EN)))
	case p.Line > 0:
		return locale.T(
			fmt.Sprintf("Dòng %d: %s", p.Line, p.Msg.VI),
			fmt.Sprintf("Line %d: %s", p.Line, p.Msg.In(locale.EN)))
	case p.Column != "":
		return locale.T(
			fmt.Sprintf("Cột “%s”: %s", p.Column, p.Msg.VI),
			fmt.Sprintf("Column “%s”: %s", p.Column, p.Msg.In(locale.EN)))
	}
	return p.Msg
}

// Report gathers the problems of one import file. The parsers fill it; the
// directory service adds its own (a parent code that does not exist, a login
// already taken) with Add before deciding, with OK, whether to import.
type Report struct {
	// Rows is the number of non-blank data rows read.
	Rows int
	// Problems block the import.
	Problems []Problem
	// Warnings do not block the import but are worth showing: ignored
	// columns, a phone number whose leading zero Excel dropped.
	Warnings []Problem

	kind   Kind
	labels map[Field]string // headers as the file writes them
}

// OK reports whether the file may be imported: no problems at all.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// Add records a problem on line (0 for the whole file) in column col, which
// should be the header the file uses: see Col.
func (r *Report) Add(line int, col string, msg locale.Text) {
	r.Problems = append(r.Problems, Problem{Line: line, Column: col, Msg: msg})
}

// Warn records a warning, which does not block the import.
func (r *Report) Warn(line int, col string, msg locale.Text) {
	r.Warnings = append(r.Warnings, Problem{Line: line, Column: col, Msg: msg})
}

// Col returns the header the file uses for field, so that a problem the
// service adds names the column the user sees; the canonical Vietnamese
// header when the file has no such column.
func (r *Report) Col(field Field) string {
	if s, ok := r.labels[field]; ok {
		return s
	}
	return labelOf(columnsOf(r.kind), field).VI
}

// ProblemLines returns the set of lines that have at least one problem, so
// the service can skip its database checks on rows already known bad.
func (r *Report) ProblemLines() map[int]bool {
	lines := make(map[int]bool, len(r.Problems))
	for _, p := range r.Problems {
		lines[p.Line] = true
	}
	return lines
}

// Sort orders problems and warnings by line, keeping the order of those on
// the same line. Err sorts too, so a caller needs it only to show them.
func (r *Report) Sort() {
	byLine := func(ps []Problem) {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	}
	byLine(r.Problems)
	byLine(r.Warnings)
}

// Err returns nil when the report is OK, otherwise an error with code
// errs.Invalid saying nothing was imported, with one detail line per problem
// in line order (at most 500; the rest are counted in a last line).
func (r *Report) Err() error {
	if r.OK() {
		return nil
	}
	r.Sort()
	n := len(r.Problems)
	msg := locale.Tf(
		"Tệp nhập có %d lỗi; chưa có dữ liệu nào được nhập.",
		"The import file has %d errors; nothing has been imported.", n)
	if n == 1 {
		msg.EN = "The import file has 1 error; nothing has been imported."
	}
	shown := min(n, maxDetails)
	details := make([]locale.Text, 0, shown+1)
	for _, p := range r.Problems[:shown] {
		details = append(details, p.Text())
	}
	if n > shown {
		details = append(details, locale.Tf("… và %d lỗi khác.", "… and %d more errors.", n-shown))
	}
	return errs.New(errs.Invalid, msg, details...)
}
