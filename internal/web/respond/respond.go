// Package respond writes JSON answers and the one JSON error shape of the
// API: {"error":{"code","message","details"}}, in the request's language.
package respond

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"attt/internal/errs"
	"attt/internal/locale"
)

// JSON writes v with status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// ErrorBody is the API's error document.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the inside of ErrorBody.
type ErrorDetail struct {
	Code    errs.Code `json:"code"`
	Message string    `json:"message"`
	Details []string  `json:"details,omitempty"`
}

// Body renders err in lang.
func Body(err error, lang locale.Lang) ErrorBody {
	e := errs.As(err)
	b := ErrorBody{Error: ErrorDetail{Code: e.Code, Message: e.Msg.In(lang)}}
	for _, d := range e.Details {
		b.Error.Details = append(b.Error.Details, d.In(lang))
	}
	return b
}

// Error writes err as JSON with its status; internal causes are logged,
// never sent.
func Error(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	e := errs.As(err)
	if e.Code == errs.Internal && log != nil {
		log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	JSON(w, errs.Status(e.Code), Body(e, locale.FromContext(r.Context())))
}
