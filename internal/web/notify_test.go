package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"attt/internal/audit"
	"attt/internal/directory"
	"attt/internal/locale"
	"attt/internal/notify"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// TestNotificationPages: the inbox with its unread count in the menu,
// preferences, webhooks (secret shown once, test, disable, delete) and
// the deliveries page with "retry now", through the real forms.
func TestNotificationPages(t *testing.T) {
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer rcv.Close()
	in := e2e.Start(t, e2e.Options{})
	admin := in.Person(t, "quantri", "Trần Quản Trị", "", adminPassword, principal.Admin)
	staff := in.Person(t, "nhanvien", "Lê Thị Nhàn", "", adminPassword)
	sys := in.System()
	root, err := in.Main.Dir.Root(sys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Main.Dir.UpdatePerson(sys, admin.ID, directory.PersonInput{FullName: admin.FullName, Email: "quantri@hungyen.gov.vn", OrgID: root.ID}); err != nil {
		t.Fatal(err)
	}
	send := func(subject, link string, to string) {
		if err := in.Main.Notify.Send(sys, notify.Message{Kind: "incident.reported", OrgID: root.ID, To: []string{to},
			Subject: locale.T(subject, "New incident"), Link: link}); err != nil {
			t.Fatal(err)
		}
	}
	send("Sự cố mới: tấn công từ chối dịch vụ", "/orgs", admin.ID)
	send("Thông báo riêng của nhân viên", "/account", staff.ID)

	c := newWebClient(t, in.URL)
	c.get("/login")
	st, _ := c.post("/login", url.Values{"login": {"quantri"}, "password": {adminPassword}})
	c.expect("login", st, 200, `id="nav-notifications"`, `<span class="badge count"`)
	st, body := c.get("/notifications")
	c.expect("inbox", st, 200, "Sự cố mới: tấn công từ chối dịch vụ", "mới")
	if strings.Contains(body, "Thông báo riêng của nhân viên") {
		t.Fatal("someone else's notification in the inbox")
	}
	id := regexp.MustCompile(`action="/notifications/([0-9A-Z]+)/read"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("no read form")
	}
	st, _ = c.post("/notifications/"+id[1]+"/read", url.Values{})
	c.expect("open the object", st, 200, "Đơn vị")
	if strings.Contains(c.body, `<span class="badge count"`) {
		t.Error("unread count still shown after reading")
	}
	st, _ = c.post("/notifications/01NOTMINE0000000000000000/read", url.Values{})
	c.expect("unknown id", st, 404)

	st, _ = c.post("/account/notifications", url.Values{"email": {"weekly"}, "lang": {"vi"}})
	c.expect("bad preference", st, 400, "Cách nhận thư phải là")
	st, _ = c.post("/account/notifications", url.Values{"email": {"digest"}, "lang": {"en"}})
	c.expect("save preference", st, 200, "Đã lưu.", `value="digest" checked`)

	st, _ = c.post("/webhooks", url.Values{"org": {root.ID}, "name": {"SOC tỉnh"}, "url": {"ftp://soc"}, "kinds": {"incident.*"}})
	c.expect("bad webhook", st, 400, "Webhook không hợp lệ", "SOC tỉnh")
	st, body = c.post("/webhooks", url.Values{"org": {root.ID}, "name": {"SOC tỉnh"}, "url": {rcv.URL + "/hook"}, "kinds": {"incident.*"}})
	c.expect("webhook", st, 200, `id="webhook-secret" value="whsec_`, "incident.*")
	hid := regexp.MustCompile(`action="/webhooks/([0-9A-Z]+)/test"`).FindStringSubmatch(body)
	if hid == nil {
		t.Fatal("no test button")
	}
	st, body = c.get("/webhooks")
	c.expect("webhooks", st, 200, "SOC tỉnh")
	if strings.Contains(body, "whsec_") {
		t.Error("secret shown again")
	}
	st, _ = c.post("/webhooks/"+hid[1]+"/test", url.Values{})
	c.expect("test", st, 200, "Đã gửi thử", "Đã gửi")
	st, _ = c.post("/webhooks/"+hid[1]+"/enabled", url.Values{"enabled": {"0"}})
	c.expect("disable", st, 200, "đã tắt")

	// The worker finds no SMTP server configured: the email stays visible.
	deadline := time.Now().Add(15 * time.Second)
	for {
		st, body = c.get("/deliveries?channel=email")
		if strings.Contains(body, "SMTP is not configured") || time.Now().After(deadline) {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	c.expect("deliveries", st, 200, "quantri@hungyen.gov.vn", "Chưa cấu hình máy chủ thư", "SMTP")
	did := regexp.MustCompile(`action="/deliveries/([0-9A-Z]+)/retry"`).FindStringSubmatch(body)
	if did == nil {
		t.Fatal("no retry button")
	}
	st, _ = c.post("/deliveries/"+did[1]+"/retry", url.Values{})
	c.expect("retry", st, 200, "Đã thực hiện.")
	if recs, _ := in.Main.Trail.Search(sys, audit.Filter{Action: "delivery.retry", Limit: 5}); len(recs) != 1 {
		t.Errorf("retry audited %d times", len(recs))
	}
	st, _ = c.post("/webhooks/"+hid[1]+"/delete", url.Values{})
	c.expect("delete", st, 200, "Đã xóa.", "Chưa có webhook.")

	// Staff see their own inbox and no one's deliveries.
	s := newWebClient(t, in.URL)
	s.get("/login")
	st, _ = s.post("/login", url.Values{"login": {"nhanvien"}, "password": {adminPassword}})
	s.expect("staff login", st, 200)
	st, _ = s.get("/notifications")
	s.expect("staff inbox", st, 200, "Thông báo riêng của nhân viên")
	st, _ = s.get("/deliveries")
	s.expect("staff deliveries", st, 200, "Chưa có lượt gửi nào.")
	st, _ = s.post("/webhooks", url.Values{"org": {root.ID}, "name": {"x"}, "url": {"https://x.example/"}})
	s.expect("staff webhook", st, 403)
}
