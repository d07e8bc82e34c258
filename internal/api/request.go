package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"attt/internal/directory/importfile"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/web/respond"
)

// maxUpload bounds an import request: the importer's own file limit plus
// room for the multipart envelope.
const maxUpload = importfile.MaxBytes + 64<<10

// items is the shape of every list answer, so a list can grow paging
// fields without breaking clients.
type items[T any] struct {
	Items []T `json:"items"`
}

// list answers a list, [] rather than null when it is empty.
func list[T any](w http.ResponseWriter, v []T) {
	if v == nil {
		v = []T{}
	}
	ok(w, items[T]{Items: v})
}

func created(w http.ResponseWriter, v any) { respond.JSON(w, http.StatusCreated, v) }

// done is the answer of actions that have no resource to return.
func done(w http.ResponseWriter) { ok(w, map[string]bool{"ok": true}) }

// decodeOptional is decode for actions whose body may be absent: no body
// (or an empty one) leaves v as it is; anything present is read strictly.
func decodeOptional(r *http.Request, v any) error {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		return nil
	}
	var first [1]byte
	n, err := io.ReadFull(r.Body, first[:])
	if n == 0 {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil
		}
		return decodeError(err)
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(first[:n]), r.Body), r.Body}
	return decode(r, v)
}

func decodeError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errs.New(errs.TooLarge, locale.T("Nội dung yêu cầu quá lớn.", "The request body is too large."))
	}
	e := errs.Wrap(errs.Invalid, locale.T("Nội dung JSON không hợp lệ.", "The JSON body is not valid."), err)
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.TrimPrefix(err.Error(), "json: unknown field ")
		e.Details = []locale.Text{locale.Tf("Trường không được chấp nhận: %s.", "Unknown field: %s.", field)}
	case errors.As(err, &typeErr) && typeErr.Field != "":
		e.Details = []locale.Text{locale.Tf("Trường “%s” sai kiểu dữ liệu (cần %s).", "The field “%s” has the wrong type (expected %s).", typeErr.Field, typeErr.Type.Kind().String())}
	case errors.As(err, &syntaxErr):
		e.Details = []locale.Text{locale.Tf("Lỗi cú pháp tại byte %d.", "Syntax error at byte %d.", syntaxErr.Offset)}
	case errors.Is(err, io.EOF):
		e.Details = []locale.Text{locale.T("Thiếu nội dung JSON.", "The JSON body is missing.")}
	}
	return e
}

// boolParam reads an optional true/false query parameter.
func boolParam(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, paramErr(name, locale.T("cần true hoặc false", "expected true or false"))
	}
	return b, nil
}

// intParam reads an optional integer query parameter within [lo, hi].
func intParam(r *http.Request, name string, lo, hi int64) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, paramErr(name, locale.Tf("cần một số nguyên từ %d đến %d", "expected an integer from %d to %d", lo, hi))
	}
	return n, nil
}

// paramErr says which query parameter is wrong and what it should be.
func paramErr(name string, want locale.Text) error {
	return errs.New(errs.Invalid, locale.Text{
		VI: fmt.Sprintf("Tham số “%s” không hợp lệ: %s.", name, want.VI),
		EN: fmt.Sprintf("The parameter “%s” is not valid: %s.", name, want.EN),
	})
}

// required refuses a missing id or value in a body, naming the field.
func required(field, value string) error {
	if strings.TrimSpace(value) != "" {
		return nil
	}
	return errs.New(errs.Invalid, locale.Tf("Thiếu trường bắt buộc “%s”.", "The field “%s” is required.", field))
}

// decodeRequired decodes v strictly and then insists that *field is set.
func decodeRequired(r *http.Request, v any, name string, field *string) error {
	if err := decode(r, v); err != nil {
		return err
	}
	return required(name, *field)
}

// pageParams reads the optional limit (1–5000) and offset (≥ 0) of a list.
func pageParams(r *http.Request) (limit, offset int, err error) {
	l, err := intParam(r, "limit", 1, 5000)
	if err != nil {
		return 0, 0, err
	}
	o, err := intParam(r, "offset", 0, 1<<31-1)
	return int(l), int(o), err
}
