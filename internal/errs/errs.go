// Package errs is attt's one error type: a machine code, a user-safe message
// in Vietnamese and English, and the wrapped cause for the logs. The web and
// API layers turn it into a status and an HTML page or JSON body.
package errs

import (
	"errors"
	"net/http"

	"attt/internal/locale"
)

// Code classifies an error for callers and for the HTTP status.
type Code string

// The error codes attt uses.
const (
	Invalid         Code = "invalid"
	NotFound        Code = "not_found"
	Forbidden       Code = "forbidden"
	Unauthenticated Code = "unauthenticated"
	// TOTPRequired: the password was right; send the two-factor code too.
	TOTPRequired Code = "totp_required"
	Conflict     Code = "conflict"
	RateLimited  Code = "rate_limited"
	TooLarge     Code = "too_large"
	Unavailable  Code = "unavailable"
	Internal     Code = "internal"
)

// Error is an error with a code and a message fit to show a user.
type Error struct {
	Code Code
	Msg  locale.Text
	// Details are extra user-facing lines, e.g. each failed password rule or
	// each bad row of an import.
	Details []locale.Text
	// Err is the cause, for logs only; never shown to users.
	Err error
}

// Error returns the Vietnamese message and the cause.
func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Msg.VI
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an Error with code and msg.
func New(code Code, msg locale.Text, details ...locale.Text) *Error {
	return &Error{Code: code, Msg: msg, Details: details}
}

// Wrap returns an Error with code and msg around cause.
func Wrap(code Code, msg locale.Text, cause error) *Error {
	return &Error{Code: code, Msg: msg, Err: cause}
}

// As returns the *Error in err's chain, or an Internal error wrapping err.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Msg: locale.T("Lỗi hệ thống, vui lòng thử lại sau.", "Internal error, please try again later."), Err: err}
}

// CodeOf returns err's code, "" for nil and Internal for plain errors.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	return As(err).Code
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// Status maps a code to its HTTP status.
func Status(code Code) int {
	switch code {
	case Invalid:
		return http.StatusBadRequest
	case NotFound:
		return http.StatusNotFound
	case Forbidden:
		return http.StatusForbidden
	case Unauthenticated, TOTPRequired:
		return http.StatusUnauthorized
	case Conflict:
		return http.StatusConflict
	case RateLimited:
		return http.StatusTooManyRequests
	case TooLarge:
		return http.StatusRequestEntityTooLarge
	case Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Common messages.
var (
	MsgForbidden = locale.T("Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this.")
	MsgNotFound  = locale.T("Không tìm thấy.", "Not found.")
)
