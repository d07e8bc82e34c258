package importfile

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"attt/internal/locale"
)

// PersonRow is one person read from an import file. Login is lower-cased;
// Roles holds Role constants in the order of the roles table, RoleStaff
// alone when the cell names none; Officer marks the agency's designated
// security officer (Đ6.1.b), who is also given RoleOfficer.
type PersonRow struct {
	Line     int // spreadsheet line, the header being line 1
	Login    string
	FullName string
	Email    string
	Phone    string
	OrgCode  string
	Title    string
	Roles    []string
	Officer  bool
}

// ParsePeople reads a people file. FormatAuto sniffs the content.
//
// rows holds every non-blank data row in file order, those with problems
// included so that the service can run its own checks (the organisation
// exists, the login is free) on all of them. The service must import
// nothing unless report.OK() still holds after those checks.
//
// The error is for the file as a whole, with code errs.Invalid or
// errs.TooLarge, as for ParseOrgs; rows and report are then nil.
func ParsePeople(r io.Reader, format Format) ([]PersonRow, *Report, error) {
	rep := &Report{}
	t, err := readTable(r, format, KindPeople, rep)
	if err != nil {
		return nil, nil, err
	}
	rows := make([]PersonRow, 0, len(t.rows))
	for _, rec := range t.rows {
		rows = append(rows, parsePerson(&row{rep: rep, head: t.head, rec: rec}))
	}
	checkDuplicates(rep, FieldLogin, len(rows), func(i int) (string, int) { return rows[i].Login, rows[i].Line },
		locale.T("Tên đăng nhập", "Login"))
	warnSharedEmails(rep, rows)
	rep.Sort()
	return rows, rep, nil
}

// parsePerson reads and checks one person row.
func parsePerson(r *row) PersonRow {
	p := PersonRow{
		Line:     r.rec.line,
		Login:    strings.ToLower(r.get(FieldLogin)),
		FullName: r.get(FieldFullName),
		Email:    r.get(FieldEmail),
		OrgCode:  r.get(FieldOrg),
		Title:    r.get(FieldTitle),
	}
	if r.required(FieldLogin, p.Login) {
		r.login(p.Login)
	}
	if r.required(FieldFullName, p.FullName) {
		r.text(FieldFullName, p.FullName, maxName)
	}
	if r.required(FieldOrg, p.OrgCode) {
		r.code(FieldOrg, p.OrgCode)
	}
	r.text(FieldTitle, p.Title, maxName)
	r.email(p.Email)
	p.Phone = r.phone(r.get(FieldPhone))
	p.Roles = r.roles(r.get(FieldRoles))
	officer := r.get(FieldOfficer)
	yes, ok := yesNo(officer)
	if !ok {
		r.bad(FieldOfficer, locale.T(
			fmt.Sprintf("Giá trị %s không hợp lệ; ghi “có” hoặc “x” nếu là cán bộ chuyên trách ATTT, để trống nếu không.", quote(officer)),
			fmt.Sprintf("Value %s is not valid; write “yes” or “x” for the security officer, leave it empty otherwise.", quote(officer))))
	}
	if p.Officer = yes; yes && !slices.Contains(p.Roles, RoleOfficer) {
		p.Roles = sortRoles(append(p.Roles, RoleOfficer))
	}
	return p
}

// roles splits a roles cell on ";", "," or line breaks and reads each role,
// naming those it does not know. Parts that are empty are skipped, so
// "cán bộ, công chức" reads as staff twice, which is staff.
func (r *row) roles(cell string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(r.rawCell(FieldRoles, cell), isRoleSep) {
		part = clean(part)
		if part == "" {
			continue
		}
		role := lookup(roles, part)
		if role == "" {
			list := labels(roles)
			r.bad(FieldRoles, locale.T(
				fmt.Sprintf("Vai trò %s không hợp lệ; dùng một hoặc nhiều trong: %s, phân cách bằng dấu “;”.", quote(part), list.VI),
				fmt.Sprintf("Role %s is not valid; use one or more of: %s, separated by “;”.", quote(part), list.EN)))
			continue
		}
		if !slices.Contains(out, role) {
			out = append(out, role)
		}
	}
	if len(out) == 0 {
		return []string{RoleStaff}
	}
	return sortRoles(out)
}

// rawCell returns the cell of f with its line breaks, which clean turned
// into spaces but which separate roles; fallback is the cleaned value.
func (r *row) rawCell(f Field, fallback string) string {
	if i, ok := r.head.index[f]; ok && i < len(r.rec.cells) {
		return r.rec.cells[i]
	}
	return fallback
}

// isRoleSep reports whether c separates roles in a cell.
func isRoleSep(c rune) bool { return c == ';' || c == ',' || c == '\n' || c == '\r' }

// sortRoles puts roles in the order of the roles table.
func sortRoles(rs []string) []string {
	out := make([]string, 0, len(rs))
	for _, t := range roles {
		if slices.Contains(rs, t.key) {
			out = append(out, t.key)
		}
	}
	return out
}

// warnSharedEmails warns when one email is given to several people: allowed
// (a shared mailbox) but usually a copy-paste slip, and password resets go
// to it.
func warnSharedEmails(rep *Report, rows []PersonRow) {
	lines := map[string][]int{}
	for _, p := range rows {
		if p.Email != "" {
			k := strings.ToLower(p.Email)
			lines[k] = append(lines[k], p.Line)
		}
	}
	for _, p := range rows {
		ls := lines[strings.ToLower(p.Email)]
		if p.Email == "" || len(ls) < 2 {
			continue
		}
		list := joinLines(ls)
		rep.Warn(p.Line, rep.Col(FieldEmail), locale.T(
			fmt.Sprintf("Email %s dùng chung cho các dòng %s.", quote(p.Email), list.VI),
			fmt.Sprintf("Email %s is shared by lines %s.", quote(p.Email), list.EN)))
	}
}
