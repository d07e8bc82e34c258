package importfile

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"attt/internal/locale"
)

// Length limits of free-text fields, in characters.
const (
	maxCode    = 64
	maxLogin   = 64
	minLogin   = 3
	maxName    = 255
	maxAddress = 500
	maxEmail   = 254
	maxPhone   = 32
)

// row reads the cells of one data row and records its problems.
type row struct {
	rep  *Report
	head *header
	rec  record
}

// get returns the cleaned cell of field, "" when the file lacks the column.
func (r *row) get(f Field) string {
	i, ok := r.head.index[f]
	if !ok || i >= len(r.rec.cells) {
		return ""
	}
	s := clean(r.rec.cells[i])
	if hasControl(s) {
		r.bad(f, locale.T("Ô chứa ký tự điều khiển không hợp lệ.", "The cell holds an invalid control character."))
	}
	return s
}

// bad records a problem with field on this row.
func (r *row) bad(f Field, msg locale.Text) {
	r.rep.Add(r.rec.line, r.rep.Col(f), msg)
}

// required records a problem when the value of f is empty, and says whether
// it was present.
func (r *row) required(f Field, v string) bool {
	if v == "" {
		r.bad(f, locale.T("Thiếu giá trị bắt buộc.", "A value is required."))
		return false
	}
	return true
}

// text checks a free-text field's length.
func (r *row) text(f Field, v string, max int) {
	if n := utf8.RuneCountInString(v); n > max {
		r.bad(f, locale.Tf("Dài %d ký tự, tối đa %d.", "%d characters long; at most %d.", n, max))
	}
}

// code checks an organisation code: ASCII letters, digits, '.', '-', '_'.
// Letters with diacritics are refused because, without Unicode
// normalisation, "SỞ" typed on two machines may be two different codes.
func (r *row) code(f Field, v string) {
	if v == "" {
		return
	}
	if n := utf8.RuneCountInString(v); n > maxCode {
		r.bad(f, locale.Tf("Mã dài %d ký tự, tối đa %d.", "The code is %d characters long; at most %d.", n, maxCode))
		return
	}
	if bad := firstBad(v, isCodeByte); bad != "" {
		r.bad(f, locale.T(
			fmt.Sprintf("Mã %s chứa “%s”; chỉ được dùng chữ cái không dấu, chữ số và các dấu “.”, “-”, “_”.", quote(v), bad),
			fmt.Sprintf("Code %s contains “%s”; use only unaccented letters, digits, “.”, “-” and “_”.", quote(v), bad)))
	}
}

// login checks a login, already lowered: lower-case ASCII letters, digits,
// '.', '-', '_', 3 to 64 characters.
func (r *row) login(v string) {
	if v == "" {
		return
	}
	if n := utf8.RuneCountInString(v); n < minLogin || n > maxLogin {
		r.bad(FieldLogin, locale.Tf(
			"Tên đăng nhập dài %d ký tự; cần từ %d đến %d.",
			"The login is %d characters long; it must be %d to %d.", n, minLogin, maxLogin))
		return
	}
	if bad := firstBad(v, isCodeByte); bad != "" {
		r.bad(FieldLogin, locale.T(
			fmt.Sprintf("Tên đăng nhập %s chứa “%s”; chỉ được dùng chữ thường không dấu, chữ số và các dấu “.”, “-”, “_”.", quote(v), bad),
			fmt.Sprintf("Login %s contains “%s”; use only unaccented lower-case letters, digits, “.”, “-” and “_”.", quote(v), bad)))
	}
}

// email checks an email address: a bare address, no display name.
func (r *row) email(v string) {
	if v == "" {
		return
	}
	if len(v) > maxEmail {
		r.bad(FieldEmail, locale.Tf("Email dài hơn %d ký tự.", "The email is longer than %d characters.", maxEmail))
		return
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || !strings.Contains(v[strings.LastIndexByte(v, '@')+1:], ".") {
		r.bad(FieldEmail, locale.T(
			fmt.Sprintf("Email %s không hợp lệ; ghi một địa chỉ, ví dụ “vanthu@hungyen.gov.vn”.", quote(v)),
			fmt.Sprintf("Email %s is not valid; write one address, e.g. “vanthu@hungyen.gov.vn”.", quote(v))))
	}
}

// phone checks a phone number and returns it, with the leading zero put
// back when Excel stored it as a number and dropped it (a warning says so).
// Digits, a leading '+', spaces and the separators '.', '-', '(', ')' are
// accepted, as Vietnamese numbers are often written "0221.3862.345".
func (r *row) phone(v string) string {
	if v == "" {
		return v
	}
	digits := 0
	for i, c := range v {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' && i == 0, c == ' ', c == '.', c == '-', c == '(', c == ')':
		default:
			r.bad(FieldPhone, locale.T(
				fmt.Sprintf("Số điện thoại %s chứa “%c”; chỉ ghi một số, gồm chữ số, dấu “+” ở đầu và khoảng trắng.", quote(v), c),
				fmt.Sprintf("Phone %s contains “%c”; write one number using digits, a leading “+” and spaces.", quote(v), c)))
			return v
		}
	}
	if digits < 8 || digits > 15 || len(v) > maxPhone {
		r.bad(FieldPhone, locale.T(
			fmt.Sprintf("Số điện thoại %s có %d chữ số; cần từ 8 đến 15.", quote(v), digits),
			fmt.Sprintf("Phone %s has %d digits; it needs 8 to 15.", quote(v), digits)))
		return v
	}
	if digits == len(v) && (digits == 9 || digits == 10) && v[0] != '0' {
		r.rep.Warn(r.rec.line, r.rep.Col(FieldPhone), locale.T(
			fmt.Sprintf("Số %s thiếu số 0 ở đầu (Excel bỏ mất khi ô là kiểu số); đã ghi thành “0%s”.", quote(v), v),
			fmt.Sprintf("Number %s lacks its leading 0 (Excel drops it from number cells); recorded as “0%s”.", quote(v), v)))
		return "0" + v
	}
	return v
}

// isCodeByte reports whether c may appear in a code or a login.
func isCodeByte(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_'
}

// firstBad returns the first character of s that ok refuses, or "".
func firstBad(s string, ok func(rune) bool) string {
	for _, c := range s {
		if !ok(c) {
			if c == ' ' {
				return " "
			}
			return string(c)
		}
	}
	return ""
}
