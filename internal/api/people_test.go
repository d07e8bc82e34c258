package api_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"attt/internal/auth"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

type link struct {
	URL       string    `json:"url"`
	Purpose   string    `json:"purpose"`
	ExpiresAt time.Time `json:"expires_at"`
}

type accountState struct {
	HasPassword bool      `json:"has_password"`
	TOTPEnabled bool      `json:"totp_enabled"`
	LockedUntil time.Time `json:"locked_until"`
	FailedCount int       `json:"failed_count"`
}

type grant struct {
	ID    string `json:"id"`
	OrgID string `json:"org_id"`
	Role  string `json:"role"`
}

func TestPeopleLifecycle(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		khcn := in.Org(t, "SO-KHCN", "Sở Khoa học và Công nghệ", "department", "")
		tc := in.Org(t, "SO-TC", "Sở Tài chính", "department", "")
		in.Person(t, "le.chuyentrach", "Lê Văn Chuyên", "SO-KHCN", pw, principal.Officer)
		in.Person(t, "quan.tri", "Quản Trị Viên", "", pw, principal.Admin)
		officer := signIn(t, in, "le.chuyentrach", pw)
		admin := signIn(t, in, "quan.tri", pw)

		// Create: pending, with a one-time activation link (no default password).
		var np struct {
			Person person `json:"person"`
			Link   link   `json:"link"`
		}
		officer.must(201, "POST", "/api/v1/people", map[string]any{"login": "nguyen.vana", "full_name": "Nguyễn Văn A", "org_id": khcn.ID, "email": "a@khcn.hungyen.gov.vn"}, &np)
		if np.Person.Status != "pending" || !strings.HasPrefix(np.Link.URL, "/link/") || np.Link.Purpose != "activate" ||
			np.Link.ExpiresAt.Location() != time.UTC || time.Until(np.Link.ExpiresAt) < time.Hour {
			t.Fatalf("create: %+v", np)
		}
		if r := officer.do("POST", "/api/v1/people", map[string]any{"login": "nguyen.vana", "full_name": "Trùng", "org_id": khcn.ID}); r.Status != 409 {
			t.Errorf("duplicate login: %s", r)
		}
		if r := officer.do("POST", "/api/v1/people", map[string]any{"login": "ai.do", "full_name": "Ai Đó", "org_id": tc.ID}); r.Status != 403 {
			t.Errorf("person in another agency: %s", r)
		}
		if r := officer.do("POST", "/api/v1/people", map[string]any{"login": "x.y", "full_name": "X Y", "org_id": khcn.ID, "roles": []string{"admin"}}); r.Status != 403 {
			t.Errorf("officer grants admin: %s", r)
		}
		id := np.Person.ID
		if r := signInReply(t, in, "nguyen.vana", pw); r.Status != 401 {
			t.Errorf("pending account signs in: %s", r)
		}
		// The owner uses the link (the page is web; the service is the same).
		token := strings.TrimPrefix(np.Link.URL, "/link/")
		if _, err := in.Main.Auth.UseLink(context.Background(), token, auth.SetupInput{Password: pw}); err != nil {
			t.Fatalf("use link: %v", err)
		}
		if _, err := in.Main.Auth.UseLink(context.Background(), token, auth.SetupInput{Password: pw}); err == nil {
			t.Error("link used twice")
		}
		a := signIn(t, in, "nguyen.vana", pw)

		// Read, filter, edit.
		var p person
		officer.must(200, "GET", "/api/v1/people/"+id, nil, &p)
		if p.Status != "active" || p.OrgID != khcn.ID {
			t.Errorf("after activation: %+v", p)
		}
		var people list[person]
		officer.must(200, "GET", "/api/v1/people?org="+khcn.ID+"&status=active&q="+url.QueryEscape("văn a"), nil, &people)
		if len(people.Items) != 1 || people.Items[0].ID != id {
			t.Errorf("filter: %+v", people.Items)
		}
		if r := officer.do("GET", "/api/v1/people?status=retired", nil); r.Status != 400 {
			t.Errorf("unknown status: %s", r)
		}
		officer.must(200, "PATCH", "/api/v1/people/"+id, map[string]string{"title": "Chuyên viên"}, &p)
		if p.Title != "Chuyên viên" || p.FullName != "Nguyễn Văn A" {
			t.Errorf("patch: %+v", p)
		}
		if r := officer.do("PATCH", "/api/v1/people/"+id, map[string]string{"login": "doi.ten"}); r.Status != 400 {
			t.Errorf("patch login: %s", r)
		}
		var l link
		officer.must(200, "POST", "/api/v1/people/"+id+"/link", nil, &l)
		if l.Purpose != "reset" {
			t.Errorf("link for an active account: %+v", l)
		}
		var st accountState
		officer.must(200, "GET", "/api/v1/people/"+id+"/account", nil, &st)
		if !st.HasPassword || st.TOTPEnabled || !st.LockedUntil.IsZero() {
			t.Errorf("account: %+v", st)
		}

		// Suspend ends access at once; reactivate.
		officer.must(200, "POST", "/api/v1/people/"+id+"/suspend", map[string]string{"reason": "điều tra sự cố"}, &p)
		if p.Status != "suspended" {
			t.Errorf("suspend: %+v", p)
		}
		if r := a.do("GET", "/api/v1/me", nil); r.Status != 401 {
			t.Errorf("suspended session still works: %s", r)
		}
		officer.must(200, "POST", "/api/v1/people/"+id+"/reactivate", nil, &p)
		if p.Status != "active" {
			t.Errorf("reactivate: %+v", p)
		}
		if r := officer.do("POST", "/api/v1/people/"+id+"/reactivate", nil); r.Status != 400 {
			t.Errorf("reactivate an active account: %s", r)
		}
		a = signIn(t, in, "nguyen.vana", pw)

		// Nobody changes their own lifecycle.
		for _, action := range []string{"suspend", "offboard"} {
			if r := a.do("POST", "/api/v1/people/"+id+"/"+action, map[string]string{"reason": "leave"}); r.Status != 403 {
				t.Errorf("self %s: %s", action, r)
			}
		}

		// Grants.
		var g grant
		if r := officer.do("POST", "/api/v1/grants", map[string]string{"person_id": id, "org_id": khcn.ID, "role": "head"}); r.Status != 403 {
			t.Errorf("officer grants head: %s", r)
		}
		admin.must(201, "POST", "/api/v1/grants", map[string]string{"person_id": id, "org_id": khcn.ID, "role": "head"}, &g)
		if g.ID == "" || g.Role != "head" || g.OrgID != khcn.ID {
			t.Errorf("grant: %+v", g)
		}
		if r := admin.do("POST", "/api/v1/grants", map[string]string{"person_id": id, "org_id": khcn.ID, "role": "head"}); r.Status != 409 {
			t.Errorf("grant twice: %s", r)
		}
		if r := admin.do("POST", "/api/v1/grants", map[string]string{"person_id": id, "org_id": khcn.ID, "role": "king"}); r.Status != 400 {
			t.Errorf("unknown role: %s", r)
		}
		if r := admin.do("POST", "/api/v1/grants", map[string]string{"person_id": id, "role": "head"}); r.Status != 400 {
			t.Errorf("no org_id: %s", r)
		}
		var gs list[grant]
		admin.must(200, "GET", "/api/v1/people/"+id+"/grants", nil, &gs)
		if len(gs.Items) != 2 {
			t.Errorf("grants: %+v", gs.Items)
		}
		admin.must(200, "DELETE", "/api/v1/grants/"+g.ID, nil, nil)
		admin.must(200, "GET", "/api/v1/people/"+id+"/grants", nil, &gs)
		if len(gs.Items) != 1 || gs.Items[0].Role != "staff" {
			t.Errorf("after revoke: %+v", gs.Items)
		}

		// Transfer keeps history; the officer of the old agency cannot
		// move someone into an agency outside their scope.
		if r := officer.do("POST", "/api/v1/people/"+id+"/transfer", map[string]string{"org_id": tc.ID}); r.Status != 403 {
			t.Errorf("officer transfers out of scope: %s", r)
		}
		admin.must(200, "POST", "/api/v1/people/"+id+"/transfer", map[string]string{"org_id": tc.ID}, &p)
		if p.OrgID != tc.ID {
			t.Errorf("transfer: %+v", p)
		}
		var hist struct {
			Items []map[string]any `json:"items"`
		}
		admin.must(200, "GET", "/api/v1/people/"+id+"/history", nil, &hist)
		if len(hist.Items) != 2 || hist.Items[0]["org_id"] != tc.ID || hist.Items[0]["to"] != nil || hist.Items[1]["to"] == nil {
			t.Errorf("history: %+v", hist.Items)
		}
		if r := officer.do("GET", "/api/v1/people/"+id, nil); r.Status != 403 {
			t.Errorf("old officer still sees the transferred person: %s", r)
		}
	})
}

