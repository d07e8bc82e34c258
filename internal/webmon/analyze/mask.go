package analyze

import (
	"regexp"
	"strings"
)

// The placeholders dynamic parts are replaced with. None contains a digit,
// so masking twice changes nothing.
const (
	maskDate  = "{date}"
	maskTime  = "{time}"
	maskNum   = "{n}"
	maskToken = "{token}"
	maskRule  = "{ignored}"
)

// weekday is a Vietnamese or English day name written before a date.
const weekday = `(?:\b(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|t[2-7]|cn|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)\s*[,\-–|]?\s*)?`

// month is an English month name.
const month = `(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`

// masks are applied in order to every line holding a digit; the compiled
// regexps are read-only.
var masks = []struct {
	re   *regexp.Regexp
	repl string
}{
	// "Thứ Hai, ngày 24 tháng 11 năm 2026", "ngày 24 tháng 11"
	{regexp.MustCompile(`(?i)` + weekday + `ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{2,4})?`), maskDate},
	// "tháng 11 năm 2026", "tháng 11/2026"
	{regexp.MustCompile(`(?i)tháng\s+\d{1,2}(?:\s+năm\s+|\s*/\s*)\d{4}`), maskDate},
	// "Thứ Hai, 24/11/2026", "24-11-26", "24.11.2026"
	{regexp.MustCompile(`(?i)` + weekday + `(?:ngày\s+)?\b\d{1,2}\s*[/\-.]\s*\d{1,2}\s*[/\-.]\s*\d{2,4}\b`), maskDate},
	// "2026-11-24", "2026/11/24 10:32:05", ISO 8601
	{regexp.MustCompile(`\b\d{4}[/\-.]\d{1,2}[/\-.]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+\-]\d{2}:?\d{2})?)?\b`), maskDate},
	// "Monday, November 24, 2026", "24 Nov 2026"
	{regexp.MustCompile(`(?i)` + weekday + `\b` + month + `\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b`), maskDate},
	{regexp.MustCompile(`(?i)` + weekday + `\b\d{1,2}\s+` + month + `,?\s+\d{4}\b`), maskDate},
	// "10:32", "10:32:05 AM", "10h32", "10 giờ 32 phút"
	{regexp.MustCompile(`(?i)\b\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?(?:\s*(?:am|pm|sa|ch)\b)?(?:\s*(?:gmt|utc)\s*[+\-]\s*\d{1,2})?`), maskTime},
	{regexp.MustCompile(`(?i)\b\d{1,2}\s*[hg]\s*\d{2}\b'?`), maskTime},
	{regexp.MustCompile(`(?i)\b\d{1,2}\s+giờ\s+\d{1,2}(?:\s+phút)?`), maskTime},
	// labelled counters: "Lượt truy cập: 123456", "Đang online: 37"
	{regexp.MustCompile(`(?i)((?:lượt\s+truy\s+cập|truy\s+cập|lượt\s+xem|đang\s+(?:online|truy\s+cập|trực\s+tuyến|xem)|trực\s+tuyến|online|hôm\s+nay|hôm\s+qua|tuần\s+(?:này|trước)|tháng\s+(?:này|trước)|năm\s+(?:nay|trước)|tổng(?:\s+(?:số|cộng|lượt))*|tất\s+cả|khách|thành\s+viên|visitors?|views?|hits?|total|today|yesterday)\s*[:：=\-]?\s*)\d[\d.,]*`), "${1}" + maskNum},
	// "1.234.567", "12,345"
	{regexp.MustCompile(`\b\d{1,3}(?:[.,]\d{3})+\b`), maskNum},
	// any other run of four or more digits
	{regexp.MustCompile(`\d{4,}`), maskNum},
}

// tokenRe finds candidate tokens: CSRF values, nonces, cache-busters.
var tokenRe = regexp.MustCompile(`[A-Za-z0-9+/_\-]{16,}={0,2}`)

// maskTokens replaces long hex or base64-like runs that mix letters and
// digits; plain long words are left alone.
func maskTokens(s string) string {
	return tokenRe.ReplaceAllStringFunc(s, func(m string) string {
		letters, digits, hex := 0, 0, true
		for i := 0; i < len(m); i++ {
			c := m[i]
			switch {
			case '0' <= c && c <= '9':
				digits++
			case 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
				letters++
			case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
				letters++
				hex = false
			default:
				hex = false
			}
		}
		if digits == 0 || letters == 0 || (!hex && len(m) < 20) {
			return m
		}
		return maskToken
	})
}

// maskLine masks the dynamic parts of one line of text: tokens, dates,
// times, counters and long numbers. Lines without a digit pass unchanged.
func maskLine(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	s = maskTokens(s)
	for _, m := range masks {
		if !strings.ContainsAny(s, "0123456789") {
			break
		}
		s = m.re.ReplaceAllString(s, m.repl)
	}
	return s
}

// maskText masks every line of text, after the monitor's own patterns.
func maskText(text string, ignore []*regexp.Regexp) string {
	for _, re := range ignore {
		text = re.ReplaceAllString(text, maskRule)
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = maskLine(l)
	}
	return strings.Join(lines, "\n")
}
