package guard

import (
	"errors"
	"net/http"
	"time"

	"attt/internal/errs"
	"attt/internal/locale"
)

// BodyLimit caps every request body under next at max bytes: reading past
// max fails with *http.MaxBytesError, which the handler renders (BodyError
// maps it to TooLarge) as HTML or JSON, and the server then closes the
// connection rather than read the rest.
func BodyLimit(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

// TooLargeError returns the TooLarge error for a body over max bytes.
func TooLargeError(max int64) *errs.Error {
	return errs.New(errs.TooLarge, locale.Tf(
		"Dữ liệu gửi lên quá lớn (tối đa %d KB).",
		"The data sent is too large (at most %d KB).", (max+1023)/1024))
}

// BodyError turns a body-reading error into a user-facing one: TooLarge for
// *http.MaxBytesError, err unchanged otherwise.
func BodyError(err error) error {
	if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
		e := TooLargeError(mbe.Limit)
		e.Err = err
		return e
	}
	return err
}

// ServerTimeouts bounds how long and how much a client may take, the
// protection against slow (slowloris) and oversized requests.
type ServerTimeouts struct {
	// ReadHeaderTimeout cuts off a client still sending headers; it is what
	// stops a slowloris client trickling a header byte at a time.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading the whole request, body included.
	ReadTimeout time.Duration
	// WriteTimeout bounds writing the response. Long downloads and event
	// streams need their own per-request deadline via http.ResponseController.
	WriteTimeout time.Duration
	// IdleTimeout closes keep-alive connections left unused.
	IdleTimeout time.Duration
	// MaxHeaderBytes bounds the request line and headers.
	MaxHeaderBytes int
}

// DefaultServerTimeouts returns the shipped limits: 5 s for headers, 30 s to
// read a request, 60 s to write a response, 120 s idle, 32 KiB of headers.
func DefaultServerTimeouts() ServerTimeouts {
	return ServerTimeouts{
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
	}
}

// Apply sets srv's timeouts and header limit to t, overwriting what srv had.
func (t ServerTimeouts) Apply(srv *http.Server) {
	srv.ReadHeaderTimeout = t.ReadHeaderTimeout
	srv.ReadTimeout = t.ReadTimeout
	srv.WriteTimeout = t.WriteTimeout
	srv.IdleTimeout = t.IdleTimeout
	srv.MaxHeaderBytes = t.MaxHeaderBytes
}
