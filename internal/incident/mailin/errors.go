package mailin

import (
	"fmt"

	"attt/internal/errs"
	"attt/internal/locale"
)

// The parser's user-facing refusals. Each says what is wrong with the
// message so the reporter can fix it and send again.
var (
	msgEmpty = locale.T("Thư rỗng, không có nội dung.",
		"The message is empty.")
	msgHeader = locale.T("Không đọc được phần đầu thư (header): thư không đúng định dạng RFC 5322.",
		"The message header cannot be read: the message is not in RFC 5322 format.")
	msgNoFrom = locale.T("Thư không có người gửi (dòng From).",
		"The message has no sender (From line).")
	msgTooDeep = locale.Tf("Thư lồng quá %d tầng multipart.",
		"The message nests multipart more than %d levels deep.", maxDepth)
	msgLongLine = locale.Tf("Thư có dòng dài quá %d ký tự (RFC 5322 giới hạn 998).",
		"The message has a line longer than %d characters (RFC 5322 allows 998).", maxLineLength)
	msgTooManyParts = locale.Tf("Thư có quá %d phần MIME.",
		"The message has more than %d MIME parts.", maxParts)
)

func errTooLarge(limit int64) error {
	return errs.New(errs.TooLarge, locale.Tf("Thư vượt quá giới hạn %s.",
		"The message exceeds the %s limit.", sizeText(limit)))
}

func errBadFrom(from string) error {
	return errs.New(errs.Invalid, locale.Tf("Không đọc được địa chỉ người gửi %q.",
		"The sender address %q cannot be read.", clip(from, 120)))
}

func errNoBoundary(ctype string) error {
	return errs.New(errs.Invalid, locale.Tf("Phần %s thiếu tham số boundary.",
		"The %s part has no boundary parameter.", ctype))
}

func errBadMultipart(ctype string, cause error) error {
	return errs.Wrap(errs.Invalid, locale.Tf("Cấu trúc %s của thư bị hỏng.",
		"The message's %s structure is broken.", ctype), cause)
}

func errBadBase64(what string, cause error) error {
	return errs.Wrap(errs.Invalid, locale.Tf("Phần %q của thư có mã base64 không hợp lệ.",
		"The message part %q has invalid base64 encoding.", clip(what, 120)), cause)
}

// sizeText writes a byte count the way people read it: "20 MB", "512 KB".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d byte", n)
}

// clip shortens s to at most n runes for quoting in a message.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
