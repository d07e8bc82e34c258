package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"attt/internal/api"
	"attt/internal/auth"
	"attt/internal/directory"
	"attt/internal/incident"
	"attt/internal/locale"
	"attt/internal/logs"
	"attt/internal/logs/ingest"
	"attt/internal/notify"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
	"attt/internal/webmon"
)

// scopeWorld is two departments, A and B, under the province. Each role
// is held by one person on A only; B has people, a unit, a grant, an
// offboarding checklist, a locked account and an API token, all of which
// those people must neither see nor touch (SPEC §1, issue 2 point 13).
type scopeWorld struct {
	in       *e2e.Instance
	a, a1    *directory.Org // A and a unit of A
	b, b1    *directory.Org // B and a unit of B
	aPerson  *directory.Person
	bStaff   *directory.Person
	bOfficer *directory.Person
	bPending *directory.Person
	bLocked  *directory.Person
	bGrant   string
	bItem    string
	bToken   string
	bMonitor string
	bFinding string
	// Notifications (S12): B's webhook, a notification of B's staff and
	// a delivery to the webhook.
	bWebhook      string
	bNotification string
	bDelivery     string
	// B's escalated incident, shared with an outside organisation, with a
	// task, an evidence file and its issued documents.
	bIncident *incident.Incident
	bSource   string // a log source of B
	bEvent    string // a log event of B
	unSource  string // a sender no agency owns yet
	bAlert    string // an alert of B
	callers   map[principal.Role]*client
	// S4: B's asset, enrolment tokens, agent and a signed offline report.
	assets scopeAssets
	// secrets are strings that identify B; no answer to an A caller may
	// contain any of them.
	secrets []string
}

func newScopeWorld(t *testing.T, in *e2e.Instance) *scopeWorld {
	t.Helper()
	sys := in.System()
	w := &scopeWorld{in: in, callers: map[principal.Role]*client{}}
	w.a = in.Org(t, "DEPT-A", "Sở Nội vụ", directory.TypeDepartment, "")
	w.a1 = in.Org(t, "UNIT-A1", "Trung tâm Lưu trữ", directory.TypeUnit, "DEPT-A")
	w.b = in.Org(t, "DEPT-B", "Sở Y tế", directory.TypeDepartment, "")
	w.b1 = in.Org(t, "UNIT-B1", "Bệnh viện Đa khoa", directory.TypeUnit, "DEPT-B")

	w.aPerson = in.Person(t, "a.member", "Hoàng Văn Mạnh", "DEPT-A", pw)
	w.bStaff = in.Person(t, "b.staff", "Vũ Thị Bình", "DEPT-B", pw)
	w.bOfficer = in.Person(t, "b.officer", "Đinh Văn Cường", "DEPT-B", pw, principal.Officer)
	w.bLocked = in.Person(t, "b.locked", "Ngô Thị Dung", "DEPT-B", pw)
	leaver := in.Person(t, "b.leaver", "Lý Văn Em", "UNIT-B1", pw)
	var err error
	if w.bPending, err = in.Main.Dir.CreatePerson(sys, directory.PersonInput{Login: "b.pending", FullName: "Mai Thị Gấm", OrgID: w.b.ID}); err != nil {
		t.Fatal(err)
	}
	if err := in.Main.Dir.DesignateOfficer(sys, w.b.ID, w.bOfficer.ID); err != nil {
		t.Fatal(err)
	}
	gs, err := in.Main.Dir.ListGrants(sys, w.bOfficer.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		if g.Role == principal.Officer {
			w.bGrant = g.ID
		}
	}
	off, err := in.Main.Auth.Offboard(sys, leaver.ID, auth.OffboardInput{Reason: "leave"})
	if err != nil {
		t.Fatal(err)
	}
	w.bItem = off.Items[0].ID
	tok, err := in.Main.Auth.CreateToken(as(t, in, w.bStaff.ID), "b-script", 0)
	if err != nil {
		t.Fatal(err)
	}
	w.bToken = tok.ID
	for range in.Main.Auth.Config().LockoutThreshold {
		_, _ = in.Main.Auth.Login(context.Background(), auth.LoginRequest{Login: "b.locked", Password: "Sai-mật-khẩu#2024", IP: "10.255.0.1"})
	}
	signIn(t, in, "b.staff", pw) // B's own activity in the trail
	mon, err := in.Main.Monitors.CreateMonitor(sys, webmon.MonitorInput{OrgID: w.b.ID, Name: "Cổng Sở Y tế", URL: "http://syt.invalid/"})
	if err != nil {
		t.Fatal(err)
	}
	w.bMonitor = mon.ID
	w.bFinding = "01FINDINGOFB00000000000000"
	// A finding as a check would store it (checks need the network).
	if _, err := in.Main.DB.W.Exec(`INSERT INTO findings (id, monitor_id, org_id, page_url, severity, kinds, summary, evidence_json, created_at, updated_at)
		VALUES ($1, $2, $3, 'http://syt.invalid/', 'critical', 'defacement', 'Hacked', '{"signs":[]}', 1, 1)`, w.bFinding, w.bMonitor, w.b.ID); err != nil {
		t.Fatal(err)
	}

	w.bIncident = newScopeIncident(t, in, w.b.ID)
	w.addNotifications(t)
	w.addLogs(t)

	for _, role := range principal.Roles() {
		login := "a." + string(role)
		var extra []principal.Role
		if role != principal.Staff {
			extra = append(extra, role)
		}
		in.Person(t, login, "Người Giữ Vai "+strings.ToUpper(string(role)), "DEPT-A", pw, extra...)
		w.callers[role] = signIn(t, in, login, pw)
	}
	w.secrets = []string{w.b.ID, w.b1.ID, w.bStaff.ID, w.bOfficer.ID, w.bPending.ID, w.bLocked.ID, leaver.ID,
		w.bGrant, w.bItem, w.bToken, off.ID, w.bMonitor, w.bFinding, w.bIncident.ID, w.bIncident.Ref, w.bIncident.Tasks[0].ID,
		w.bIncident.Files[0].ID, w.bIncident.Documents[0].ID, w.bIncident.Shares[0].ID, "Máy chủ bệnh án", w.bWebhook, w.bNotification, w.bDelivery, "syt.invalid", "DEPT-B", "UNIT-B1", "b.staff", "b.officer", "b.pending", "b.locked", "b.leaver", "Sở Y tế"}
	w.addAssets(t)
	return w
}

