package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"attt/internal/config"
	"attt/internal/directory"
	"attt/internal/incident"
	"attt/internal/locale"
	"attt/internal/notify"
	"attt/internal/notify/smtptest"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// TestNotificationsAPI runs the whole program with a real SMTP server
// process and a webhook receiver: a message handed to Notify shows in the
// person's inbox, leaves by email and webhook through the background
// worker, and administrators see the deliveries.
func TestNotificationsAPI(t *testing.T) {
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) {
			sink := smtptest.Start(t)
			in := e2e.Start(t, e2e.Options{Postgres: pg, Tune: func(c *config.Config) {
				c.TrustedProxies = []string{"127.0.0.1"}
				c.SMTPHost, c.SMTPPort, c.SMTPTLS, c.SMTPFrom = "127.0.0.1", sink.Port, "none", "attt@hungyen.gov.vn"
			}})
			testNotificationsAPI(t, in, sink)
		})
	}
}

func testNotificationsAPI(t *testing.T, in *e2e.Instance, sink *smtptest.Sink) {
	var mu sync.Mutex
	var calls []*http.Request
	var bodies [][]byte
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		calls, bodies = append(calls, r), append(bodies, b)
		mu.Unlock()
	}))
	defer rcv.Close()

	dept := in.Org(t, "DEPT-A", "Sở Nội vụ", directory.TypeDepartment, "")
	in.Person(t, "a.officer", "Ngô Thị Lan", "DEPT-A", pw, principal.Officer)
	staff := in.Person(t, "a.staff", "Vũ Đức Bình", "DEPT-A", pw)
	sys := in.System()
	if _, err := in.Main.Dir.UpdatePerson(sys, staff.ID, directory.PersonInput{FullName: staff.FullName, Email: "a.staff@hungyen.gov.vn", OrgID: dept.ID}); err != nil {
		t.Fatal(err)
	}
	in.Person(t, "root.admin", "Đỗ Quản Trị", "", pw, principal.Admin)
	officer, me, admin := signIn(t, in, "a.officer", pw), signIn(t, in, "a.staff", pw), signIn(t, in, "root.admin", pw)

	var hook notify.Webhook
	officer.must(201, "POST", "/api/v1/webhooks", map[string]any{"org_id": dept.ID, "name": "SOC", "url": rcv.URL, "kinds": []string{"incident.*"}}, &hook)
	if !strings.HasPrefix(hook.Secret, "whsec_") {
		t.Fatalf("secret not shown on creation: %+v", hook)
	}
	var hooks list[notify.Webhook]
	officer.must(200, "GET", "/api/v1/webhooks", nil, &hooks)
	if len(hooks.Items) != 1 || hooks.Items[0].Secret != "" {
		t.Errorf("listing: %+v", hooks)
	}
	r := officer.do("POST", "/api/v1/webhooks", map[string]any{"org_id": dept.ID, "name": "x", "url": "javascript:alert(1)"})
	if r.Status != 400 || !strings.Contains(r.err().Error.Message, "Webhook không hợp lệ") {
		t.Errorf("bad URL: %s", r)
	}

	if err := in.Main.Notify.Send(sys, notify.Message{Kind: "incident.reported", OrgID: dept.ID, To: []string{staff.ID},
		Subject: locale.T("Sự cố mới: mã độc tại Sở Nội vụ", "New incident: malware"), Body: locale.T("Cần xử lý.", "Needs handling."),
		Link: "/incidents/SC-1"}); err != nil {
		t.Fatal(err)
	}
	var inbox list[struct {
		ID      string `json:"id"`
		Subject string `json:"subject"`
		Link    string `json:"link"`
		Read    bool   `json:"read"`
	}]
	me.must(200, "GET", "/api/v1/notifications", nil, &inbox)
	if len(inbox.Items) != 1 || inbox.Items[0].Subject != "Sự cố mới: mã độc tại Sở Nội vụ" || inbox.Items[0].Read {
		t.Fatalf("inbox: %+v", inbox)
	}
	var count struct{ Unread int }
	me.must(200, "GET", "/api/v1/notifications/unread-count", nil, &count)
	if count.Unread != 1 {
		t.Errorf("unread %d", count.Unread)
	}
	officer.must(404, "POST", "/api/v1/notifications/"+inbox.Items[0].ID+"/read", nil, nil)
	var read struct{ Link string }
	me.must(200, "POST", "/api/v1/notifications/"+inbox.Items[0].ID+"/read", nil, &read)
	if read.Link != "/incidents/SC-1" {
		t.Errorf("read answer %+v", read)
	}
	me.must(200, "GET", "/api/v1/notifications/unread-count", nil, &count)
	if count.Unread != 0 {
		t.Errorf("unread after read: %d", count.Unread)
	}
	r = me.do("PUT", "/api/v1/account/notification-prefs", map[string]string{"email": "weekly"})
	if r.Status != 400 || len(r.err().Error.Details) == 0 {
		t.Errorf("bad preference: %s", r)
	}
	var prefs notify.Prefs
	me.must(200, "PUT", "/api/v1/account/notification-prefs", map[string]string{"email": "digest", "lang": "en"}, &prefs)
	me.must(200, "GET", "/api/v1/account/notification-prefs", nil, &prefs)
	if prefs.Email != "digest" || prefs.Lang != "en" || prefs.DigestHour != 7 {
		t.Errorf("prefs: %+v", prefs)
	}

	// The background worker sends the email and the webhook call.
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := len(calls)
		mu.Unlock()
		if n == 1 && len(sink.Messages(t)) == 1 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	mails := sink.Messages(t)
	if len(mails) != 1 || mails[0].Subject != "Sự cố mới: mã độc tại Sở Nội vụ" || !strings.Contains(mails[0].Body, in.URL+"/incidents/SC-1") {
		t.Fatalf("mails: %+v", mails)
	}
	mu.Lock()
	if len(calls) != 1 {
		t.Fatalf("webhook calls: %d", len(calls))
	}
	c := calls[0]
	if err := notify.Verify(hook.Secret, c.Header.Get(notify.HeaderTimestamp), c.Header.Get(notify.HeaderSignature), bodies[0], time.Now(), time.Minute); err != nil {
		t.Errorf("signature: %v", err)
	}
	mu.Unlock()

	var ds list[notify.Delivery]
	admin.must(200, "GET", "/api/v1/deliveries?status=sent", nil, &ds)
	if len(ds.Items) != 2 {
		t.Errorf("sent deliveries: %+v", ds)
	}
	officer.must(200, "GET", "/api/v1/deliveries", nil, &ds)
	if len(ds.Items) != 0 {
		t.Errorf("an officer sees deliveries: %+v", ds)
	}
	var test notify.Delivery
	officer.must(200, "POST", "/api/v1/webhooks/"+hook.ID+"/test", nil, &test)
	if test.Status != notify.StatusSent || test.Kind != "webhook.test" {
		t.Errorf("test delivery: %+v", test)
	}
	// An incident reported by staff reaches the officer's inbox and the
	// webhook through the incidents room's own transaction.
	inc, err := in.Main.Incidents.Report(as(t, in, staff.ID), incident.ReportInput{Title: "Máy trạm nhiễm mã độc tống tiền"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var officerInbox list[struct {
		Subject string `json:"subject"`
		Link    string `json:"link"`
	}]
	officer.must(200, "GET", "/api/v1/notifications", nil, &officerInbox)
	if len(officerInbox.Items) != 1 || !strings.Contains(officerInbox.Items[0].Subject, "Máy trạm nhiễm mã độc tống tiền") || officerInbox.Items[0].Link != "/incidents/"+inc.ID {
		t.Errorf("officer's inbox after an incident report: %+v", officerInbox)
	}
	officer.must(200, "POST", "/api/v1/webhooks/"+hook.ID+"/disable", nil, &hook)
	officer.must(200, "DELETE", "/api/v1/webhooks/"+hook.ID, nil, nil)
	officer.must(404, "GET", "/api/v1/webhooks/"+hook.ID, nil, nil)
}
