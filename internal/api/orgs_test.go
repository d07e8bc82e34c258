package api_test

import (
	"net/http"
	"strings"
	"testing"

	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

func TestOrgsScenario(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		in.Person(t, "quan.tri", "Quản Trị Viên", "", pw, principal.Admin)
		admin := signIn(t, in, "quan.tri", pw)
		var root org
		var orgs list[org]
		admin.must(200, "GET", "/api/v1/orgs", nil, &orgs)
		if len(orgs.Items) != 1 || orgs.Items[0].Depth != 0 {
			t.Fatalf("fresh install: want the root only, got %+v", orgs.Items)
		}
		root = orgs.Items[0]

		var khcn, tc, xa org
		admin.must(201, "POST", "/api/v1/orgs", map[string]string{"code": "SO-KHCN", "name": "Sở Khoa học và Công nghệ", "type": "department", "parent_id": root.ID}, &khcn)
		admin.must(201, "POST", "/api/v1/orgs", map[string]string{"code": "SO-TC", "name": "Sở Tài chính", "type": "department", "parent_id": root.ID}, &tc)
		admin.must(201, "POST", "/api/v1/orgs", map[string]string{"code": "TT-CDS", "name": "Trung tâm Chuyển đổi số", "type": "unit", "parent_id": khcn.ID}, &xa)
		if khcn.Depth != 1 || xa.Depth != 2 || xa.ParentID != khcn.ID || !xa.Active {
			t.Fatalf("created: %+v %+v", khcn, xa)
		}
		if r := admin.do("POST", "/api/v1/orgs", map[string]string{"code": "SO-KHCN", "name": "Trùng mã", "type": "department", "parent_id": root.ID}); r.Status != 409 || r.err().Error.Code != "conflict" {
			t.Errorf("duplicate code: %s", r)
		}
		if r := admin.do("POST", "/api/v1/orgs", map[string]string{"code": "có dấu", "name": "", "type": "planet", "parent_id": root.ID}); r.Status != 400 || len(r.err().Error.Details) != 3 {
			t.Errorf("bad input: want 400 with 3 details, got %s", r)
		}

		var got org
		admin.must(200, "GET", "/api/v1/orgs/"+xa.ID, nil, &got)
		if got.Code != "TT-CDS" {
			t.Errorf("get: %+v", got)
		}
		admin.must(200, "GET", "/api/v1/orgs?q=khcn", nil, &orgs)
		if len(orgs.Items) != 1 || orgs.Items[0].ID != khcn.ID {
			t.Errorf("search khcn: %+v", orgs.Items)
		}
		admin.must(200, "GET", "/api/v1/orgs?under="+khcn.ID, nil, &orgs)
		if !orgIDs(orgs)[xa.ID] || orgIDs(orgs)[tc.ID] {
			t.Errorf("under khcn: %+v", orgs.Items)
		}
		if r := admin.do("GET", "/api/v1/orgs?all=maybe", nil); r.Status != 400 {
			t.Errorf("all=maybe: %s", r)
		}

		// Move the unit to the other department, rename it.
		admin.must(200, "POST", "/api/v1/orgs/"+xa.ID+"/move", map[string]string{"parent_id": tc.ID}, &got)
		if got.ParentID != tc.ID || got.Depth != 2 {
			t.Errorf("move: %+v", got)
		}
		if r := admin.do("POST", "/api/v1/orgs/"+tc.ID+"/move", map[string]string{"parent_id": xa.ID}); r.Status != 400 {
			t.Errorf("move under own unit: %s", r)
		}
		if r := admin.do("POST", "/api/v1/orgs/"+tc.ID+"/move", map[string]string{}); r.Status != 400 {
			t.Errorf("move without parent_id: %s", r)
		}
		admin.must(200, "PATCH", "/api/v1/orgs/"+xa.ID, map[string]string{"name": "Trung tâm Công nghệ số"}, &got)
		if got.Name != "Trung tâm Công nghệ số" || got.Code != "TT-CDS" || got.Type != "unit" {
			t.Errorf("patch kept other fields? %+v", got)
		}
		if r := admin.do("PATCH", "/api/v1/orgs/"+xa.ID, map[string]string{"parent_id": root.ID}); r.Status != 400 || r.err().Error.Code != "invalid" {
			t.Errorf("patch parent_id: %s", r)
		}

		// Deactivate: refused while a unit is active; the unit itself can go.
		if r := admin.do("POST", "/api/v1/orgs/"+tc.ID+"/deactivate", nil); r.Status != 409 {
			t.Errorf("deactivate with unit: %s", r)
		}
		admin.must(200, "POST", "/api/v1/orgs/"+xa.ID+"/deactivate", nil, &got)
		if got.Active {
			t.Error("still active")
		}
		admin.must(200, "GET", "/api/v1/orgs", nil, &orgs)
		if orgIDs(orgs)[xa.ID] {
			t.Error("deactivated unit listed without all=true")
		}
		admin.must(200, "GET", "/api/v1/orgs?all=true", nil, &orgs)
		if !orgIDs(orgs)[xa.ID] {
			t.Error("deactivated unit missing with all=true")
		}
		admin.must(200, "POST", "/api/v1/orgs/"+xa.ID+"/activate", "{}", &got)
		if !got.Active {
			t.Error("activate")
		}

		// Security officer (Đ6.1.b).
		admin.must(200, "GET", "/api/v1/orgs/without-officer", nil, &orgs)
		if !orgIDs(orgs)[khcn.ID] {
			t.Errorf("SO-KHCN has no officer yet: %+v", orgs.Items)
		}
		cb := in.Person(t, "le.chuyentrach", "Lê Văn Chuyên", "SO-KHCN", pw)
		other := in.Person(t, "pham.taichinh", "Phạm Thị Tài", "SO-TC", pw)
		if r := admin.do("PUT", "/api/v1/orgs/"+khcn.ID+"/officer", map[string]string{"person_id": other.ID}); r.Status != 400 {
			t.Errorf("officer from another agency: %s", r)
		}
		admin.must(200, "PUT", "/api/v1/orgs/"+khcn.ID+"/officer", map[string]string{"person_id": cb.ID}, &got)
		if got.OfficerID != cb.ID {
			t.Errorf("officer: %+v", got)
		}
		admin.must(200, "GET", "/api/v1/orgs/without-officer", nil, &orgs)
		if orgIDs(orgs)[khcn.ID] {
			t.Error("SO-KHCN still flagged")
		}
	})
}

