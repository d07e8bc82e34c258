package web

import (
	"net/http"
	"strings"

	"attt/internal/auth"
	"attt/internal/directory"
	"attt/internal/locale"
)

type offboardData struct {
	Person *directory.Person
	Items  []auth.OffboardingItem
}

// personOffboardPage is the guided offboarding form (nghỉ việc / chuyển
// công tác, Đ7.4): it says what will happen before the officer confirms.
func (s *Server) personOffboardPage(w http.ResponseWriter, r *http.Request) {
	s.renderOffboard(w, r, map[string]string{"reason": "leave"}, nil)
}

func (s *Server) renderOffboard(w http.ResponseWriter, r *http.Request, form map[string]string, err error) {
	person, gerr := s.Dir.GetPerson(r.Context(), r.PathValue("id"))
	if gerr != nil {
		s.fail(w, r, gerr)
		return
	}
	p := s.page(r, locale.T("Cho nghỉ việc / chuyển công tác", "Offboard"), "people")
	p.Data, p.Form = offboardData{Person: person, Items: auth.DefaultOffboardingItems()}, form
	if err != nil {
		s.renderFailed(w, r, "person_offboard", p, err)
		return
	}
	s.render(w, http.StatusOK, "person_offboard", p)
}

// personOffboard locks the account, ends its sessions and tokens and opens
// the recovery checklist, in one action.
func (s *Server) personOffboard(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var extra []string
	for _, line := range strings.Split(r.FormValue("extra"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			extra = append(extra, line)
		}
	}
	in := auth.OffboardInput{Reason: r.FormValue("reason"), Note: r.FormValue("note"), Extra: extra}
	if _, err := s.Auth.Offboard(r.Context(), id, in); err != nil {
		s.renderOffboard(w, r, formEcho(r), err)
		return
	}
	redirectFlash(w, r, "/people/"+id, "offboarded")
}
