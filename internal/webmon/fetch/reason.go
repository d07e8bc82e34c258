package fetch

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
)

// The reason codes of a failed fetch, in analyze.Page.Err. They are stable
// (stored with check results); ReasonText gives the Vietnamese wording.
const (
	ReasonDNS       = "dns"                // the host name does not resolve
	ReasonConnect   = "connect"            // refused, reset or unreachable
	ReasonTLS       = "tls"                // the TLS handshake failed
	ReasonTimeout   = "timeout"            // no complete answer in time
	ReasonRedirects = "too_many_redirects" // more than MaxRedirects
	ReasonBody      = "body"               // the body broke off
	ReasonURL       = "url"                // not an http(s) URL
	ReasonBlocked   = "blocked"            // CheckIP refused the address
	ReasonCanceled  = "canceled"           // the check itself was stopped
)

var reasonTexts = map[string]string{
	ReasonDNS:       "Không phân giải được tên miền (DNS)",
	ReasonConnect:   "Không kết nối được tới máy chủ",
	ReasonTLS:       "Lỗi bắt tay TLS/HTTPS",
	ReasonTimeout:   "Máy chủ không phản hồi kịp thời (quá thời gian chờ)",
	ReasonRedirects: "Chuyển hướng quá nhiều lần",
	ReasonBody:      "Nội dung trang bị ngắt giữa chừng",
	ReasonURL:       "Địa chỉ trang không hợp lệ",
	ReasonBlocked:   "Địa chỉ đích không được phép kiểm tra",
	ReasonCanceled:  "Lượt kiểm tra đã bị dừng",
}

// ReasonText returns the Vietnamese description of a reason code, or the
// code itself when it is unknown.
func ReasonText(code string) string {
	if t, ok := reasonTexts[code]; ok {
		return t
	}
	return code
}

// reason classifies the error of a request. Order matters: a TLS
// handshake timeout is a TLS problem, a DNS timeout a DNS problem.
func reason(err error) string {
	var dnsErr *net.DNSError
	var recErr tls.RecordHeaderError
	var alert tls.AlertError
	var netErr net.Error
	msg := err.Error()
	switch {
	case errors.Is(err, errTooManyRedirects):
		return ReasonRedirects
	case errors.Is(err, ErrBlocked):
		return ReasonBlocked
	case errors.As(err, &dnsErr):
		return ReasonDNS
	case errors.As(err, &recErr), errors.As(err, &alert),
		strings.Contains(msg, "tls: "), strings.Contains(msg, "TLS handshake"),
		strings.Contains(msg, "HTTP response to HTTPS client"):
		return ReasonTLS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return ReasonTimeout
	case errors.Is(err, context.Canceled):
		return ReasonCanceled
	}
	return ReasonConnect
}

// bodyReason classifies an error while reading the body: running out of
// time is a timeout, anything else a broken body.
func bodyReason(err error) string {
	if r := reason(err); r == ReasonTimeout || r == ReasonCanceled {
		return r
	}
	return ReasonBody
}
