package web

import (
	"net/http"
	"strings"

	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/principal"
)

// secretFields are never echoed back into a form after an error.
var secretFields = map[string]bool{csrfField: true, "password": true, "password2": true, "current": true}

// formEcho returns what the person submitted, for Page.Form, so a failed
// form shows everything typed again; several values of one field (check
// boxes) are joined with commas, which the template func "in" reads.
func formEcho(r *http.Request) map[string]string {
	out := map[string]string{}
	for k, v := range r.PostForm {
		if !secretFields[k] {
			out[k] = strings.Join(v, ",")
		}
	}
	return out
}

// renderFailed renders page name again after err, with the error on top and
// the submitted values in the form. Internal errors are logged as s.fail
// does.
func (s *Server) renderFailed(w http.ResponseWriter, r *http.Request, name string, p *Page, err error) {
	p.Error = errs.As(err)
	if p.Error.Code == errs.Internal {
		s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if p.Form == nil {
		p.Form = formEcho(r)
	}
	s.render(w, errs.Status(p.Error.Code), name, p)
}

// httpStatus is the HTTP status of a page that may carry an error.
func httpStatus(err error) int {
	if err == nil {
		return http.StatusOK
	}
	return errs.Status(errs.CodeOf(err))
}

// orgChoices lists the organisations the person may read, in tree order,
// for the organisation selects of forms.
func (s *Server) orgChoices(r *http.Request) ([]directory.Org, error) {
	return s.Dir.ListOrgs(r.Context(), directory.OrgFilter{})
}

// grantableRoles are the roles a form offers; staff comes with every
// account.
func grantableRoles() []principal.Role {
	var out []principal.Role
	for _, role := range principal.Roles() {
		if role != principal.Staff {
			out = append(out, role)
		}
	}
	return out
}

// rolesOf reads the checked roles of a form.
func rolesOf(r *http.Request) []principal.Role {
	var out []principal.Role
	for _, v := range r.PostForm["roles"] {
		out = append(out, principal.Role(v))
	}
	return out
}

// back returns the form's return address when it is on this site, else def.
func back(r *http.Request, def string) string {
	if b := r.FormValue("back"); b != "" {
		return safeNext(b)
	}
	return def
}
