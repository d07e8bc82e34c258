package importfile

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"attt/internal/locale"
)

// OrgRow is one organisation read from an import file. Fields are trimmed
// with inner white space collapsed; Type is one of the Type constants
// (TypeProvince…), or "" when the cell could not be understood (a Problem
// then says why).
type OrgRow struct {
	Line       int // spreadsheet line, the header being line 1
	Code       string
	Name       string
	Type       string
	ParentCode string
	Email      string
	Phone      string
	Address    string
}

// ParseOrgs reads an organisation file. FormatAuto sniffs the content.
//
// rows holds every non-blank data row, those with problems included so that
// the service can run its own checks on all of them, ordered so that a parent
// defined in the file comes before its children (see SortOrgsByParent; file
// order otherwise). The service must import nothing unless report.OK() still
// holds after its own checks.
//
// The error is for the file as a whole, with code errs.Invalid (unreadable,
// not UTF-8, no header, a required column missing, no data rows) or
// errs.TooLarge (over MaxBytes or MaxRows); rows and report are then nil.
func ParseOrgs(r io.Reader, format Format) ([]OrgRow, *Report, error) {
	rep := &Report{}
	t, err := readTable(r, format, KindOrgs, rep)
	if err != nil {
		return nil, nil, err
	}
	rows := make([]OrgRow, 0, len(t.rows))
	for _, rec := range t.rows {
		rows = append(rows, parseOrg(&row{rep: rep, head: t.head, rec: rec}))
	}
	checkDuplicates(rep, FieldCode, len(rows), func(i int) (string, int) { return rows[i].Code, rows[i].Line },
		locale.T("Mã đơn vị", "Organisation code"))
	sorted, cycles := SortOrgsByParent(rows)
	for _, p := range cycles {
		rep.Add(p.Line, rep.Col(FieldParent), p.Msg)
	}
	rep.Sort()
	return sorted, rep, nil
}

// parseOrg reads and checks one organisation row.
func parseOrg(r *row) OrgRow {
	o := OrgRow{
		Line:       r.rec.line,
		Code:       r.get(FieldCode),
		Name:       r.get(FieldName),
		ParentCode: r.get(FieldParent),
		Email:      r.get(FieldEmail),
		Address:    r.get(FieldAddress),
	}
	if r.required(FieldCode, o.Code) {
		r.code(FieldCode, o.Code)
	}
	if r.required(FieldName, o.Name) {
		r.text(FieldName, o.Name, maxName)
	}
	if typ := r.get(FieldType); r.required(FieldType, typ) {
		if o.Type = lookup(orgTypes, typ); o.Type == "" {
			list := labels(orgTypes)
			r.bad(FieldType, locale.T(
				fmt.Sprintf("Loại %s không hợp lệ; dùng một trong: %s.", quote(typ), list.VI),
				fmt.Sprintf("Type %s is not valid; use one of: %s.", quote(typ), list.EN)))
		}
	}
	r.code(FieldParent, o.ParentCode) // a parent that is its own row is a cycle: SortOrgsByParent
	r.email(o.Email)
	o.Phone = r.phone(r.get(FieldPhone))
	r.text(FieldAddress, o.Address, maxAddress)
	return o
}

// checkDuplicates reports, on every line involved, each value of field that
// appears on more than one of n rows. key returns a row's value and line.
func checkDuplicates(rep *Report, field Field, n int, key func(i int) (string, int), what locale.Text) {
	lines := map[string][]int{}
	var order []string
	for i := range n {
		k, line := key(i)
		if k == "" {
			continue
		}
		if _, seen := lines[k]; !seen {
			order = append(order, k)
		}
		lines[k] = append(lines[k], line)
	}
	for _, k := range order {
		ls := lines[k]
		if len(ls) < 2 {
			continue
		}
		list := joinLines(ls)
		for _, line := range ls {
			rep.Add(line, rep.Col(field), locale.T(
				fmt.Sprintf("%s %s bị trùng ở các dòng %s.", what.VI, quote(k), list.VI),
				fmt.Sprintf("%s %s is repeated on lines %s.", what.EN, quote(k), list.EN)))
		}
	}
}

// joinLines writes "2, 5, 9", eliding beyond ten lines so that a value
// repeated on every row does not make every message as long as the file.
func joinLines(lines []int) locale.Text {
	const shown = 10
	var b strings.Builder
	for i, n := range lines[:min(len(lines), shown)] {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(n))
	}
	if more := len(lines) - shown; more > 0 {
		return locale.T(
			fmt.Sprintf("%s và %d dòng khác", b.String(), more),
			fmt.Sprintf("%s and %d more", b.String(), more))
	}
	return locale.T(b.String(), b.String())
}
