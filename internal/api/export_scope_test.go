package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"attt/internal/audit"
	"attt/internal/directory"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// exportWorld is two departments; A's officer exports, B must never show.
type exportWorld struct {
	in      *e2e.Instance
	a, a1   *directory.Org
	b       *directory.Org
	officer *client
	admin   *client
}

func newExportWorld(t *testing.T, in *e2e.Instance) *exportWorld {
	t.Helper()
	w := &exportWorld{in: in}
	w.a = in.Org(t, "DEPT-A", "Sở Nội vụ", directory.TypeDepartment, "")
	w.a1 = in.Org(t, "007-A1", "Trung tâm Lưu trữ", directory.TypeUnit, "DEPT-A")
	w.b = in.Org(t, "DEPT-B", "Sở Y tế", directory.TypeDepartment, "")
	in.Person(t, "a.officer", "Ngô Thị Lan", "DEPT-A", pw, principal.Officer)
	staff := in.Person(t, "a.staff", "Nguyễn Thị Ánh Tuyết", "007-A1", pw)
	in.Person(t, "b.staff", "Vũ Thị Bình", "DEPT-B", pw)
	in.Person(t, "quan.tri", "Quản Trị Viên", "", pw, principal.Admin)
	sys := in.System()
	if _, err := in.Main.Dir.UpdatePerson(sys, staff.ID, directory.PersonInput{FullName: `=HYPERLINK("http://x","bấm")`,
		Phone: "0912 345 678", Title: "@SUM(1+1)", Email: "tuyet@example.gov.vn"}); err != nil {
		t.Fatal(err)
	}
	w.officer = signIn(t, in, "a.officer", pw)
	w.admin = signIn(t, in, "quan.tri", pw)
	return w
}

// bSecrets identify B; no export A's officer downloads may hold one.
var bSecrets = []string{"DEPT-B", "Sở Y tế", "b.staff", "Vũ Thị Bình"}