// signInReply tries to sign in and returns the answer as it is.
func signInReply(tb testing.TB, in *e2e.Instance, login, password string) reply {
	tb.Helper()
	return anon(tb, in).do("POST", "/api/v1/login", map[string]string{"login": login, "password": password})
}

func TestOffboarding(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		khcn := in.Org(t, "SO-KHCN", "Sở Khoa học và Công nghệ", "department", "")
		in.Person(t, "le.chuyentrach", "Lê Văn Chuyên", "SO-KHCN", pw, principal.Officer)
		leaver := in.Person(t, "tran.nghiviec", "Trần Thị Nghỉ", "SO-KHCN", pw)
		officer := signIn(t, in, "le.chuyentrach", pw)
		session := signIn(t, in, "tran.nghiviec", pw)
		var tok struct {
			Token string `json:"token"`
		}
		session.must(201, "POST", "/api/v1/me/tokens", map[string]any{"name": "báo cáo tự động"}, &tok)
		machine := &client{tb: t, base: in.URL, token: tok.Token}
		machine.must(200, "GET", "/api/v1/me", nil, nil)

		if r := officer.do("POST", "/api/v1/people/"+leaver.ID+"/offboard", map[string]any{"reason": "holiday"}); r.Status != 400 {
			t.Errorf("unknown reason: %s", r)
		}
		type item struct {
			ID          string    `json:"id"`
			Item        string    `json:"item"`
			Label       string    `json:"label"`
			RecoveredAt time.Time `json:"recovered_at"`
			RecoveredBy string    `json:"recovered_by"`
		}
		type offboarding struct {
			ID       string `json:"id"`
			PersonID string `json:"person_id"`
			OrgID    string `json:"org_id"`
			Items    []item `json:"items"`
		}
		var off offboarding
		officer.must(201, "POST", "/api/v1/people/"+leaver.ID+"/offboard",
			map[string]any{"reason": "leave", "note": "nghỉ hưu", "extra": []string{"Xe công vụ"}}, &off)
		if len(off.Items) != 5 || off.Items[4].Label != "Xe công vụ" || off.OrgID != khcn.ID {
			t.Fatalf("offboard: %+v", off)
		}
		// Every session and token ends at once; signing in is refused.
		for name, c := range map[string]*client{"session": session, "token": machine} {
			if r := c.do("GET", "/api/v1/me", nil); r.Status != 401 {
				t.Errorf("%s of an offboarded person: %s", name, r)
			}
		}
		if r := signInReply(t, in, "tran.nghiviec", pw); r.Status != 401 {
			t.Errorf("offboarded person signs in: %s", r)
		}
		var p person
		officer.must(200, "GET", "/api/v1/people/"+leaver.ID, nil, &p)
		if p.Status != "offboarded" {
			t.Errorf("status: %+v", p)
		}
		if r := officer.do("POST", "/api/v1/people/"+leaver.ID+"/link", nil); r.Status != 400 {
			t.Errorf("link for an offboarded person: %s", r)
		}

		// The checklist, ticked off over time.
		officer.must(200, "POST", "/api/v1/offboarding-items/"+off.Items[1].ID+"/recover", map[string]string{"note": "đã nhận thẻ"}, nil)
		if r := officer.do("POST", "/api/v1/offboarding-items/"+off.Items[1].ID+"/recover", nil); r.Status != 409 {
			t.Errorf("recover twice: %s", r)
		}
		var offs list[offboarding]
		officer.must(200, "GET", "/api/v1/offboardings?org="+khcn.ID, nil, &offs)
		if len(offs.Items) != 1 || len(offs.Items[0].Items) != 5 {
			t.Fatalf("offboardings: %+v", offs.Items)
		}
		for _, it := range offs.Items[0].Items {
			if recovered := it.ID == off.Items[1].ID; recovered != !it.RecoveredAt.IsZero() || recovered != (it.RecoveredBy == "le.chuyentrach") {
				t.Errorf("item %+v", it)
			}
		}
		if strings.Contains(string(officer.do("GET", "/api/v1/offboardings", nil).Body), `"recovered_at":"0001-01-01`) {
			t.Error("zero times are written out")
		}
	})
}