// addNotifications registers a webhook on B and tells B's staff about an
// incident of B, which leaves a notification and deliveries behind.
func (w *scopeWorld) addNotifications(t *testing.T) {
	t.Helper()
	sys := w.in.System()
	h, err := w.in.Main.Notify.CreateWebhook(sys, notify.WebhookInput{OrgID: w.b.ID, Name: "SOC Sở Y tế", URL: "http://soc.syt.invalid/hook"})
	if err != nil {
		t.Fatal(err)
	}
	w.bWebhook = h.ID
	if err := w.in.Main.Notify.Send(sys, notify.Message{Kind: "incident.reported", OrgID: w.b.ID, To: []string{w.bStaff.ID},
		Subject: locale.T("Sự cố tại Sở Y tế", "Incident at Sở Y tế"), Link: "/incidents/01INCIDENTOFB0000000000000"}); err != nil {
		t.Fatal(err)
	}
	db := w.in.Main.DB.R
	if err := db.QueryRow(`SELECT id FROM notifications WHERE person_id = $1 AND link = '/incidents/01INCIDENTOFB0000000000000'`, w.bStaff.ID).Scan(&w.bNotification); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT id FROM deliveries WHERE webhook_id = $1 AND link LIKE '%/incidents/01INCIDENTOFB0000000000000'`, w.bWebhook).Scan(&w.bDelivery); err != nil {

		t.Fatal(err)
	}
}

// addLogs gives B a token log source with one event (host syt-his-01) and
// leaves one sender (10.66.0.9) unassigned.
func (w *scopeWorld) addLogs(t *testing.T) {
	t.Helper()
	sys := w.in.System()
	src, _, err := w.in.Main.Logs.CreateSource(sys, logs.SourceInput{OrgID: w.b.ID, Name: "HIS Bệnh viện", Kind: logs.KindToken})
	if err != nil {
		t.Fatal(err)
	}
	w.bSource = src.ID
	if _, err := w.in.Main.Ingest.AddJSON(sys, ingest.Origin{Org: w.b.ID, Source: src.ID}, "10.66.0.5", [][]byte{[]byte(`{"host":"syt-his-01","message":"đăng nhập thất bại","user":"bs.lan"}`)}); err != nil {
		t.Fatal(err)
	}
	res, err := w.in.Main.Logs.Search(sys, logs.Filter{OrgID: w.b.ID})
	if err != nil || len(res.Events) != 1 {
		t.Fatalf("B's log event: %v %v", res.Events, err)
	}
	w.bEvent = res.Events[0].ID
	un, _, err := w.in.Main.Logs.CreateSource(sys, logs.SourceInput{OrgID: w.b.ID, Name: "chưa gán", Kind: logs.KindAddress, Match: "10.66.0.9"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.in.Main.DB.W.Exec(`UPDATE log_sources SET org_id = NULL WHERE id = $1`, un.ID); err != nil {
		t.Fatal(err)
	}
	w.unSource = un.ID
	w.bAlert = "01LOGALERTOFB0000000000000"
	if _, err := w.in.Main.DB.W.Exec(`INSERT INTO log_alerts (id, rule_id, title, level, org_id, group_key, first_at, last_at, events_json, created_at, updated_at)
		VALUES ($1, 'windows-log-cleared', 'Nhật ký bị xóa', 'high', $2, 'host=syt-his-01', 1, 1, '[]', 1, 1)`, w.bAlert, w.b.ID); err != nil {
		t.Fatal(err)
	}
}

// scopeCall is one request of the matrix.
type scopeCall struct {
	name   string
	path   string
	body   any
	upload []byte // multipart "file" instead of a JSON body
}

// scopeEntry says how a route is probed. Target routes take an id of B
// (in the path or the body) and must be refused. List routes must answer
// without anything of B (or be refused). Import routes name B by code and
// must create nothing there.
type scopeEntry struct {
	kind  string // "target", "list", "import"
	calls func(w *scopeWorld) []scopeCall
}

func one(name, path string, body any) []scopeCall {
	return []scopeCall{{name: name, path: path, body: body}}
}

// scopeMatrix has an entry for every route of Routes() except those in
// scopeExempt; TestScopeMatrix fails when a route has neither.
var scopeMatrix = map[string]scopeEntry{
	"GET /api/v1/orgs": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/orgs?all=true"}, {name: "under B", path: "/api/v1/orgs?under=" + w.b.ID},
			{name: "q", path: "/api/v1/orgs?q=DEPT-B&all=true"}}
	}},
	"POST /api/v1/orgs": {"target", func(w *scopeWorld) []scopeCall {
		return one("under B", "/api/v1/orgs", map[string]string{"code": "NEW-IN-B", "name": "Phòng mới", "type": "unit", "parent_id": w.b.ID})
	}},
	"GET /api/v1/monitors": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/monitors"}, {name: "org B", path: "/api/v1/monitors?org=" + w.b.ID}, {name: "problems", path: "/api/v1/monitors?problems=true"}}
	}},
	"POST /api/v1/monitors": {"target", func(w *scopeWorld) []scopeCall {
		return one("for B", "/api/v1/monitors", map[string]string{"url": "http://new.syt.invalid/", "org": w.b.ID})
	}},
	"GET /api/v1/monitors/{id}": {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/monitors/"+w.bMonitor, nil) }},
	"PUT /api/v1/monitors/{id}": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/monitors/"+w.bMonitor, map[string]string{"url": "http://evil.invalid/", "org": w.b.ID})
	}},
	"POST /api/v1/monitors/{id}/check":  {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/monitors/"+w.bMonitor+"/check", nil) }},
	"POST /api/v1/monitors/{id}/pause":  {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/monitors/"+w.bMonitor+"/pause", nil) }},
	"POST /api/v1/monitors/{id}/resume": {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/monitors/"+w.bMonitor+"/resume", nil) }},
	"GET /api/v1/logs": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/logs?limit=10000"}, {name: "org B", path: "/api/v1/logs?org=" + w.b.ID},
			{name: "unassigned", path: "/api/v1/logs?org=-"}, {name: "q", path: "/api/v1/logs?q=dang%20nhap"}, {name: "source B", path: "/api/v1/logs?source=" + w.bSource}}
	}},
	"GET /api/v1/logs/histogram": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/logs/histogram"}, {name: "org B", path: "/api/v1/logs/histogram?org=" + w.b.ID}}
	}},
	"GET /api/v1/logs/export": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/logs/export?format=csv"}, {name: "org B", path: "/api/v1/logs/export?format=csv&org=" + w.b.ID},
			{name: "unassigned", path: "/api/v1/logs/export?format=csv&org=-"}}
	}},
	"GET /api/v1/logs/{id}": {"target", func(w *scopeWorld) []scopeCall { return one("B's event", "/api/v1/logs/"+w.bEvent, nil) }},
	"GET /api/v1/log-sources": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/log-sources"}, {name: "unassigned", path: "/api/v1/log-sources?unassigned=true"}}
	}},
	"POST /api/v1/log-sources": {"target", func(w *scopeWorld) []scopeCall {
		return one("for B", "/api/v1/log-sources", map[string]string{"org_id": w.b.ID, "name": "x", "kind": "address", "match": "10.66.1.1"})
	}},
	"PUT /api/v1/log-sources/{id}/assign": {"target", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "B's to A", path: "/api/v1/log-sources/" + w.bSource + "/assign", body: map[string]string{"org_id": w.a.ID}},
			{name: "unassigned to A", path: "/api/v1/log-sources/" + w.unSource + "/assign", body: map[string]string{"org_id": w.a.ID}}}
	}},
	"GET /api/v1/log-alerts": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/log-alerts?status=all"}, {name: "org B", path: "/api/v1/log-alerts?org=" + w.b.ID}}
	}},
	"GET /api/v1/log-alerts/{id}": {"target", func(w *scopeWorld) []scopeCall { return one("B's alert", "/api/v1/log-alerts/"+w.bAlert, nil) }},
	"POST /api/v1/log-alerts/{id}/acknowledge": {"target", func(w *scopeWorld) []scopeCall {
		return one("B's alert", "/api/v1/log-alerts/"+w.bAlert+"/acknowledge", map[string]string{"reason": "x"})
	}},
	"POST /api/v1/log-alerts/{id}/dismiss": {"target", func(w *scopeWorld) []scopeCall {
		return one("B's alert", "/api/v1/log-alerts/"+w.bAlert+"/dismiss", map[string]string{"reason": "x"})
	}},
	"POST /api/v1/log-alerts/{id}/incident": {"target", func(w *scopeWorld) []scopeCall {
		return one("B's alert", "/api/v1/log-alerts/"+w.bAlert+"/incident", map[string]string{"note": "x"})
	}},
	// Detection rules apply province-wide: only a root grant may write
	// them, so every role held on A is refused; reading them is harmless.
	"GET /api/v1/log-retention/{org}": {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/log-retention/"+w.b.ID, nil) }},
	"PUT /api/v1/log-retention/{org}": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/log-retention/"+w.b.ID, map[string]int{"days": 1})
	}},
	"GET /api/v1/log-rules": {"list", func(w *scopeWorld) []scopeCall { return one("all", "/api/v1/log-rules", nil) }},
	"PUT /api/v1/log-rules/{id}": {"target", func(w *scopeWorld) []scopeCall {
		return one("province rule", "/api/v1/log-rules/x-rule", map[string]string{"yaml": "id: x-rule\ntitle: T\nlevel: low\ndetection:\n  a:\n    app: x\n  condition: a\n"})
	}},
	"DELETE /api/v1/log-rules/{id}":     {"target", func(w *scopeWorld) []scopeCall { return one("shipped", "/api/v1/log-rules/windows-log-cleared", nil) }},
	"GET /api/v1/monitors/{id}/history": {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/monitors/"+w.bMonitor+"/history", nil) }},
	"GET /api/v1/findings": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/findings?status=all"}, {name: "monitor B", path: "/api/v1/findings?monitor=" + w.bMonitor}}
	}},
	"POST /api/v1/monitors/import": {"import", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "for B", path: "/api/v1/monitors/import", upload: []byte("Mã đơn vị,Địa chỉ trang\nDEPT-B,http://moi.syt.invalid/\n")}}
	}},
	"GET /api/v1/monitor-terms": {"list", func(w *scopeWorld) []scopeCall { return one("", "/api/v1/monitor-terms", nil) }},
	"PUT /api/v1/monitor-terms": {"target", func(w *scopeWorld) []scopeCall {
		return one("province-wide", "/api/v1/monitor-terms", map[string][]string{"terms": {"chỉ cấp tỉnh được sửa"}})
	}},
	"GET /api/v1/findings/{id}":          {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/findings/"+w.bFinding, nil) }},
	"POST /api/v1/findings/{id}/accept":  {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/findings/"+w.bFinding+"/accept", nil) }},
	"POST /api/v1/findings/{id}/confirm": {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/findings/"+w.bFinding+"/confirm", nil) }},
	"GET /api/v1/orgs/without-officer":   {"list", func(w *scopeWorld) []scopeCall { return one("", "/api/v1/orgs/without-officer", nil) }},
	"POST /api/v1/orgs/import": {"import", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "under B", path: "/api/v1/orgs/import", upload: []byte("code,name,type,parent_code\nNEW-IN-B,Phòng mới,unit,DEPT-B\n")}}
	}},
	"GET /api/v1/orgs/{id}": {"target", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "B", path: "/api/v1/orgs/" + w.b.ID}, {name: "B1", path: "/api/v1/orgs/" + w.b1.ID}}
	}},
	"PATCH /api/v1/orgs/{id}": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/orgs/"+w.b.ID, map[string]string{"name": "Đã bị đổi tên"})
	}},
	"POST /api/v1/orgs/{id}/move": {"target", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "B under A", path: "/api/v1/orgs/" + w.b1.ID + "/move", body: map[string]string{"parent_id": w.a.ID}},
			{name: "A1 under B", path: "/api/v1/orgs/" + w.a1.ID + "/move", body: map[string]string{"parent_id": w.b.ID}}}
	}},
	"POST /api/v1/orgs/{id}/deactivate": {"target", func(w *scopeWorld) []scopeCall {
		return one("B1", "/api/v1/orgs/"+w.b1.ID+"/deactivate", nil)
	}},
	"POST /api/v1/orgs/{id}/activate": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/orgs/"+w.b.ID+"/activate", nil)
	}},
	"PUT /api/v1/orgs/{id}/officer": {"target", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "B, B person", path: "/api/v1/orgs/" + w.b.ID + "/officer", body: map[string]string{"person_id": w.bStaff.ID}},
			{name: "A, B person", path: "/api/v1/orgs/" + w.a.ID + "/officer", body: map[string]string{"person_id": w.bStaff.ID}}}
	}},
	"GET /api/v1/people": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/people"}, {name: "org B", path: "/api/v1/people?org=" + w.b.ID},
			{name: "q", path: "/api/v1/people?q=b."}, {name: "offboarded", path: "/api/v1/people?status=offboarded"}}
	}},
	"POST /api/v1/people": {"target", func(w *scopeWorld) []scopeCall {
		return one("in B", "/api/v1/people", map[string]any{"login": "new.in.b", "full_name": "Người Mới", "org_id": w.b.ID})
	}},
	"POST /api/v1/people/import": {"import", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "into B", path: "/api/v1/people/import", upload: []byte("login,full_name,org_code\nnew.in.b,Người Mới,DEPT-B\n")}}
	}},
	"GET /api/v1/people/{id}": {"target", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "staff", path: "/api/v1/people/" + w.bStaff.ID}, {name: "pending", path: "/api/v1/people/" + w.bPending.ID}}
	}},
	"PATCH /api/v1/people/{id}": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/people/"+w.bStaff.ID, map[string]string{"title": "Đã bị sửa"})
	}},
	"GET /api/v1/people/{id}/account": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/people/"+w.bLocked.ID+"/account", nil)
	}},
	"GET /api/v1/people/{id}/history": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/people/"+w.bStaff.ID+"/history", nil)
	}},
	"POST /api/v1/people/{id}/link": {"target", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "active", path: "/api/v1/people/" + w.bStaff.ID + "/link"}, {name: "pending", path: "/api/v1/people/" + w.bPending.ID + "/link"}}
	}},
	"POST /api/v1/people/{id}/suspend": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/people/"+w.bStaff.ID+"/suspend", nil)
	}},
	"POST /api/v1/people/{id}/reactivate": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/people/"+w.bStaff.ID+"/reactivate", nil)
	}},
	"POST /api/v1/people/{id}/unlock": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/people/"+w.bLocked.ID+"/unlock", nil)
	}},
	"POST /api/v1/people/{id}/transfer": {"target", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "B person to A", path: "/api/v1/people/" + w.bStaff.ID + "/transfer", body: map[string]string{"org_id": w.a.ID}},
			{name: "A person to B", path: "/api/v1/people/" + w.aPerson.ID + "/transfer", body: map[string]string{"org_id": w.b.ID}}}
	}},
	"POST /api/v1/people/{id}/offboard": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/people/"+w.bStaff.ID+"/offboard", map[string]string{"reason": "leave"})
	}},
	"DELETE /api/v1/people/{id}/totp": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/people/"+w.bStaff.ID+"/totp", nil)
	}},
	"GET /api/v1/people/{id}/grants": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/people/"+w.bOfficer.ID+"/grants", nil)
	}},
	"POST /api/v1/grants": {"target", func(w *scopeWorld) []scopeCall {
		return []scopeCall{
			{name: "B person on B", path: "/api/v1/grants", body: map[string]string{"person_id": w.bStaff.ID, "org_id": w.b.ID, "role": "officer"}},
			{name: "A person on B", path: "/api/v1/grants", body: map[string]string{"person_id": w.aPerson.ID, "org_id": w.b.ID, "role": "staff"}},
			{name: "B person on A", path: "/api/v1/grants", body: map[string]string{"person_id": w.bStaff.ID, "org_id": w.a.ID, "role": "staff"}},
		}
	}},
	"DELETE /api/v1/grants/{id}": {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/grants/"+w.bGrant, nil) }},
	"GET /api/v1/offboardings": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/offboardings"}, {name: "org B", path: "/api/v1/offboardings?org=" + w.b.ID}}
	}},
	"POST /api/v1/offboarding-items/{id}/recover": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/offboarding-items/"+w.bItem+"/recover", map[string]string{"note": "x"})
	}},
	"GET /api/v1/locked-accounts": {"list", func(w *scopeWorld) []scopeCall { return one("", "/api/v1/locked-accounts", nil) }},
	"GET /api/v1/audit": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/audit?limit=1000"}, {name: "org B", path: "/api/v1/audit?org=" + w.b.ID},
			{name: "target", path: "/api/v1/audit?target=" + w.bStaff.ID}, {name: "actor", path: "/api/v1/audit?actor=b.staff"},
			{name: "q", path: "/api/v1/audit?q=b."}}
	}},
	// Exports are probed as CSV, whose text the secrets check can read
	// (TestExportScope opens the XLSX files). Each export is recorded with
	// its filter and the later audit export shows those records to A, so
	// the probes' filters never spell a secret themselves: naming B's
	// organisation is refused, and text filters aim at B without quoting it.
	"GET /api/v1/people/export": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/people/export?format=csv"}, {name: "xlsx", path: "/api/v1/people/export"},
			{name: "org B", path: "/api/v1/people/export?format=csv&org=" + w.b.ID}, {name: "q", path: "/api/v1/people/export?format=csv&q=b."},
			{name: "offboarded", path: "/api/v1/people/export?format=csv&status=offboarded"}}
	}},
	"GET /api/v1/orgs/export": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/orgs/export?format=csv&all=true"}, {name: "xlsx", path: "/api/v1/orgs/export?all=true"},
			{name: "under B", path: "/api/v1/orgs/export?format=csv&under=" + w.b.ID}, {name: "q", path: "/api/v1/orgs/export?format=csv&all=true&q=Y%20t%E1%BA%BF"}}
	}},
	"GET /api/v1/audit/export": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/audit/export?format=csv"}, {name: "xlsx", path: "/api/v1/audit/export"},
			{name: "org B", path: "/api/v1/audit/export?format=csv&org=" + w.b.ID}, {name: "q", path: "/api/v1/audit/export?format=csv&q=b."},
			{name: "logins", path: "/api/v1/audit/export?format=csv&action=auth.login"}}
	}},
	// Incidents (S7): B's incident is escalated (so the authority role
	// would see it were it held over B) and shared with an outside
	// organisation that no caller holds a role on.
	"GET /api/v1/incidents": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/incidents"}, {name: "org B", path: "/api/v1/incidents?org=" + w.b.ID},
			{name: "escalated", path: "/api/v1/incidents?escalated=true"}, {name: "q", path: "/api/v1/incidents?q=benh%20an"}}
	}},
	"POST /api/v1/incidents": {"target", func(w *scopeWorld) []scopeCall {
		return one("for B", "/api/v1/incidents", map[string]string{"title": "Giả mạo báo cáo", "org": w.b.ID})
	}},
	"GET /api/v1/incidents/export": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/incidents/export?format=csv"}, {name: "org B", path: "/api/v1/incidents/export?format=csv&org=" + w.b.ID}}
	}},
	"GET /api/v1/incidents/summary": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/summary?year=2026&org="+w.b.ID, nil)
	}},
	"GET /api/v1/incidents/summary/report": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/summary/report?year=2026&format=xlsx&org="+w.b.ID, nil)
	}},
	"GET /api/v1/incidents/{id}": {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/incidents/"+w.bIncident.ID, nil) }},
	"PUT /api/v1/incidents/{id}/triage": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/triage", map[string]string{"title": "x", "category": "dos", "severity": "low"})
	}},
	"POST /api/v1/incidents/{id}/comments": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/comments", map[string]any{"body": "xâm nhập", "shared": true})
	}},
	"POST /api/v1/incidents/{id}/tasks": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/tasks", map[string]any{"title": "việc lạ"})
	}},
	"POST /api/v1/incidents/{id}/tasks/{task}/done": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/tasks/"+w.bIncident.Tasks[0].ID+"/done", nil)
	}},
	"POST /api/v1/incidents/{id}/files": {"target", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "B", path: "/api/v1/incidents/" + w.bIncident.ID + "/files", upload: []byte("bằng chứng giả")}}
	}},
	"GET /api/v1/incidents/{id}/files/{file}": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/files/"+w.bIncident.Files[0].ID, nil)
	}},
	"POST /api/v1/incidents/{id}/respond": {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/respond", nil) }},
	"POST /api/v1/incidents/{id}/reject": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/reject", map[string]string{"reason": "x"})
	}},
	"POST /api/v1/incidents/{id}/escalate": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/escalate", map[string]string{"reason": "x"})
	}},
	"POST /api/v1/incidents/{id}/shares": {"target", func(w *scopeWorld) []scopeCall {
		return one("B to A", "/api/v1/incidents/"+w.bIncident.ID+"/shares", map[string]string{"org_id": w.a.ID})
	}},
	"DELETE /api/v1/incidents/{id}/shares/{share}": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/shares/"+w.bIncident.Shares[0].ID, nil)
	}},
	"POST /api/v1/incidents/{id}/coordinators": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/coordinators", map[string]string{"person_id": w.aPerson.ID})
	}},
	"DELETE /api/v1/incidents/{id}/coordinators/{person}": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/coordinators/"+w.bOfficer.ID, nil)
	}},
	"POST /api/v1/incidents/{id}/initial-report": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/initial-report", nil)
	}},
	"POST /api/v1/incidents/{id}/end": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/end", map[string]string{"actions_taken": "x"})
	}},
	"POST /api/v1/incidents/{id}/closing-report": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/closing-report", nil)
	}},
	"POST /api/v1/incidents/{id}/close": {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/close", nil) }},
	"GET /api/v1/incidents/{id}/documents/{doc}": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/incidents/"+w.bIncident.ID+"/documents/"+w.bIncident.Documents[0].ID, nil)
	}},
	"DELETE /api/v1/me/tokens/{id}": {"target", func(w *scopeWorld) []scopeCall { return one("B's token", "/api/v1/me/tokens/"+w.bToken, nil) }},
	// Settings belong to the whole installation: only an administrator of
	// the root organisation may read or change them, so every role held on
	// A — its administrator included — is refused.
	"GET /api/v1/settings": {"target", func(w *scopeWorld) []scopeCall { return one("all", "/api/v1/settings", nil) }},
	"PUT /api/v1/settings/{key}": {"target", func(w *scopeWorld) []scopeCall {
		return one("threshold", "/api/v1/settings/lockout_threshold", map[string]string{"value": "100"})
	}},
	"DELETE /api/v1/settings/{key}": {"target", func(w *scopeWorld) []scopeCall {
		return one("threshold", "/api/v1/settings/lockout_threshold", nil)
	}},
	// Notifications (S12): an inbox is its owner's alone; webhooks and
	// deliveries belong to an organisation subtree.
	"GET /api/v1/notifications": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/notifications"}, {name: "unread", path: "/api/v1/notifications?unread=true"}}
	}},
	"POST /api/v1/notifications/{id}/read": {"target", func(w *scopeWorld) []scopeCall {
		return one("B staff's", "/api/v1/notifications/"+w.bNotification+"/read", nil)
	}},
	"GET /api/v1/webhooks": {"list", func(w *scopeWorld) []scopeCall { return one("", "/api/v1/webhooks", nil) }},
	"POST /api/v1/webhooks": {"target", func(w *scopeWorld) []scopeCall {
		return one("on B", "/api/v1/webhooks", map[string]any{"org_id": w.b.ID, "name": "Nghe lén", "url": "https://evil.invalid/hook"})
	}},
	"GET /api/v1/webhooks/{id}":          {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/webhooks/"+w.bWebhook, nil) }},
	"DELETE /api/v1/webhooks/{id}":       {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/webhooks/"+w.bWebhook, nil) }},
	"POST /api/v1/webhooks/{id}/enable":  {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/webhooks/"+w.bWebhook+"/enable", nil) }},
	"POST /api/v1/webhooks/{id}/disable": {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/webhooks/"+w.bWebhook+"/disable", nil) }},
	"POST /api/v1/webhooks/{id}/test":    {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/webhooks/"+w.bWebhook+"/test", nil) }},
	"GET /api/v1/deliveries": {"list", func(w *scopeWorld) []scopeCall {
		return []scopeCall{{name: "all", path: "/api/v1/deliveries"}, {name: "webhooks", path: "/api/v1/deliveries?channel=webhook"}}
	}},
	"POST /api/v1/deliveries/{id}/retry": {"target", func(w *scopeWorld) []scopeCall {
		return one("B", "/api/v1/deliveries/"+w.bDelivery+"/retry", nil)
	}},
}

// scopeExempt are routes with no organisation, person, grant or item to
// aim at: they act on the caller alone.
var scopeExempt = map[string]string{
	"GET /api/v1/openapi.json":     "public document",
	"POST /api/v1/login":           "public sign-in",
	"POST /api/v1/logout":          "the caller's own session",
	"GET /api/v1/me":               "the caller",
	"POST /api/v1/me/password":     "the caller's password",
	"POST /api/v1/me/totp":         "the caller's second factor",
	"POST /api/v1/me/totp/confirm": "the caller's second factor",
	"GET /api/v1/me/tokens":        "the caller's tokens (no id)",
	"POST /api/v1/logs":            "authenticated by a log source's token, whose agency the events go to",
	"POST /api/v1/me/tokens":       "the caller's tokens (no id)",

	"GET /api/v1/notifications/unread-count": "the caller's own inbox",
	"POST /api/v1/notifications/read-all":    "the caller's own inbox",
	"GET /api/v1/account/notification-prefs": "the caller's own preferences",
	"PUT /api/v1/account/notification-prefs": "the caller's own preferences",
}

// TestScopeMatrixCoversRoutes fails when a route has no scope entry and no
// exemption, or an entry names a route that does not exist.
func TestScopeMatrixCoversRoutes(t *testing.T) {
	routed := map[string]bool{}
	for _, rt := range api.New(api.Deps{}).Routes() {
		key := rt.Method + " " + rt.Path
		routed[key] = true
		_, inMatrix := scopeMatrix[key]
		_, exempt := scopeExempt[key]
		if inMatrix == exempt {
			t.Errorf("%s: needs exactly one of a scope matrix entry or an exemption (matrix %v, exempt %v)", key, inMatrix, exempt)
		}
	}
	for key := range scopeMatrix {
		if !routed[key] {
			t.Errorf("scope matrix entry for a route that does not exist: %s", key)
		}
	}
	for key := range scopeExempt {
		if !routed[key] {
			t.Errorf("exemption for a route that does not exist: %s", key)
		}
	}
}

// TestScopeMatrix runs every route with an id as every role held on A,
// aimed at B, and expects refusal; list routes must not show B.
func TestScopeMatrix(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		w := newScopeWorld(t, in)
		// The callers are real: the admin of A reads A.
		w.callers[principal.Admin].must(200, "GET", "/api/v1/orgs/"+w.a.ID, nil, nil)
		w.callers[principal.Officer].must(200, "GET", "/api/v1/people/"+w.aPerson.ID, nil, nil)

		routes := api.New(api.Deps{}).Routes()
		// Target and import calls first, lists after, so that a refusal
		// that still changed something would show in the lists.
		for _, kind := range []string{"target", "import", "list"} {
			for _, rt := range routes {
				key := rt.Method + " " + rt.Path
				e, ok := scopeMatrix[key]
				if !ok || e.kind != kind {
					continue
				}
				for _, role := range principal.Roles() {
					c := w.callers[role]
					for _, call := range e.calls(w) {
						t.Run(fmt.Sprintf("%s/%s/%s", key, call.name, role), func(t *testing.T) {
							c.tb = t
							var r reply
							if call.upload != nil {
								r = c.upload(call.path, "b.csv", call.upload)
							} else {
								r = c.do(rt.Method, call.path, call.body)
							}
							checkScope(t, w, kind, r)
						})
					}
				}
			}
		}
		w.checkUntouched(t)
	})
}

func checkScope(t *testing.T, w *scopeWorld, kind string, r reply) {
	t.Helper()
	e := r.err().Error
	switch kind {
	case "target":
		if (r.Status != http.StatusForbidden && r.Status != http.StatusNotFound) || (e.Code != "forbidden" && e.Code != "not_found") {
			t.Errorf("not refused: %.400s", r)
		}
		if e.Message == "Không có API này." {
			t.Errorf("the matrix called a path that is not routed: %s", r)
		}
	case "import":
		// Imports name B by code and report per row: a refusal is a 400
		// (nothing imported) or a 403, never a success.
		if r.Status != http.StatusBadRequest && r.Status != http.StatusForbidden {
			t.Errorf("import into B not refused: %.400s", r)
		}
	case "list":
		if r.Status != http.StatusOK && r.Status != http.StatusForbidden {
			t.Errorf("list: %.400s", r)
		}
	}
	for _, s := range w.secrets {
		if strings.Contains(string(r.Body), s) {
			t.Errorf("answer names B (%q): %.600s", s, r)
		}
	}
}

// checkUntouched proves that nothing of B changed, whatever the answers.
func (w *scopeWorld) checkUntouched(t *testing.T) {
	t.Helper()
	sys := w.in.System()
	w.checkAssetsUntouched(t)
	b, err := w.in.Main.Dir.GetOrg(sys, w.b.ID)
	if err != nil || b.Name != w.b.Name || !b.Active || b.OfficerID != w.bOfficer.ID {
		t.Errorf("B changed: %+v %v", b, err)
	}
	b1, err := w.in.Main.Dir.GetOrg(sys, w.b1.ID)
	if err != nil || b1.ParentID != w.b.ID || !b1.Active {
		t.Errorf("B1 changed: %+v %v", b1, err)
	}
	a1, err := w.in.Main.Dir.GetOrg(sys, w.a1.ID)
	if err != nil || a1.ParentID != w.a.ID {
		t.Errorf("A1 moved: %+v %v", a1, err)
	}
	under, err := w.in.Main.Dir.ListOrgs(sys, directory.OrgFilter{Under: w.b.ID, IncludeRetired: true})
	if err != nil || len(under) != 2 {
		t.Errorf("B's subtree changed: %+v %v", under, err)
	}
	for _, p := range []*directory.Person{w.bStaff, w.aPerson} {
		got, err := w.in.Main.Dir.GetPerson(sys, p.ID)
		if err != nil || got.Status != directory.StatusActive || got.OrgID != p.OrgID || got.Title != p.Title {
			t.Errorf("%s changed: %+v %v", p.Login, got, err)
		}
	}
	people, err := w.in.Main.Dir.ListPeople(sys, directory.PersonFilter{OrgID: w.b.ID})
	if err != nil || len(people) != 5 {
		t.Errorf("B's people changed: %d %v", len(people), err)
	}
	gs, err := w.in.Main.Dir.ListGrants(sys, w.bStaff.ID)
	if err != nil || len(gs) != 1 {
		t.Errorf("B staff's grants changed: %+v %v", gs, err)
	}
	gs, err = w.in.Main.Dir.ListGrants(sys, w.bOfficer.ID)
	if err != nil || len(gs) != 2 {
		t.Errorf("B officer's grants changed: %+v %v", gs, err)
	}
	st, err := w.in.Main.Auth.State(sys, w.bLocked.ID)
	if err != nil || st.LockedUntil.Before(time.Now()) {
		t.Errorf("B's locked account unlocked: %+v %v", st, err)
	}
	offs, err := w.in.Main.Auth.Offboardings(sys, w.b.ID)
	if err != nil || len(offs) != 1 {
		t.Fatalf("B's offboardings: %+v %v", offs, err)
	}
	for _, it := range offs[0].Items {
		if !it.RecoveredAt.IsZero() {
			t.Errorf("B's checklist ticked: %+v", it)
		}
	}
	if got := w.in.Main.Settings.Effective().LockoutThreshold; got != w.in.Main.Cfg.LockoutThreshold {
		t.Errorf("lockout threshold changed to %d", got)
	}
	if h, err := w.in.Main.Notify.GetWebhook(sys, w.bWebhook); err != nil || !h.Enabled {
		t.Errorf("B's webhook changed: %+v %v", h, err)
	}
	var readAt int64
	if err := w.in.Main.DB.R.QueryRow(`SELECT read_at FROM notifications WHERE id = $1`, w.bNotification).Scan(&readAt); err != nil || readAt != 0 {
		t.Errorf("B staff's notification read by someone else: %d %v", readAt, err)
	}
	toks, err := w.in.Main.Auth.ListTokens(as(t, w.in, w.bStaff.ID))
	if err != nil || len(toks) != 1 || !toks[0].RevokedAt.IsZero() {
		t.Errorf("B's token revoked: %+v %v", toks, err)
	}
}
