package web

import (
	"bytes"
	"net/http"

	"attt/internal/directory"
	"attt/internal/directory/importfile"
	"attt/internal/errs"
	"attt/internal/locale"
)

type importData struct {
	Kind importfile.Kind
	// Created and Warnings describe a successful import with warnings.
	Created  int
	Warnings []locale.Text
	Done     bool
}

func importTitle(kind importfile.Kind) (locale.Text, string) {
	switch kind {
	case importfile.KindPeople:
		return locale.T("Nhập danh sách người dùng", "Import people"), "people"
	case importfile.KindMonitors:
		return locale.T("Nhập danh sách trang cần giám sát", "Import sites to monitor"), "monitors"
	case importfile.KindAssets:
		return locale.T("Nhập danh mục tài sản", "Import assets"), "assets"
	}
	return locale.T("Nhập danh sách đơn vị", "Import organisations"), "orgs"
}

// importPage shows the upload form of kind with its template downloads.
func (s *Server) importPage(kind importfile.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		title, nav := importTitle(kind)
		p := s.page(r, title, nav)
		p.Data = importData{Kind: kind}
		s.render(w, http.StatusOK, "import", p)
	}
}

// importSubmit imports an uploaded CSV or XLSX file: all rows or none; on
// failure the page lists every bad row from the error's details.
func (s *Server) importSubmit(kind importfile.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		title, nav := importTitle(kind)
		p := s.page(r, title, nav)
		d := importData{Kind: kind}
		p.Data = d
		file, hdr, err := r.FormFile("file")
		if err != nil {
			s.renderFailed(w, r, "import", p, errs.Wrap(errs.Invalid,
				locale.T("Hãy chọn một tệp CSV hoặc XLSX để tải lên.", "Choose a CSV or XLSX file to upload."), err))
			return
		}
		defer file.Close()
		var res *directory.ImportResult
		switch kind {
		case importfile.KindPeople:
			res, err = s.Dir.ImportPeople(r.Context(), hdr.Filename, file)
		case importfile.KindMonitors:
			res, err = s.Monitors.ImportMonitors(r.Context(), hdr.Filename, file)
		case importfile.KindAssets:
			res, err = s.Assets.Import(r.Context(), hdr.Filename, file)
		default:
			res, err = s.Dir.ImportOrgs(r.Context(), hdr.Filename, file)
		}
		if err != nil {
			s.renderFailed(w, r, "import", p, err)
			return
		}
		if res.Report == nil || len(res.Report.Warnings) == 0 {
			redirectFlash(w, r, "/"+nav, "imported")
			return
		}
		d.Done, d.Created = true, res.Created
		for _, warn := range res.Report.Warnings {
			d.Warnings = append(d.Warnings, warn.Text())
		}
		p.Data = d
		s.render(w, http.StatusOK, "import", p)
	}
}

// importTemplate downloads a sample import file: /import/templates/{kind}/{format}.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) {
	kind, format := importfile.Kind(r.PathValue("kind")), importfile.Format(r.PathValue("format"))
	var buf bytes.Buffer
	if err := importfile.Template(&buf, kind, format); err != nil {
		s.fail(w, r, err)
		return
	}
	name := "mau-nhap-don-vi." + string(format)
	switch kind {
	case importfile.KindPeople:
		name = "mau-nhap-nguoi-dung." + string(format)
	case importfile.KindMonitors:
		name = "mau-nhap-trang-giam-sat." + string(format)
	case importfile.KindAssets:
		name = "mau-nhap-tai-san." + string(format)
	}
	ctype := "text/csv; charset=utf-8"
	if format == importfile.FormatXLSX {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}
