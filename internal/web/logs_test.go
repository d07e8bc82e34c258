package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"attt/internal/directory"
	"attt/internal/logs"
	"attt/internal/logs/ingest"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// TestLogPages: the authority sees an unknown sender, assigns it to an
// agency; that agency's officer finds its events (histogram, event with
// raw line, CSV) and never another agency's.
func TestLogPages(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	sys := in.System()
	a := in.Org(t, "STC", "Sở Tài chính", directory.TypeDepartment, "")
	b := in.Org(t, "SYT", "Sở Y tế", directory.TypeDepartment, "")
	in.Person(t, "thamquyen", "Lê Chuyên Trách", "", adminPassword, principal.Authority)
	in.Person(t, "a.canbo", "Phạm Văn An", "STC", adminPassword, principal.Officer)
	bSrc, _, err := in.Main.Logs.CreateSource(sys, logs.SourceInput{OrgID: b.ID, Name: "HIS", Kind: logs.KindToken})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Main.Ingest.AddJSON(sys, ingest.Origin{Org: b.ID, Source: bSrc.ID}, "10.2.0.1", [][]byte{[]byte(`{"host":"his-syt","message":"bí mật của Sở Y tế"}`)}); err != nil {
		t.Fatal(err)
	}
	// An unknown sender, as the resolver records it.
	in.Main.Logs.Resolver().Seen("", "10.1.0.7", "fw-stc", 1, in.Main.Now())
	in.Main.Logs.FlushSightings(sys)

	auth := newWebClient(t, in.URL)
	auth.get("/login")
	st, _ := auth.post("/login", url.Values{"login": {"thamquyen"}, "password": {adminPassword}})
	auth.expect("login", st, 200)
	rule := "id: vpn-foreign\ntitle: Đăng nhập VPN từ nước ngoài\nlevel: medium\ndetection:\n  a:\n    app: openvpn\n  condition: a\n"
	st, _ = auth.post("/log-rules", url.Values{"yaml": {"id: bad\ntitle: x\nlevel: extreme\n"}})
	auth.expect("invalid rule kept in the form", st, 400, "Quy tắc chưa đúng", "level: extreme")
	st, _ = auth.post("/log-rules", url.Values{"yaml": {rule}})
	auth.expect("rule saved", st, 200, "vpn-foreign", "Đăng nhập VPN từ nước ngoài", "windows-log-cleared")
	st, _ = auth.post("/log-rules/vpn-foreign/delete", url.Values{})
	auth.expect("rule deleted", st, 200)
	st, body := auth.get("/log-sources")
	auth.expect("unassigned listed", st, 200, "10.1.0.7", "fw-stc")
	id := regexp.MustCompile(`action="/log-sources/([0-9A-Z]+)/assign"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("no assign form")
	}
	st, _ = auth.post("/log-sources/"+id[1]+"/assign", url.Values{"org": {a.ID}, "name": {"Tường lửa STC"}})
	auth.expect("assigned", st, 200, "Tường lửa STC", "Sở Tài chính")
	aSrc, _, err := in.Main.Logs.CreateSource(sys, logs.SourceInput{OrgID: a.ID, Name: "Máy chủ STC", Kind: logs.KindToken})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Main.Ingest.AddJSON(sys, ingest.Origin{Org: a.ID, Source: aSrc.ID}, "10.1.0.8", [][]byte{[]byte(`{"host":"srv-stc","message":"Đăng nhập thất bại cho quản trị","user":"admin"}`)}); err != nil {
		t.Fatal(err)
	}

	off := newWebClient(t, in.URL)
	off.get("/login")
	st, _ = off.post("/login", url.Values{"login": {"a.canbo"}, "password": {adminPassword}})
	off.expect("login", st, 200)
	st, body = off.get("/logs?q=dang+nhap")
	off.expect("search", st, 200, "srv-stc", "<svg")
	if strings.Contains(body, "his-syt") {
		t.Fatal("officer of STC sees SYT's event")
	}
	ev := regexp.MustCompile(`href="/logs/event/([0-9a-f-]+)"`).FindStringSubmatch(body)
	if ev == nil {
		t.Fatal("no event link")
	}
	st, _ = off.get("/logs/event/" + ev[1])
	off.expect("event", st, 200, `{&#34;host&#34;:&#34;srv-stc&#34;`)
	st, body = off.get("/logs?source=" + aSrc.ID)
	off.expect("by source", st, 200, "srv-stc")
	if strings.Contains(body, "fw-stc") {
		t.Fatal("the source filter let another source's events through")
	}
	st, _ = off.get("/logs?org=" + b.ID)
	off.expect("other agency refused", st, 403)
	st, _ = off.get("/logs/export.csv?q=quan+tri")
	off.expect("export", st, 200, "srv-stc")
	bEvents, err := in.Main.Logs.Search(sys, logs.Filter{OrgID: b.ID})
	if err != nil || len(bEvents.Events) != 1 {
		t.Fatal(err)
	}
	st, _ = off.get("/logs/event/" + bEvents.Events[0].ID)
	off.expect("other agency's event", st, 404)
	// A Windows log cleared on STC's server raises an alert the officer
	// acknowledges with a reason.
	if _, err := in.Main.Ingest.AddJSON(sys, ingest.Origin{Org: a.ID, Source: aSrc.ID}, "10.1.0.8", [][]byte{[]byte(`{"host":"dc-stc","EventID":1102,"SubjectUserName":"admin","Message":"The audit log was cleared."}`)}); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		st, body = off.get("/log-alerts")
		if strings.Contains(body, "Nhật ký sự kiện Windows bị xóa") || i > 100 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	off.expect("alert listed", st, 200, "Nhật ký sự kiện Windows bị xóa", "dc-stc")
	al := regexp.MustCompile(`action="/log-alerts/([0-9A-Z]+)"`).FindStringSubmatch(body)
	if al == nil {
		t.Fatal("no decision form")
	}
	st, _ = off.post("/log-alerts/"+al[1], url.Values{"reason": {"Đã kiểm tra: bảo trì định kỳ"}, "decision": {"acknowledge"}})
	off.expect("acknowledged", st, 200, "Không có cảnh báo nào.")
	st, _ = off.get("/log-alerts?status=acknowledged")
	off.expect("acknowledged list", st, 200, "Đã kiểm tra: bảo trì định kỳ")
	// A second clearing, another alert: this one becomes an incident in
	// one action and the officer lands on it.
	if _, err := in.Main.Ingest.AddJSON(sys, ingest.Origin{Org: a.ID, Source: aSrc.ID}, "10.1.0.8", [][]byte{[]byte(`{"host":"dc-stc2","EventID":1102,"SubjectUserName":"attacker","Message":"The audit log was cleared."}`)}); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		st, body = off.get("/log-alerts")
		if strings.Contains(body, "dc-stc2") || i > 100 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	al = regexp.MustCompile(`action="/log-alerts/([0-9A-Z]+)"`).FindStringSubmatch(body)
	if al == nil {
		t.Fatal("no decision form for the second alert")
	}
	st, _ = off.post("/log-alerts/"+al[1], url.Values{"reason": {"Xóa nhật ký trái phép"}, "decision": {"incident"}})
	off.expect("incident from alert", st, 200, "Cảnh báo nhật ký", "dc-stc2", "Mới tiếp nhận")
	st, _ = off.post("/log-retention", url.Values{"org": {b.ID}, "days": {"30"}})
	off.expect("other agency's retention", st, 403)
	st, _ = off.post("/log-retention", url.Values{"org": {a.ID}, "days": {"365"}})
	off.expect("own retention", st, 200, "Đã lưu")
	st, _ = off.get("/metrics")
	off.expect("ingest metrics", st, 200, "attt_log_messages_received_total 4", "attt_log_udp_dropped_total 0")
	st, body = off.get("/log-sources")
	off.expect("sources", st, 200, "Máy chủ STC")
	if strings.Contains(body, "HIS") || strings.Contains(body, "assign") {
		t.Fatal("officer sees another agency's source or the unassigned senders")
	}
}
