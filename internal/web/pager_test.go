package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"attt/internal/directory"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// TestPeopleListPages: the people list shows 100 at a time with links that
// keep the filters.
func TestPeopleListPages(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	in.Org(t, "SO-YT", "Sở Y tế", directory.TypeDepartment, "")
	in.Person(t, "quantri", "Trần Quản Trị", "", adminPassword, principal.Admin)
	ctx := in.System()
	org, err := in.Main.Dir.GetOrgByCode(ctx, "SO-YT")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 130; i++ {
		if _, err := in.Main.Dir.CreatePerson(ctx, directory.PersonInput{Login: fmt.Sprintf("yt%03d", i), FullName: fmt.Sprintf("Cán bộ Y tế %03d", i), OrgID: org.ID}); err != nil {
			t.Fatal(err)
		}
	}
	c := newWebClient(t, in.URL)
	c.get("/login")
	st, _ := c.post("/login", url.Values{"login": {"quantri"}, "password": {adminPassword}})
	c.expect("login", st, 200)
	st, body := c.get("/people?org=" + org.ID)
	c.expect("first page", st, 200, "1–100 / 130", "Cán bộ Y tế 000", `rel="next"`)
	if strings.Contains(body, "Cán bộ Y tế 100") || strings.Contains(body, `rel="prev"`) {
		t.Error("the first page shows only the first 100")
	}
	st, body = c.get("/people?org=" + org.ID + "&offset=100")
	c.expect("second page", st, 200, "101–130 / 130", "Cán bộ Y tế 129", `rel="prev"`)
	if strings.Contains(body, `rel="next"`) || !strings.Contains(body, "org="+org.ID) {
		t.Error("the last page has no next link and keeps the filter in its links")
	}
}