func TestOrgsImport(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		in.Person(t, "quan.tri", "Quản Trị Viên", "", pw, principal.Admin)
		admin := signIn(t, in, "quan.tri", pw)
		bad := "Mã đơn vị,Tên đơn vị,Loại,Mã đơn vị cấp trên\n" +
			"SO-YT,Sở Y tế,Sở,\n" +
			"BV-1,Bệnh viện Đa khoa,hành tinh,SO-YT\n" +
			"BV-2,Bệnh viện Sản Nhi,Đơn vị sự nghiệp,SO-YT\n"
		r := admin.upload("/api/v1/orgs/import", "donvi.csv", []byte(bad))
		e := r.err().Error
		if r.Status != 400 || e.Code != "invalid" || len(e.Details) != 1 || !strings.HasPrefix(e.Details[0], "Dòng 3") || !strings.Contains(e.Message, "chưa có dữ liệu nào được nhập") {
			t.Fatalf("bad file: %s", r)
		}
		en := &client{tb: t, base: in.URL, token: admin.token, lang: "en"}
		if r := en.upload("/api/v1/orgs/import", "donvi.csv", []byte(bad)); !strings.HasPrefix(r.err().Error.Details[0], "Line 3") {
			t.Errorf("English details: %s", r)
		}
		var orgs list[org]
		admin.must(200, "GET", "/api/v1/orgs?all=true", nil, &orgs)
		if len(orgs.Items) != 1 {
			t.Fatalf("half-imported: %+v", orgs.Items)
		}

		good := strings.Replace(bad, "hành tinh", "Đơn vị sự nghiệp", 1)
		var ans struct {
			Created  int      `json:"created"`
			Rows     int      `json:"rows"`
			Warnings []string `json:"warnings"`
		}
		r = admin.upload("/api/v1/orgs/import", "donvi.csv", []byte(good))
		if r.Status != 200 {
			t.Fatalf("good file: %s", r)
		}
		r.into(t, &ans)
		if ans.Created != 3 || ans.Rows != 3 || ans.Warnings == nil {
			t.Errorf("good file: %+v", ans)
		}
		admin.must(200, "GET", "/api/v1/orgs?q=BV-", nil, &orgs)
		if len(orgs.Items) != 2 || orgs.Items[0].Depth != 2 {
			t.Errorf("imported units: %+v", orgs.Items)
		}

		// Not multipart, or no "file" field: 400 saying what to send.
		if r := admin.do("POST", "/api/v1/orgs/import", "{}"); r.Status != 400 || !strings.Contains(r.err().Error.Message, "file") {
			t.Errorf("json body: %s", r)
		}
		if r := admin.upload("/api/v1/orgs/import", "x.csv", nil); r.Status != 400 {
			t.Errorf("empty file: %s", r)
		}
		// Anonymous: refused (the CSRF guard answers before sign-in is asked).
		if r := anon(t, in).upload("/api/v1/orgs/import", "donvi.csv", []byte(good)); r.Status != http.StatusUnauthorized && r.Status != http.StatusForbidden {
			t.Errorf("anonymous: %s", r)
		}
	})
}
