package api_test

import (
	"strings"
	"testing"

	"attt/internal/asset"
	"attt/internal/directory"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// TestAssetsAPI: an officer adds an asset, declares a control, reads the
// coverage, imports a file and exports the inventory as XLSX (audited).
func TestAssetsAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		a := in.Org(t, "DEPT-A", "Sở Nội vụ", directory.TypeDepartment, "")
		in.Person(t, "a.officer", "Ngô Thị Lan", "DEPT-A", pw, principal.Officer)
		c := signIn(t, in, "a.officer", pw)
		var x asset.Asset
		c.must(201, "POST", "/api/v1/assets", map[string]any{"org": a.ID, "kind": "system", "name": "Hệ thống một cửa điện tử",
			"criticality": "critical", "security_level": 3, "level_decision": "Quyết định 7/QĐ-SNV", "addresses": []string{"10.3.0.9"}}, &x)
		if x.SecurityLevel != 3 || x.OrgName != "Sở Nội vụ" {
			t.Fatalf("created %+v", x)
		}
		if r := c.do("POST", "/api/v1/assets", map[string]any{"org": a.ID, "kind": "server", "name": "x", "security_level": 9}); r.Status != 400 {
			t.Errorf("bad level: %s", r)
		}
		if r := c.do("PUT", "/api/v1/assets/"+x.ID+"/controls/frobnicate", map[string]any{"done": true}); r.Status != 400 {
			t.Errorf("unknown control: %s", r)
		}
		var ctl asset.Control
		c.must(200, "PUT", "/api/v1/assets/"+x.ID+"/controls/backup", map[string]any{"done": true, "last_backup_at": "2020-01-01T00:00:00Z",
			"evidence": "Nhật ký sao lưu"}, &ctl)
		if ctl.Status != asset.StatusFailing || ctl.Source != asset.SourceDeclared {
			t.Errorf("an old backup: %+v", ctl)
		}
		var rep asset.CoverageReport
		c.must(200, "GET", "/api/v1/assets/coverage", nil, &rep)
		if rep.Total.OrgID != a.ID || rep.Total.Control(asset.CtlBackup).Failing != 1 {
			t.Errorf("coverage %+v", rep)
		}
		var found struct{ Items []asset.Asset }
		c.must(200, "GET", "/api/v1/assets?control=backup&status=failing", nil, &found)
		if len(found.Items) != 1 || found.Items[0].ID != x.ID {
			t.Errorf("the list behind the figure: %+v", found.Items)
		}
		if r := c.upload("/api/v1/assets/import", "taisan.csv", []byte("Mã đơn vị,Tên tài sản,Loại tài sản,Địa chỉ IP\nDEPT-A,Máy chủ thư điện tử,Máy chủ,10.3.0.25\n")); r.Status != 200 {
			t.Fatalf("import: %s", r)
		}
		if r := c.upload("/api/v1/assets/import", "taisan.csv", []byte("Mã đơn vị,Tên tài sản,Loại tài sản\nDEPT-A,Máy lạ,Ấm đun nước\n")); r.Status != 400 ||
			!strings.Contains(r.err().Error.Message+strings.Join(r.err().Error.Details, " "), "Dòng 2") {
			t.Errorf("bad import: %s", r)
		}
		_, rows := xlsxRows(t, c.do("GET", "/api/v1/assets/export", nil))
		if len(rows) != 3 || rows[0][1] != "Tên tài sản" || rows[1][1] != "Hệ thống một cửa điện tử" || rows[1][9] != "3" {
			t.Errorf("export rows %q", rows)
		}
		var audit struct {
			Items []struct{ Action string }
		}
		c.must(200, "GET", "/api/v1/audit?action=asset.export", nil, &audit)
		if len(audit.Items) != 1 {
			t.Errorf("export not audited: %+v", audit)
		}
	})
}
