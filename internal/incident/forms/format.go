package forms

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"attt/internal/docgen"
	"attt/internal/locale"
)

// Placeholders printed instead of an empty field.
const (
	// none stands for an optional field with nothing in it.
	none = "(không có)"
	// unknown stands for a fact not yet established.
	unknown = "Chưa xác định"
)

// orNone returns s trimmed, or the "(không có)" placeholder.
func orNone(s string) string { return or(s, none) }

// orUnknown returns s trimmed, or the "Chưa xác định" placeholder.
func orUnknown(s string) string { return or(s, unknown) }

// or returns s trimmed, or def when s is blank.
func or(s, def string) string {
	if s = strings.TrimSpace(s); s == "" {
		return def
	}
	return s
}

// clean returns items trimmed, without blank ones and without repeats
// (the superior agency may also be the authority).
func clean(items []string) []string {
	var out []string
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" && !slices.Contains(out, it) {
			out = append(out, it)
		}
	}
	return out
}

// joinOrNone joins the non-blank items with ", ", or gives "(không có)".
func joinOrNone(items []string) string { return orNone(strings.Join(clean(items), ", ")) }

// listOrNone returns a dash list of the non-blank items, or one "(không có)".
func listOrNone(items []string) docgen.Block {
	if it := clean(items); len(it) > 0 {
		return docgen.List(it...)
	}
	return docgen.List(none)
}

// textBlock returns s as a paragraph, or the placeholder def.
func textBlock(s, def string) docgen.Block { return docgen.Paragraph(or(s, def)) }

// dateTime formats t as dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh, or
// "Chưa xác định" for the zero time.
func dateTime(t time.Time) string {
	if t.IsZero() {
		return unknown
	}
	return t.In(locale.Zone).Format("02/01/2006 15:04")
}

// date formats t as dd/mm/yyyy in Asia/Ho_Chi_Minh, or "Chưa xác định".
func date(t time.Time) string {
	if t.IsZero() {
		return unknown
	}
	return locale.Date(t)
}

// levelText prints a security level (cấp độ 1–5); 0 is not classified.
func levelText(n int) string {
	if n <= 0 || n > 5 {
		return unknown
	}
	return fmt.Sprintf("Cấp độ %d", n)
}

// yesNo prints a boolean as the form's Có/Không.
func yesNo(b bool) string {
	if b {
		return "Có"
	}
	return "Không"
}

// thousands prints n with "." between groups of three digits, as Vietnamese
// writes amounts (1.250.000).
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// field is a shorthand for a docgen form line.
func field(label, value string) docgen.Field { return docgen.Field{Label: label, Value: value} }

// itoa prints an int.
func itoa(n int) string { return strconv.Itoa(n) }
