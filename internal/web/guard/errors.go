package guard

import (
	"fmt"
	"math"
	"net/http"
	"time"

	"attt/internal/errs"
	"attt/internal/locale"
)

// RateLimitedError returns the RateLimited error shown to a client refused by
// a Limiter; wait, how long until it may retry, goes to the logs only.
func RateLimitedError(wait time.Duration) *errs.Error {
	return errs.Wrap(errs.RateLimited,
		locale.T("Bạn gửi quá nhiều yêu cầu, vui lòng thử lại sau ít phút.",
			"Too many requests, please try again in a few minutes."),
		fmt.Errorf("guard: rate limited, retry in %s", wait))
}

// LoginBlockedError returns the RateLimited error shown to an address blocked
// by LoginThrottle. It names the address, never the account, so it does not
// tell whether an account exists.
func LoginBlockedError(wait time.Duration) *errs.Error {
	mins := max(int(math.Ceil(wait.Minutes())), 1)
	return errs.Wrap(errs.RateLimited,
		locale.Tf("Có quá nhiều lần đăng nhập sai từ địa chỉ của bạn, vui lòng thử lại sau %d phút.",
			"Too many failed logins from your address, please try again in %d minutes.", mins),
		fmt.Errorf("guard: address blocked for %s", wait))
}

// BusyError returns the Unavailable error of a WorkQueue that turned work
// away; cause says why, for the logs.
func BusyError(cause error) *errs.Error {
	return errs.Wrap(errs.Unavailable,
		locale.T("Hệ thống đang bận, vui lòng thử lại sau giây lát.",
			"The system is busy, please try again in a moment."),
		cause)
}

// RetryAfter formats wait as a Retry-After header value: whole seconds,
// rounded up, at least 1.
func RetryAfter(wait time.Duration) string {
	secs := max(int64(math.Ceil(wait.Seconds())), 1)
	return fmt.Sprint(secs)
}

// PlainError writes err as a plain-text response in the request's language
// with the status of its code. It is the fallback when a caller passes no
// OnLimit.
func PlainError(w http.ResponseWriter, r *http.Request, err error) {
	e := errs.As(err)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(errs.Status(e.Code))
	fmt.Fprintln(w, e.Msg.In(locale.FromContext(r.Context())))
}