func TestLockoutAndUnlock(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		in.Org(t, "SO-KHCN", "Sở Khoa học và Công nghệ", "department", "")
		in.Person(t, "le.chuyentrach", "Lê Văn Chuyên", "SO-KHCN", pw, principal.Officer)
		victim := in.Person(t, "do.quenmatkhau", "Đỗ Văn Quên", "SO-KHCN", pw)
		officer := signIn(t, in, "le.chuyentrach", pw)
		var first reply
		for i := range 6 {
			r := signInReply(t, in, "do.quenmatkhau", "Sai-mật-khẩu#2024")
			if r.Status != 401 {
				t.Fatalf("attempt %d: %s", i, r)
			}
			if i == 0 {
				first = r
			} else if string(r.Body) != string(first.Body) {
				t.Errorf("attempt %d answers differently: %s vs %s", i, r, first)
			}
		}
		if r := signInReply(t, in, "do.quenmatkhau", pw); r.Status != 401 || string(r.Body) != string(first.Body) {
			t.Fatalf("locked account with the right password: %s", r)
		}
		var locked struct {
			Items []struct {
				PersonID    string    `json:"person_id"`
				LockedUntil time.Time `json:"locked_until"`
			} `json:"items"`
		}
		officer.must(200, "GET", "/api/v1/locked-accounts", nil, &locked)
		if len(locked.Items) != 1 || locked.Items[0].PersonID != victim.ID || time.Until(locked.Items[0].LockedUntil) < 10*time.Minute {
			t.Fatalf("locked accounts: %+v", locked.Items)
		}
		var st accountState
		officer.must(200, "GET", "/api/v1/people/"+victim.ID+"/account", nil, &st)
		if st.LockedUntil.IsZero() {
			t.Errorf("state: %+v", st)
		}
		st = accountState{}
		officer.must(200, "POST", "/api/v1/people/"+victim.ID+"/unlock", nil, &st)
		if !st.LockedUntil.IsZero() || st.FailedCount != 0 {
			t.Errorf("after unlock: %+v", st)
		}
		officer.must(200, "GET", "/api/v1/locked-accounts", nil, &locked)
		if len(locked.Items) != 0 {
			t.Errorf("still locked: %+v", locked.Items)
		}
		signIn(t, in, "do.quenmatkhau", pw)
		staff := signIn(t, in, "do.quenmatkhau", pw)
		if r := staff.do("POST", "/api/v1/people/"+victim.ID+"/unlock", nil); r.Status != 403 {
			t.Errorf("staff unlocks: %s", r)
		}
		staff.must(200, "GET", "/api/v1/locked-accounts", nil, nil)
	})
}

