package api

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"

	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
)

// importAnswer is what an import did: rows created and the file's warnings
// (which never block an import). Problems come back as a 400 error whose
// details name each bad row; nothing is created then.
type importAnswer struct {
	Created  int      `json:"created"`
	Rows     int      `json:"rows"`
	Warnings []string `json:"warnings"`
}

type importer func(ctx context.Context, name string, r io.Reader) (*directory.ImportResult, error)

// importFile reads the multipart field "file" (CSV or XLSX) and hands it to
// the directory's all-or-nothing importer.
func (a *API) importFile(w http.ResponseWriter, r *http.Request, run importer) {
	name, file, err := uploaded(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	defer file.Close()
	res, err := run(r.Context(), name, file)
	if err != nil {
		a.fail(w, r, uploadError(err))
		return
	}
	ans := importAnswer{Created: res.Created, Warnings: []string{}}
	if res.Report != nil {
		ans.Rows = res.Report.Rows
		lang := locale.FromContext(r.Context())
		for _, p := range res.Report.Warnings {
			ans.Warnings = append(ans.Warnings, p.Text().In(lang))
		}
	}
	ok(w, ans)
}

var msgNoFile = locale.T("Hãy gửi tệp CSV hoặc XLSX trong trường “file” của biểu mẫu multipart/form-data.",
	"Send a CSV or XLSX file in the “file” field of a multipart/form-data body.")

// uploaded finds the "file" part. The body is streamed, not buffered to
// disk, unless a middleware has already parsed the form.
func uploaded(r *http.Request) (string, io.ReadCloser, error) {
	if r.MultipartForm != nil {
		fhs := r.MultipartForm.File["file"]
		if len(fhs) == 0 {
			return "", nil, errs.New(errs.Invalid, msgNoFile)
		}
		f, err := fhs[0].Open()
		if err != nil {
			return "", nil, errs.Wrap(errs.Invalid, msgNoFile, err)
		}
		return fhs[0].Filename, f, nil
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return "", nil, errs.New(errs.Invalid, msgNoFile)
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, errs.Wrap(errs.Invalid, msgNoFile, err)
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, errs.New(errs.Invalid, msgNoFile)
		}
		if err != nil {
			return "", nil, uploadError(errs.Wrap(errs.Invalid, msgNoFile, err))
		}
		if part.FormName() == "file" {
			return part.FileName(), part, nil
		}
		part.Close()
	}
}

// uploadError reports a body cut off by the request size limit as
// TooLarge, whatever layer noticed it.
func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errs.New(errs.TooLarge, locale.T("Tệp quá lớn (tối đa 10 MiB).", "The file is too large (at most 10 MiB)."))
	}
	return err
}
