package mailin

import (
	"errors"
	"strings"
	"unicode"

	"github.com/emersion/go-smtp"
	"golang.org/x/text/unicode/norm"

	"attt/internal/errs"
	"attt/internal/locale"
)

// maxReplyLine bounds one reply line's text; RFC 5321 allows 512 octets
// with the code.
const (
	maxReplyLine    = 400
	maxReplyDetails = 5
)

// The replies the listener gives of its own accord.
var (
	msgAccepted = locale.T("Đã nhận báo cáo sự cố.", "Incident report received.")
	msgRetry    = locale.T("Lỗi tạm thời khi ghi nhận báo cáo; máy chủ gửi thư sẽ tự gửi lại sau.",
		"Temporary failure recording the report; the sending server will retry later.")
	msgBusy = locale.T("Máy chủ đang bận, vui lòng thử lại sau.",
		"Too many connections, please try again later.")
	msgNotAllowed = locale.T("Địa chỉ máy khách không được phép gửi thư tới đây.",
		"This client address may not send mail here.")
	msgStopping = locale.T("Máy chủ đang dừng, vui lòng gửi lại sau.",
		"The server is shutting down, please retry later.")
)

// reply builds an SMTP reply whose text is Vietnamese with the diacritics
// folded away, then " / " and the English: SMTP replies must be 7-bit
// ASCII, and the folded Vietnamese stays readable to a Vietnamese reader of
// the bounce while the English serves everyone else.
func reply(code int, enh smtp.EnhancedCode, msg locale.Text, details ...locale.Text) *smtp.SMTPError {
	lines := []string{replyLine(msg)}
	for i, d := range details {
		if i == maxReplyDetails {
			break
		}
		lines = append(lines, replyLine(d))
	}
	return &smtp.SMTPError{Code: code, EnhancedCode: enh, Message: strings.Join(lines, "\n")}
}

func replyLine(t locale.Text) string {
	s := asciiFold(t.VI)
	if t.EN != "" && t.EN != t.VI {
		s += " / " + asciiFold(t.EN)
	}
	if len(s) > maxReplyLine {
		s = s[:maxReplyLine-3] + "..."
	}
	return s
}

// replyFor turns the handler's (or the parser's) error into the SMTP reply.
// A refusal the sender must fix (Invalid, NotFound, Forbidden, TooLarge) is
// permanent, so the reporter gets a bounce saying why; anything else is a
// temporary 451 so the sending server keeps the message and retries.
func replyFor(err error) *smtp.SMTPError {
	var e *errs.Error
	if !errors.As(err, &e) {
		return reply(451, smtp.EnhancedCode{4, 3, 0}, msgRetry)
	}
	switch e.Code {
	case errs.Invalid:
		return reply(554, smtp.EnhancedCode{5, 6, 0}, e.Msg, e.Details...)
	case errs.NotFound:
		return reply(550, smtp.EnhancedCode{5, 1, 0}, e.Msg, e.Details...)
	case errs.Forbidden:
		return reply(550, smtp.EnhancedCode{5, 7, 1}, e.Msg, e.Details...)
	case errs.TooLarge:
		return reply(552, smtp.EnhancedCode{5, 3, 4}, e.Msg, e.Details...)
	}
	return reply(451, smtp.EnhancedCode{4, 3, 0}, msgRetry)
}

// asciiFold writes s in printable ASCII: Vietnamese letters lose their
// diacritics ("Đã nhận" → "Da nhan"), typographic punctuation becomes its
// ASCII look-alike and anything else becomes "?".
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		case r == '…':
			b.WriteString("...")
		case r == '“' || r == '”' || r == '«' || r == '»':
			b.WriteByte('"')
		case r == '‘' || r == '’':
			b.WriteByte('\'')
		case r == '–' || r == '—':
			b.WriteByte('-')
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20 || r >= 0x7f:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
