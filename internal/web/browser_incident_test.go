package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"attt/internal/directory"
	"attt/internal/principal"
	"attt/internal/testutil/pdftext"
)

// logout signs out through the header's form.
func (b *browser) logout() {
	b.t.Helper()
	if st := b.submit(`form[action="/logout"] button`); st != 200 {
		b.fatalf("logout: status %d", st)
	}
}

// signIn signs in through the form, staying under the sign-in rate limit
// (ten at once, then one every six seconds): the form is not loaded again
// when a sign-out has just shown it, and a refusal waits for the limiter.
func (b *browser) signIn(login, password string) {
	b.t.Helper()
	for try := 0; ; try++ {
		if b.eval(`location.pathname`) != "/login" || b.count("#login") == 0 {
			b.open("/login")
		}
		b.do(chromedp.SetValue(chromedp.ID("login"), login), chromedp.SetValue(chromedp.ID("password"), password))
		st := b.submit("#submit")
		if st == http.StatusTooManyRequests && try < 3 {
			time.Sleep(13 * time.Second)
			continue
		}
		if st != 200 || b.count("#tile-no-officer") != 1 {
			b.fatalf("sign in %s: status %d", login, st)
		}
		return
	}
}

// eval returns the value of a JavaScript expression on the current page.
func (b *browser) eval(js string) string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.fatalf("browser: %s: %v", js, err)
	}
	return s
}

// expectText fails unless the text of sel contains every want.
func (b *browser) expectText(sel string, want ...string) {
	b.t.Helper()
	got := b.text(sel)
	for _, w := range want {
		if !strings.Contains(got, w) {
			b.fatalf("%s: %q lacks %q", sel, got, w)
		}
	}
}

// fetch downloads path over HTTP with the browser's session cookie.
func (b *browser) fetch(path string) (*http.Response, []byte) {
	b.t.Helper()
	res, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{b.base + "/"}})
	if err != nil {
		b.fatalf("cookies: %v", err)
	}
	req, _ := http.NewRequest("GET", b.base+path, nil)
	for _, c := range res.Cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return resp, body
}

// documentLinks maps each issued form on the incident page to its PDF link.
func (b *browser) documentLinks() map[string]string {
	b.t.Helper()
	list := b.eval(`Array.from(document.querySelectorAll('#documents tr.doc')).map(tr => tr.dataset.form + ' ' + tr.querySelector('a.pdf').getAttribute('href')).join('\n')`)
	out := map[string]string{}
	for _, line := range strings.Split(list, "\n") {
		if form, href, ok := strings.Cut(line, " "); ok {
			out[form] = href
		}
	}
	return out
}

// checkPDF downloads a document and checks its text.
func checkPDF(b *browser, what, href string, want ...string) {
	b.t.Helper()
	if href == "" {
		b.fatalf("%s: no download link", what)
	}
	res, body := b.fetch(href)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		b.t.Fatalf("%s: status %d, %s", what, res.StatusCode, res.Header.Get("Content-Type"))
	}
	text := pdftext.Layout(b.t, body)
	flat := strings.Join(strings.Fields(text), " ")
	for _, w := range want {
		if !strings.Contains(flat, w) {
			b.t.Errorf("%s lacks %q\n%s", what, w, text)
		}
	}
}

