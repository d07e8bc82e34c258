package web_test

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"attt/internal/asset"
	"attt/internal/asset/agentwire"
	"attt/internal/directory"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// assetWorld is two departments with an officer each and a few assets of
// A in various states.
func assetWorld(t *testing.T, in *e2e.Instance) (a, b *directory.Org) {
	t.Helper()
	a = in.Org(t, "STC", "Sở Tài chính", directory.TypeDepartment, "")
	b = in.Org(t, "SYT", "Sở Y tế", directory.TypeDepartment, "")
	in.Person(t, "lan.nt", "Ngô Thị Lan", "STC", adminPassword, principal.Officer)
	in.Person(t, "trang.dt", "Đặng Thu Trang", "SYT", adminPassword, principal.Officer)
	sys := in.System()
	svc := in.Main.Assets
	for i, name := range []string{"Máy trạm kế toán 01", "Máy trạm kế toán 02", "Máy trạm văn thư"} {
		x, err := svc.Create(sys, asset.Input{OrgID: a.ID, Kind: asset.KindWorkstation, Name: name})
		if err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			in := asset.ControlInput{Kind: asset.CtlAntivirus, Done: true, Running: i == 0, SignaturesAt: time.Now().Add(-time.Hour), Product: "BKAV Pro"}
			if _, err := svc.Declare(sys, x.ID, in); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := svc.Create(sys, asset.Input{OrgID: b.ID, Kind: asset.KindServer, Name: "Máy chủ HIS"}); err != nil {
		t.Fatal(err)
	}
	return a, b
}

// TestAssetPages: add an asset through the form, import a file, declare a
// control, open the coverage dashboard and follow a number; B's officer
// cannot open A's asset.
func TestAssetPages(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	a, _ := assetWorld(t, in)
	c := newWebClient(t, in.URL)
	c.get("/login")
	st, _ := c.post("/login", url.Values{"login": {"lan.nt"}, "password": {adminPassword}})
	c.expect("login", st, 200)

	st, _ = c.post("/assets", url.Values{"org": {a.ID}, "kind": {"server"}, "name": {"Máy chủ cổng"}, "security_level": {"3"}})
	c.expect("level on a server", st, 400, "Chỉ hệ thống thông tin")
	st, body := c.post("/assets", url.Values{"org": {a.ID}, "kind": {"system"}, "name": {"Hệ thống một cửa"}, "criticality": {"critical"},
		"security_level": {"3"}, "level_decision": {"Quyết định 5/QĐ-STC"}, "level_approved_at": {"2025-03-05"}, "addresses": {"10.1.1.5"}})
	c.expect("create", st, 200, "Hệ thống một cửa", "Đã tạo.", "Cấp độ 3", "05/03/2025")
	id := regexp.MustCompile(`action="/assets/([0-9A-Z]+)/controls/default_password"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("no declare form")
	}
	st, _ = c.post("/assets/"+id[1]+"/controls/default_password", url.Values{"done": {"1"}, "evidence": {"Biên bản ngày 02/03/2025"}})
	c.expect("declare", st, 200, "Đã lưu.", "Biên bản ngày 02/03/2025", "Cán bộ khai báo")

	st, _ = c.upload("/assets/import", "taisan.csv", []byte("Mã đơn vị,Tên tài sản,Loại tài sản\nSTC,Tường lửa biên,Tường lửa\nSTC,Máy lạ,Ấm đun nước\n"))
	c.expect("bad import", st, 400, "Dòng 3")
	st, _ = c.upload("/assets/import", "taisan.csv", []byte("Mã đơn vị,Tên tài sản,Loại tài sản\nSTC,Tường lửa biên,Tường lửa\n"))
	c.expect("import", st, 200)
	st, _ = c.get("/assets?q=tuong%20lua")
	c.expect("search folded", st, 200, "Tường lửa biên")

	st, _ = c.get("/")
	c.expect("dashboard tiles", st, 200, "máy tính có phòng chống mã độc đạt yêu cầu", "tài sản quá hạn sao lưu")
	st, body = c.get("/assets/coverage")
	c.expect("coverage", st, 200, "Độ bao phủ biện pháp kỹ thuật", "<svg", "Sở Tài chính")
	link := regexp.MustCompile(`href="(/assets\?control=antivirus&amp;org=[0-9A-Z]+&amp;status=failing)"`).FindStringSubmatch(body)
	if link == nil {
		t.Fatalf("no link behind the failing antivirus number:\n%s", visible(body))
	}
	st, body = c.get(strings.ReplaceAll(link[1], "&amp;", "&"))
	c.expect("list behind the number", st, 200, "Máy trạm kế toán 02", "Không đạt")
	if strings.Contains(body, "Máy trạm kế toán 01") {
		t.Error("the failing list shows the OK workstation")
	}
	st, _ = c.get("/assets/export.csv?org=" + a.ID)
	c.expect("export", st, 200, "Hệ thống một cửa")
	st, _ = c.post("/agents/enrolments", url.Values{"org": {a.ID}, "label": {"Phòng Kế toán"}})
	c.expect("token", st, 200, "attt agent --server", "attt_")
	// A program the agent found: the officer excepts it (a reason is
	// required) and it leaves the open list.
	e, err := in.Main.Assets.CreateEnrolment(in.System(), asset.EnrolmentInput{OrgID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	res, err := in.Main.Assets.Enroll(in.System(), agentwire.EnrollRequest{Token: e.Token, Hostname: "ketoan-03"})
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := json.Marshal(agentwire.Report{Hostname: "ketoan-03", Software: []agentwire.Package{{Name: "UltraViewer", Version: "6.6", Source: "registry"}}})
	ts, nonce := agentwire.Timestamp(time.Now()), agentwire.NewNonce()
	if err := in.Main.Assets.Report(in.System(), asset.SignedReport{AgentID: res.AgentID, Timestamp: ts, Nonce: nonce, Body: rep,
		Signature: agentwire.Sign(res.Secret, ts, nonce, rep)}); err != nil {
		t.Fatal(err)
	}
	st, body = c.get("/software?org=" + a.ID)
	c.expect("software", st, 200, "Danh mục đang áp dụng", "UltraViewer", "ketoan-03")
	fid := regexp.MustCompile(`action="/software/findings/([0-9A-Z]+)"`).FindStringSubmatch(body)
	if fid == nil {
		t.Fatal("no resolve form")
	}
	st, _ = c.post("/software/findings/"+fid[1], url.Values{"action": {"except"}})
	c.expect("exception without a reason", st, 400, "lý do")
	st, _ = c.post("/software/findings/"+fid[1], url.Values{"action": {"except"}, "reason": {"Hỗ trợ từ xa của nhà thầu"},
		"expires": {time.Now().AddDate(0, 1, 0).Format("2006-01-02")}})
	c.expect("exception", st, 200, "Đã thực hiện.", "Không có phần mềm chưa được phép.")

	other := newWebClient(t, in.URL)
	other.get("/login")
	st, _ = other.post("/login", url.Values{"login": {"trang.dt"}, "password": {adminPassword}})
	other.expect("login B", st, 200)
	st, _ = other.get("/assets/" + id[1])
	other.expect("B opens A's asset", st, 403)
	st, _ = other.get("/assets/coverage?org=" + a.ID)
	other.expect("B opens A's coverage", st, 403)
	st, body = other.get("/assets")
	other.expect("B's list", st, 200, "Máy chủ HIS")
	if strings.Contains(body, "Hệ thống một cửa") {
		t.Error("B's list shows A's asset")
	}
}

// TestBrowserCoverage opens the coverage dashboard in Chromium and follows
// the number of workstations whose antivirus fails to the list behind it.
func TestBrowserCoverage(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	assetWorld(t, in)
	b := newBrowser(t, in.URL)
	b.login("lan.nt", adminPassword)
	b.open("/assets/coverage")
	if got := b.text("h1"); !strings.Contains(got, "Độ bao phủ biện pháp kỹ thuật") {
		b.fatalf("heading %q", got)
	}
	if n := b.count(".chart.stacked a"); n == 0 {
		b.fatalf("the charts have no links")
	}
	// The first row is the whole of Sở Tài chính: 1 of 3 workstations OK.
	if got := b.text(`#coverage tr.total a[data-figure="antivirus-ok"]`); got != "1" {
		b.fatalf("antivirus OK figure %q", got)
	}
	if st := b.submit(`#coverage tr.total a[data-figure="antivirus-ok"]`); st != 200 {
		b.fatalf("following the figure: status %d", st)
	}
	if got := b.text("#showing"); !strings.Contains(got, "Phòng chống mã độc") || !strings.Contains(got, "Đạt") {
		b.fatalf("filter shown %q", got)
	}
	if n := b.count("#assets tbody tr"); n != 1 {
		b.fatalf("%d rows behind the figure 1", n)
	}
	if got := b.text("#assets tbody tr"); !strings.Contains(got, "Máy trạm kế toán 01") {
		b.fatalf("row %q", got)
	}
}

// TestConnectionPages: an officer registers a connection, the centre asks
// for changes, the officer submits again and the centre approves.
func TestConnectionPages(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	a, _ := assetWorld(t, in)
	root, err := in.Main.Dir.Root(in.System())
	if err != nil {
		t.Fatal(err)
	}
	in.Org(t, "TTDL", "Trung tâm Tích hợp dữ liệu", directory.TypeDatacenter, "")
	centre := in.Person(t, "truong.mx", "Mai Xuân Trường", "TTDL", adminPassword)
	if err := in.Main.Dir.Grant(in.System(), centre.ID, root.ID, principal.Datacenter); err != nil {
		t.Fatal(err)
	}
	c := newWebClient(t, in.URL)
	c.get("/login")
	st, _ := c.post("/login", url.Values{"login": {"lan.nt"}, "password": {adminPassword}})
	c.expect("login", st, 200)
	form := url.Values{"org": {a.ID}, "name": {"Phần mềm quản lý tài chính công"}, "purpose": {"Chia sẻ dữ liệu dự toán"},
		"endpoints": {"https://tc.example.gov.vn/api"}, "data_exchanged": {"Dự toán"}, "responsible": {"Ngô Thị Lan"}}
	st, _ = c.post("/connections", form)
	c.expect("without acknowledgement", st, 400, "chính sách an toàn thông tin")
	form.Set("policy_ack", "1")
	st, body := c.post("/connections", form)
	c.expect("register", st, 200, "Chờ thẩm định", "Đã tạo.")
	id := regexp.MustCompile(`action="/connections/([0-9A-Z]+)"`).FindStringSubmatch(body)
	if id != nil {
		t.Fatal("a pending request offers the agency an update form")
	}
	list, err := in.Main.Assets.ListConnections(in.System(), "", "")
	if err != nil || len(list) != 1 {
		t.Fatalf("connections %+v %v", list, err)
	}
	cid := list[0].ID

	dc := newWebClient(t, in.URL)
	dc.get("/login")
	st, _ = dc.post("/login", url.Values{"login": {"truong.mx"}, "password": {adminPassword}})
	dc.expect("login centre", st, 200)
	st, _ = dc.get("/connections")
	dc.expect("centre list", st, 200, "Phần mềm quản lý tài chính công")
	st, _ = dc.post("/connections/"+cid+"/decision", url.Values{"action": {"changes"}, "note": {"Bổ sung sơ đồ kết nối"}})
	dc.expect("ask for changes", st, 200, "Yêu cầu bổ sung, chỉnh sửa", "Bổ sung sơ đồ kết nối")
	form.Set("endpoints", "https://tc.example.gov.vn/api\n10.10.1.20:443")
	st, _ = c.post("/connections/"+cid, form)
	c.expect("submit again", st, 200, "Chờ thẩm định", "10.10.1.20:443")
	st, _ = dc.post("/connections/"+cid+"/decision", url.Values{"action": {"approve"}})
	dc.expect("approve", st, 200, "Đã phê duyệt", "phê duyệt đến")
}