// xlsxRows opens an exported workbook and returns its only sheet's rows.
func xlsxRows(t *testing.T, r reply) (string, [][]string) {
	t.Helper()
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("xlsx export: %d %s %.300s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatalf("the xlsx does not open: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 1 {
		t.Fatalf("sheets %q", sheets)
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	return sheets[0], rows
}

// csvRows checks the byte-order mark and parses an exported CSV.
func csvRows(t *testing.T, r reply) [][]string {
	t.Helper()
	if r.Status != 200 || r.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("csv export: %d %s %.300s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	if !bytes.HasPrefix(r.Body, []byte("\xEF\xBB\xBF")) {
		t.Fatal("CSV without a UTF-8 byte-order mark")
	}
	cr := csv.NewReader(bytes.NewReader(r.Body[3:]))
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	return rows
}

func noSecrets(t *testing.T, what string, rows [][]string) {
	t.Helper()
	for _, row := range rows {
		for _, cell := range row {
			for _, s := range bSecrets {
				if strings.Contains(cell, s) {
					t.Errorf("%s: A's officer got B's %q in %q", what, s, cell)
				}
			}
		}
	}
}

func column(rows [][]string, header string) []string {
	var out []string
	for i, h := range rows[0] {
		if h == header {
			for _, r := range rows[1:] {
				if i < len(r) {
					out = append(out, r[i])
				} else {
					out = append(out, "")
				}
			}
		}
	}
	return out
}

// exportRecords returns the export records of action, newest first.
func exportRecords(t *testing.T, in *e2e.Instance, action string) []audit.Record {
	t.Helper()
	recs, err := in.Main.Trail.Search(in.System(), audit.Filter{Action: action, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []audit.Record
	for _, r := range recs {
		if r.Action == action {
			out = append(out, r)
		}
	}
	return out
}

func summary(t *testing.T, r audit.Record) audit.ExportSummary {
	t.Helper()
	var s audit.ExportSummary
	if err := json.Unmarshal([]byte(r.After), &s); err != nil {
		t.Fatalf("export record %d: %v (%s)", r.Seq, err, r.After)
	}
	return s
}

// TestExportScope: A's officer exports people, organisations and the
// trail as XLSX and CSV; every file opens, has the Vietnamese headers,
// holds A's rows and nothing of B; each export leaves one record with its
// format, filter and row count, and the chain still verifies.
func TestExportScope(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		w := newExportWorld(t, in)

		// People as XLSX.
		r := w.officer.do("GET", "/api/v1/people/export?format=xlsx", nil)
		if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="can-bo-`) ||
			!strings.Contains(cd, "filename*=UTF-8''c%C3%A1n-b%E1%BB%99-") || !strings.HasSuffix(cd, ".xlsx") {
			t.Errorf("Content-Disposition %q", cd)
		}
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q", cc)
		}
		sheet, rows := xlsxRows(t, r)
		if sheet != "Cán bộ" {
			t.Errorf("sheet %q", sheet)
		}
		wantHead := "Tên đăng nhập|Họ và tên|Mã đơn vị|Chức vụ|Email|Số điện thoại|Tên đơn vị|Trạng thái|Ngày tạo|Cập nhật lần cuối"
		if got := strings.Join(rows[0], "|"); got != wantHead {
			t.Errorf("people headers\n got %s\nwant %s", got, wantHead)
		}
		noSecrets(t, "people xlsx", rows)
		logins := strings.Join(column(rows, "Tên đăng nhập"), ",")
		if logins != "a.staff,a.officer" { // by name: "=HYPERLINK…" sorts first
			t.Errorf("people: %s", logins)
		}
		if got := column(rows, "Số điện thoại"); got[0] != "0912 345 678" {
			t.Errorf("phone %q", got)
		}
		if got := column(rows, "Mã đơn vị"); got[0] != "007-A1" {
			t.Errorf("org code %q", got)
		}
		if got := column(rows, "Trạng thái"); got[0] != "Đang hoạt động" {
			t.Errorf("status %q", got)
		}
		recs := exportRecords(t, in, "people.export")
		if len(recs) != 1 || recs[0].ActorLogin != "a.officer" || recs[0].OrgID != w.a.ID {
			t.Fatalf("people export records: %+v", recs)
		}
		if s := summary(t, recs[0]); s.Rows != 2 || s.Format != "xlsx" || len(s.Filter) != 0 {
			t.Errorf("people export summary %+v", s)
		}

		// People as CSV, filtered: formulas are defused, filter recorded.
		rows = csvRows(t, w.officer.do("GET", "/api/v1/people/export?format=csv&org="+w.a1.ID+"&status=active", nil))
		noSecrets(t, "people csv", rows)
		if len(rows) != 2 || rows[1][1] != `'=HYPERLINK("http://x","bấm")` || rows[1][3] != "'@SUM(1+1)" || rows[1][5] != "0912 345 678" {
			t.Errorf("people csv %q", rows)
		}
		recs = exportRecords(t, in, "people.export")
		if s := summary(t, recs[0]); len(recs) != 2 || s.Rows != 1 || s.Format != "csv" || s.Filter["org"] != w.a1.ID || s.Filter["status"] != "active" {
			t.Errorf("filtered export recorded as %+v", s)
		}
		if recs[0].OrgID != w.a1.ID {
			t.Errorf("filtered export tied to %s, want A1", recs[0].OrgID)
		}

		// Naming B is refused, and nothing is recorded.
		for _, path := range []string{"/api/v1/people/export?org=" + w.b.ID, "/api/v1/orgs/export?under=" + w.b.ID,
			"/api/v1/audit/export?format=csv&org=" + w.b.ID} {
			if r := w.officer.do("GET", path, nil); r.Status != 403 || r.err().Error.Code != "forbidden" {
				t.Errorf("%s: %s", path, r)
			}
		}
		if n := len(exportRecords(t, in, "people.export")); n != 2 {
			t.Errorf("a refused export was recorded: %d records", n)
		}

		// Organisations: A and its unit, tree order, parent codes.
		sheet, rows = xlsxRows(t, w.officer.do("GET", "/api/v1/orgs/export?all=true", nil))
		if sheet != "Đơn vị" {
			t.Errorf("sheet %q", sheet)
		}
		wantHead = "Mã đơn vị|Tên đơn vị|Loại|Mã đơn vị cấp trên|Email|Số điện thoại|Địa chỉ|Cán bộ chuyên trách|Trạng thái|Ngày tạo"
		if got := strings.Join(rows[0], "|"); got != wantHead {
			t.Errorf("org headers\n got %s\nwant %s", got, wantHead)
		}
		noSecrets(t, "orgs xlsx", rows)
		if got := strings.Join(column(rows, "Mã đơn vị"), ","); got != "DEPT-A,007-A1" {
			t.Errorf("orgs %s", got)
		}
		if got := column(rows, "Mã đơn vị cấp trên"); got[0] != "" || got[1] != "DEPT-A" {
			t.Errorf("parents %q (A's parent is outside the officer's scope)", got)
		}
		if got := column(rows, "Cán bộ chuyên trách"); got[0] != "Chưa có" {
			t.Errorf("officer column %q", got)
		}
		if recs := exportRecords(t, in, "org.export"); len(recs) != 1 || summary(t, recs[0]).Rows != 2 || summary(t, recs[0]).Filter["retired"] != "true" {
			t.Errorf("org export records %+v", recs)
		}

		// The trail, as CSV then XLSX: A's records only, each export
		// recorded with the number of rows it held.
		rows = csvRows(t, w.officer.do("GET", "/api/v1/audit/export?format=csv", nil))
		noSecrets(t, "audit csv", rows)
		if rows[0][0] != "Số thứ tự" || rows[0][1] != "Thời gian" || rows[0][12] != "Mã băm" {
			t.Errorf("audit headers %q", rows[0])
		}
		actions := strings.Join(column(rows, "Hành động"), ",")
		for _, want := range []string{"people.export", "org.export", "auth.login.success"} {
			if !strings.Contains(actions, want) {
				t.Errorf("audit export lacks %s: %s", want, actions)
			}
		}
		recs = exportRecords(t, in, "audit.export")
		if len(recs) != 1 || summary(t, recs[0]).Rows != len(rows)-1 {
			t.Errorf("audit export records %+v for %d rows", recs, len(rows)-1)
		}
		_, rows = xlsxRows(t, w.officer.do("GET", "/api/v1/audit/export?action=people.export&limit=1", nil))
		if len(rows) != 2 || rows[1][3] != "people.export" || rows[1][6] != "Trung tâm Lưu trữ" {
			t.Errorf("audit xlsx %q", rows)
		}
		recs = exportRecords(t, in, "audit.export")
		if s := summary(t, recs[0]); len(recs) != 2 || s.Rows != 1 || s.Filter["action"] != "people.export" || s.Filter["limit"] != "1" {
			t.Errorf("audit export summary %+v", s)
		}

		// The administrator of the province sees B as well.
		rows = csvRows(t, w.admin.do("GET", "/api/v1/people/export?format=csv&q=b.staff", nil))
		if len(rows) != 2 || rows[1][0] != "b.staff" {
			t.Errorf("admin export %q", rows)
		}

		res, err := audit.Verify(context.Background(), in.Main.DB)
		if err != nil || !res.OK {
			t.Fatalf("audit verify: %+v %v", res, err)
		}
	})
}

// TestExportErrorsAndLanguage: bad parameters are 400 before anything is
// recorded; a staff member reads no people; English headers on request.
func TestExportErrorsAndLanguage(t *testing.T) {
	in := start(t, false)
	w := newExportWorld(t, in)
	for _, path := range []string{"/api/v1/people/export?format=pdf", "/api/v1/people/export?status=gone",
		"/api/v1/orgs/export?all=maybe", "/api/v1/audit/export?from=hôm-qua", "/api/v1/audit/export?limit=100001"} {
		if r := w.officer.do("GET", path, nil); r.Status != 400 || r.err().Error.Code != "invalid" {
			t.Errorf("%s: %s", path, r)
		}
	}
	staff := signIn(t, in, "a.staff", pw)
	if r := staff.do("GET", "/api/v1/people/export", nil); r.Status != 403 {
		t.Errorf("staff exported people: %s", r)
	}
	if r := staff.do("GET", "/api/v1/audit/export", nil); r.Status != 403 {
		t.Errorf("staff exported the trail: %s", r)
	}
	if r := anon(t, in).do("GET", "/api/v1/people/export", nil); r.Status != 401 {
		t.Errorf("anonymous export: %s", r)
	}
	for _, action := range []string{"people.export", "audit.export"} {
		if recs := exportRecords(t, in, action); len(recs) != 0 {
			t.Errorf("refused exports recorded: %+v", recs)
		}
	}
	w.officer.lang = "en"
	r := w.officer.do("GET", "/api/v1/orgs/export?format=csv", nil)
	rows := csvRows(t, r)
	if rows[0][0] != "Code" || rows[1][2] != "Department" {
		t.Errorf("english export %q", rows)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="organisations-`) {
		t.Errorf("english file name %q", cd)
	}
}
