package guard

import (
	"net/http"
	"time"
)

// OnLimit renders a refusal. err is an *errs.Error (code RateLimited from
// Middleware); OnLimit must write the status errs.Status gives for its code,
// as HTML or JSON as the endpoint expects. Headers such as Retry-After are
// already set.
type OnLimit func(w http.ResponseWriter, r *http.Request, err error)

// Middleware limits next per client with lim, keyed by Key(ip.Of(r)). A
// refused request gets a Retry-After header and is rendered by onLimit
// (PlainError when nil) without reaching next. A nil lim limits nothing.
func Middleware(lim *Limiter, ip *ClientIP, onLimit OnLimit, next http.Handler) http.Handler {
	if lim == nil {
		return next
	}
	if onLimit == nil {
		onLimit = PlainError
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := lim.Take(Key(ip.Of(r)), time.Now())
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Retry-After", RetryAfter(wait))
		onLimit(w, r, RateLimitedError(wait))
	})
}