// TestBrowserIncident walks an incident from the report to its closing in
// Chromium: staff report, the officer triages and escalates, the authority
// invites the police and assigns a coordinator, the police comment, the
// officer ends the response, files Mẫu 04 and closes; the notice, Mẫu 03
// and Mẫu 04 are downloaded and read back.
func TestBrowserIncident(t *testing.T) {
	in := incidentProvince(t, false)
	police := in.Org(t, "CA-HY", "Công an tỉnh Hưng Yên", directory.TypePolice, "")
	in.Person(t, "dung.pa05", "Vũ Văn Dũng", "CA-HY", incidentPassword, principal.Police)
	in.Person(t, "cuong.dv", "Đỗ Văn Cường", "", incidentPassword)
	b := newBrowser(t, in.URL)

	// Staff report from the menu's shortcut.
	b.signIn("an.nv", incidentPassword)
	b.submit("#nav-report-incident")
	detected := time.Now().In(time.FixedZone("ICT", 7*3600)).Add(-2 * time.Hour).Format("2006-01-02T15:04")
	b.do(chromedp.SendKeys(chromedp.ID("title"), "Trang chủ cổng thông tin bị thay đổi giao diện"),
		chromedp.SendKeys(chromedp.ID("description"), "Trang chủ hiện dòng chữ “hacked by” thay cho tin tức."),
		chromedp.SetValue(chromedp.ID("detected_at"), detected),
		chromedp.SendKeys(chromedp.ID("affected"), "Cổng thông tin điện tử Sở Tài chính"),
		chromedp.SendKeys(chromedp.ID("contact"), "0912 345 678"))
	if st := b.submit("#report-submit"); st != 200 {
		b.fatalf("report: status %d", st)
	}
	b.expectText("#status", "Mới tiếp nhận")
	path := b.eval(`location.pathname`)
	if !strings.HasPrefix(path, "/incidents/") {
		b.fatalf("report: landed on %s", path)
	}
	b.logout()

	// The officer triages and escalates.
	b.signIn("lan.nt", incidentPassword)
	b.open(path)
	b.do(chromedp.SetValue(chromedp.ID("t-category"), "defacement"),
		chromedp.SetValue(chromedp.ID("t-severity"), "critical"),
		chromedp.Click(chromedp.ID("check-disruption")),
		chromedp.Click(chromedp.ID("check-beyond_capacity")),
		chromedp.SendKeys(chromedp.ID("sys-name-0"), "Cổng thông tin điện tử Sở Tài chính"),
		chromedp.SetValue(chromedp.ID("sys-level-0"), "4"),
		chromedp.SendKeys(chromedp.ID("sys-domain-0"), "stc.hungyen.gov.vn"),
		chromedp.SendKeys(chromedp.ID("sys-ips-0"), "10.1.2.3"),
		chromedp.SendKeys(chromedp.ID("t-containment"), "Đã tạm ngừng cổng thông tin"))
	if st := b.submit("#triage-submit"); st != 200 {
		b.fatalf("triage: status %d", st)
	}
	b.expectText("#status", "Đã phân loại")
	b.expectText("#serious", "Sự cố nghiêm trọng")
	b.do(chromedp.SendKeys(chromedp.ID("esc_reason"), "Vượt quá khả năng xử lý của đơn vị"),
		chromedp.SendKeys(chromedp.ID("esc_support"), "Hỗ trợ phân tích mã độc và khôi phục"))
	if st := b.submit("#escalate-submit"); st != 200 {
		b.fatalf("escalate: status %d", st)
	}
	b.expectText("#status", "Đang ứng cứu")
	b.expectText("#documents", "01/STC", "02/BC-STC")
	docs := b.documentLinks()
	checkPDF(b, "escalation notice", docs["incident.notice"], "Số: 01/STC", "SỞ TÀI CHÍNH", "vượt quá khả năng xử lý", "stc.hungyen.gov.vn")
	checkPDF(b, "Mẫu 03", docs["incident.mau03"], "Số: 02/BC-STC", "BÁO CÁO BAN ĐẦU SỰ CỐ MẠNG", "Sở Tài chính", "stc.hungyen.gov.vn", "10.1.2.3", "Ngô Thị Lan")
	b.logout()

	// The authority invites the police and assigns a coordinator.
	b.signIn("thu.pt", incidentPassword)
	b.open("/incidents?escalated=1")
	b.expectText("#incidents", "Trang chủ cổng thông tin bị thay đổi giao diện")
	b.open(path)
	b.do(chromedp.SetValue(chromedp.ID("share_org"), police.ID),
		chromedp.SendKeys(chromedp.ID("share_note"), "Đề nghị PA05 hỗ trợ điều tra"))
	if st := b.submit("#share-submit"); st != 200 {
		b.fatalf("share: status %d", st)
	}
	b.expectText("#shares", "Công an tỉnh Hưng Yên", "Đề nghị PA05 hỗ trợ điều tra")
	cuong, err := in.Main.Dir.PersonByLogin(in.System(), "cuong.dv")
	if err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.SetValue(chromedp.ID("coordinator"), cuong.ID))
	if st := b.submit("#coordinator-submit"); st != 200 {
		b.fatalf("coordinator: status %d", st)
	}
	b.expectText("#coordinators", "Đỗ Văn Cường")
	b.logout()

	// The police see the shared part and comment.
	b.signIn("dung.pa05", incidentPassword)
	b.open("/incidents")
	b.expectText("#incidents", "Trang chủ cổng thông tin bị thay đổi giao diện")
	b.open(path)
	if b.count("#triage-form") != 0 || b.count("#documents") != 0 {
		b.fatalf("the police see the officer's forms or the documents")
	}
	b.do(chromedp.SendKeys(chromedp.ID("comment-body"), "Đã xác định địa chỉ IP tấn công 203.0.113.9"))
	if st := b.submit("#comment-submit"); st != 200 {
		b.fatalf("police comment: status %d", st)
	}
	b.expectText("#timeline", "Đã xác định địa chỉ IP tấn công 203.0.113.9")
	dung, err := in.Main.Dir.PersonByLogin(in.System(), "dung.pa05")
	if err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.SendKeys(chromedp.ID("task_title"), "Thu thập chứng cứ điện tử"), chromedp.SetValue(chromedp.ID("task_owner"), dung.ID))
	if st := b.submit("#task-submit"); st != 200 {
		b.fatalf("police task: status %d", st)
	}
	b.expectText("#tasks", "Thu thập chứng cứ điện tử", "Vũ Văn Dũng")
	b.logout()

	// The officer ends the response, files Mẫu 04 and closes.
	b.signIn("lan.nt", incidentPassword)
	b.open(path)
	b.expectText("#timeline", "203.0.113.9", "Vũ Văn Dũng")
	b.do(chromedp.SendKeys(chromedp.ID("cause"), "Lộ mật khẩu quản trị"),
		chromedp.SendKeys(chromedp.ID("end-actions"), "Khôi phục trang chủ từ bản sao lưu"),
		chromedp.SendKeys(chromedp.ID("lessons"), "Bật xác thực hai yếu tố cho tài khoản quản trị"),
		chromedp.SendKeys(chromedp.ID("damage"), "5000000"))
	if st := b.submit("#end-submit"); st != 200 {
		b.fatalf("end response: status %d", st)
	}
	b.expectText("#status", "Đã xử lý xong")
	if st := b.submit("#closing-submit"); st != 200 {
		b.fatalf("closing report: status %d", st)
	}
	b.expectText("#documents", "03/BC-STC")
	if st := b.submit("#close-submit"); st != 200 {
		b.fatalf("close: status %d", st)
	}
	b.expectText("#status", "Đã đóng")
	checkPDF(b, "Mẫu 04", b.documentLinks()["incident.mau04"], "Số: 03/BC-STC", "BÁO CÁO KẾT THÚC ỨNG PHÓ SỰ CỐ", "Sở Tài chính",
		"Lộ mật khẩu quản trị", "Khôi phục trang chủ từ bản sao lưu", "02/BC-STC")
}
