package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sync/atomic"
	"testing"

	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// TestMonitorPages: register a portal through the form, check it, see its
// state and chart, see a defacement as a critical finding with its evidence,
// and confirm it; edit the spam terms.
func TestMonitorPages(t *testing.T) {
	var defaced atomic.Bool
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if defaced.Load() {
			fmt.Fprint(w, `<html><head><title>Hacked by Ghost</title></head><body><h1>Hacked by Ghost</h1></body></html>`)
			return
		}
		fmt.Fprint(w, `<html><head><title>Cổng thông tin Sở Y tế</title></head><body><h1>Sở Y tế tỉnh Hưng Yên</h1><p>Tin tức hoạt động của ngành y tế.</p></body></html>`)
	}))
	defer site.Close()

	in := e2e.Start(t, e2e.Options{})
	in.Person(t, "quantri", "Trần Quản Trị", "", adminPassword, principal.Admin)
	root, err := in.Main.Dir.Root(in.System())
	if err != nil {
		t.Fatal(err)
	}
	c := newWebClient(t, in.URL)
	c.get("/login")
	st, _ := c.post("/login", url.Values{"login": {"quantri"}, "password": {adminPassword}})
	c.expect("login", st, 200)

	st, _ = c.post("/monitors", url.Values{"org": {root.ID}, "url": {"ftp://x"}, "interval": {"5m"}})
	c.expect("bad url", st, 400, "http:// hoặc https://")
	st, body := c.post("/monitors", url.Values{"org": {root.ID}, "url": {site.URL + "/"}, "name": {"Cổng Sở Y tế"}, "interval": {"5m"},
		"crawl_depth": {"0"}, "max_pages": {"1"}, "alert_after": {"3"}})
	c.expect("register", st, 200, "Cổng Sở Y tế", "Đã tạo.")
	id := regexp.MustCompile(`action="/monitors/([0-9A-Z]+)/check"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("no check button on the monitor page")
	}
	st, _ = c.post("/monitors/"+id[1]+"/check", url.Values{})
	c.expect("first check", st, 200, "Đã kiểm tra xong.", "Hoạt động", "<svg")
	defaced.Store(true)
	st, _ = c.post("/monitors/"+id[1]+"/check", url.Values{})
	c.expect("defaced check", st, 200, "Nghiêm trọng")
	st, body = c.get("/findings")
	c.expect("findings", st, 200, "Cổng Sở Y tế")
	fid := regexp.MustCompile(`href="/findings/([0-9A-Z]+)"`).FindStringSubmatch(body)
	if fid == nil {
		t.Fatal("no finding listed")
	}
	st, _ = c.get("/findings/" + fid[1])
	c.expect("finding evidence", st, 200, "Hacked by Ghost", "googlebot", "Xác nhận bị tấn công")
	st, _ = c.get("/monitors?problems=1")
	c.expect("problems filter", st, 200, "Cổng Sở Y tế")
	st, _ = c.post("/findings/"+fid[1]+"/confirm", url.Values{"note": {"Đã báo cáo sự cố"}})
	c.expect("confirm", st, 200, "confirmed", "Đã báo cáo sự cố")
	st, _ = c.post("/monitors/terms", url.Values{"terms": {"nổ hũ\ncờ tướng ăn tiền"}})
	c.expect("terms", st, 200, "cờ tướng ăn tiền", "Đã lưu.")
	st, body = c.get("/monitors?problems=1")
	c.expect("no more problems", st, 200, "Chưa có trang nào được giám sát.")
}