func TestPeopleImport(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		khcn := in.Org(t, "SO-KHCN", "Sở Khoa học và Công nghệ", "department", "")
		in.Person(t, "quan.tri", "Quản Trị Viên", "", pw, principal.Admin)
		admin := signIn(t, in, "quan.tri", pw)
		bad := "Tên đăng nhập,Họ và tên,Mã đơn vị,Vai trò,Chuyên trách ATTT\n" +
			"nguyen.vana,Nguyễn Văn A,SO-KHCN,,có\n" +
			"tran.thib,Trần Thị B,SO-KHONGCO,,\n" +
			"le.vanc,Lê Văn C,SO-KHCN,thủ trưởng,\n"
		r := admin.upload("/api/v1/people/import", "canbo.csv", []byte(bad))
		if e := r.err().Error; r.Status != 400 || len(e.Details) != 1 || !strings.HasPrefix(e.Details[0], "Dòng 3") || !strings.Contains(e.Details[0], "SO-KHONGCO") {
			t.Fatalf("bad file: %s", r)
		}
		var people list[person]
		admin.must(200, "GET", "/api/v1/people?org="+khcn.ID, nil, &people)
		if len(people.Items) != 0 {
			t.Fatalf("half-imported: %+v", people.Items)
		}
		good := strings.Replace(bad, "SO-KHONGCO", "SO-KHCN", 1)
		var ans struct {
			Created int `json:"created"`
		}
		r = admin.upload("/api/v1/people/import", "canbo.csv", []byte(good))
		if r.Status != 200 {
			t.Fatalf("good file: %s", r)
		}
		r.into(t, &ans)
		admin.must(200, "GET", "/api/v1/people?org="+khcn.ID+"&status=pending", nil, &people)
		if ans.Created != 3 || len(people.Items) != 3 {
			t.Errorf("imported %d, listed %+v", ans.Created, people.Items)
		}
		var o org
		admin.must(200, "GET", "/api/v1/orgs/"+khcn.ID, nil, &o)
		var a person
		for _, p := range people.Items {
			if p.Login == "nguyen.vana" {
				a = p
			}
		}
		if o.OfficerID == "" || o.OfficerID != a.ID {
			t.Errorf("officer column: org %+v, person %+v", o, a)
		}
		var l link
		admin.must(200, "POST", "/api/v1/people/"+a.ID+"/link", nil, &l)
		if l.Purpose != "activate" {
			t.Errorf("link for an imported person: %+v", l)
		}
	})
}
