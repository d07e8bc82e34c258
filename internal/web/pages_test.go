package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"attt/internal/audit"
	"attt/internal/directory"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// looseJar keeps cookies by name whatever their Secure flag: Go's cookiejar
// sends Secure cookies only over https, and the test server is plain http
// on a loopback address (which browsers treat as secure).
type looseJar struct {
	mu sync.Mutex
	m  map[string]*http.Cookie
}

func (j *looseJar) SetCookies(_ *url.URL, cs []*http.Cookie) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, c := range cs {
		if c.MaxAge < 0 {
			delete(j.m, c.Name)
			continue
		}
		j.m[c.Name] = c
	}
}

func (j *looseJar) Cookies(*url.URL) []*http.Cookie {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []*http.Cookie
	for _, c := range j.m {
		out = append(out, &http.Cookie{Name: c.Name, Value: c.Value})
	}
	return out
}

// webClient is a browser without a browser: cookies, CSRF field, and
// patience with the page rate limit.
type webClient struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
	body string
	last time.Time
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func newWebClient(t *testing.T, base string) *webClient {
	return &webClient{t: t, base: base, http: &http.Client{Jar: &looseJar{m: map[string]*http.Cookie{}}, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// send sends a request, keeping under the page rate limit and following redirects one hop at a time, so that a limited redirect target
// never makes the form post twice.
func (c *webClient) send(newReq func() *http.Request) (int, string) {
	c.t.Helper()
	for hops := 0; hops < 5; hops++ {
		res := c.once(newReq)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode/100 == 3 && loc != "" {
			target := res.Request.URL.ResolveReference(&url.URL{Path: loc})
			if u, err := url.Parse(loc); err == nil {
				target = res.Request.URL.ResolveReference(u)
			}
			newReq = func() *http.Request { r, _ := http.NewRequest("GET", target.String(), nil); return r }
			continue
		}
		c.body = string(b)
		if m := csrfInput.FindStringSubmatch(c.body); m != nil {
			c.csrf = m[1]
		}
		if strings.Contains(c.body, "render failed") {
			c.t.Fatalf("%s %s: template failed", res.Request.Method, res.Request.URL.Path)
		}
		return res.StatusCode, c.body
	}
	c.t.Fatal("too many redirects")
	return 0, ""
}

func (c *webClient) once(newReq func() *http.Request) *http.Response {
	c.t.Helper()
	for range 50 {
		// Keep under the page limit (10 a second): a refused request's error
		// page would consume the one-shot flash message.
		time.Sleep(time.Until(c.last.Add(105 * time.Millisecond)))
		c.last = time.Now()
		req := newReq()
		req.Header.Set("Accept-Language", "vi")
		res, err := c.http.Do(req)
		if err != nil {
			c.t.Fatal(err)
		}
		if res.StatusCode != http.StatusTooManyRequests {
			return res
		}
		res.Body.Close()
		time.Sleep(200 * time.Millisecond)
	}
	c.t.Fatal("rate limited for good")
	return nil
}

func (c *webClient) get(path string) (int, string) {
	c.t.Helper()
	return c.send(func() *http.Request { r, _ := http.NewRequest("GET", c.base+path, nil); return r })
}

func (c *webClient) post(path string, form url.Values) (int, string) {
	c.t.Helper()
	form.Set("csrf", c.csrf)
	enc := form.Encode()
	return c.send(func() *http.Request {
		r, _ := http.NewRequest("POST", c.base+path, strings.NewReader(enc))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r
	})
}

func (c *webClient) upload(path, name string, data []byte) (int, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", c.csrf)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	return c.send(func() *http.Request {
		r, _ := http.NewRequest("POST", c.base+path, bytes.NewReader(buf.Bytes()))
		r.Header.Set("Content-Type", mw.FormDataContentType())
		return r
	})
}

// expect fails unless the last answer had status want and contains every
// text.
func (c *webClient) expect(what string, status, want int, texts ...string) {
	c.t.Helper()
	if status != want {
		c.t.Fatalf("%s: status %d, want %d\n%s", what, status, want, visible(c.body))
	}
	for _, s := range texts {
		if !strings.Contains(c.body, s) {
			c.t.Fatalf("%s: page lacks %q\n%s", what, s, visible(c.body))
		}
	}
}

var tags = regexp.MustCompile(`(?s)<[^>]*>|\s+`)

func visible(html string) string {
	if i := strings.Index(html, "<main>"); i >= 0 {
		html = html[i:]
	}
	return strings.TrimSpace(tags.ReplaceAllString(html, " "))
}

// TestPages walks every signed-in page and form as an administrator, with
// the service errors each form must show and the values it must keep.
func TestPages(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	sys := in.System()
	dept := in.Org(t, "SO-NV", "Sở Nội vụ", directory.TypeDepartment, "")
	in.Person(t, "quantri", "Trần Quản Trị", "", adminPassword, principal.Admin)
	staff := in.Person(t, "binh.nv", "Nguyễn Văn Bình", "SO-NV", "Cầu-Treo#Kim-Động-1977")
	root, err := in.Main.Dir.Root(sys)
	if err != nil {
		t.Fatal(err)
	}
	c := newWebClient(t, in.URL)
	c.get("/login")
	st, _ := c.post("/login", url.Values{"login": {"quantri"}, "password": {adminPassword}})
	c.expect("login", st, 200, "Sở Nội vụ", `id="no-officer"`)

	// Organisations.
	st, _ = c.get("/orgs")
	c.expect("orgs", st, 200, "Sở Nội vụ", "SO-NV")
	st, _ = c.get("/orgs?q=NV&retired=1")
	c.expect("orgs filtered", st, 200, "Sở Nội vụ")
	st, _ = c.get("/orgs/new?parent=" + root.ID)
	c.expect("new org", st, 200, `name="code"`)
	st, _ = c.post("/orgs", url.Values{"parent_id": {root.ID}, "code": {"có dấu"}, "name": {"Sở Tư pháp"}, "type": {"department"}})
	c.expect("bad org", st, 400, "Mã đơn vị gồm", `value="Sở Tư pháp"`)
	st, _ = c.post("/orgs", url.Values{"parent_id": {root.ID}, "code": {"SO-TP"}, "name": {"Sở Tư pháp"}, "type": {"department"}, "email": {"stp@example.gov.vn"}})
	c.expect("create org", st, 200, "Sở Tư pháp", "stp@example.gov.vn", "Đã tạo.")
	tp, err := in.Main.Dir.GetOrgByCode(sys, "SO-TP")
	if err != nil {
		t.Fatal(err)
	}
	st, _ = c.get("/orgs/" + tp.ID + "/edit")
	c.expect("edit org", st, 200, `value="SO-TP"`)
	st, _ = c.post("/orgs/"+tp.ID, url.Values{"code": {"SO-NV"}, "name": {"Sở Tư pháp tỉnh"}, "type": {"department"}})
	c.expect("org code taken", st, 409, "Mã đơn vị đã được dùng", `value="Sở Tư pháp tỉnh"`)
	st, _ = c.post("/orgs/"+tp.ID, url.Values{"code": {"SO-TP"}, "name": {"Sở Tư pháp tỉnh"}, "type": {"department"}})
	c.expect("rename org", st, 200, "Sở Tư pháp tỉnh", "Đã lưu.")
	st, _ = c.post("/orgs/"+tp.ID+"/move", url.Values{"parent_id": {tp.ID}})
	c.expect("move under itself", st, 400, "Không thể chuyển đơn vị vào chính nó")
	st, _ = c.post("/orgs/"+tp.ID+"/move", url.Values{"parent_id": {dept.ID}})
	c.expect("move", st, 200, "Đã chuyển đơn vị")
	st, _ = c.post("/orgs/"+dept.ID+"/officer", url.Values{"person_id": {staff.ID}})
	c.expect("designate", st, 200, "Đã chỉ định cán bộ chuyên trách", "Nguyễn Văn Bình")
	st, _ = c.post("/orgs/"+dept.ID+"/active", url.Values{"active": {"0"}})
	c.expect("deactivate busy org", st, 409, "còn 1 đơn vị trực thuộc")
	st, _ = c.post("/orgs/"+tp.ID+"/active", url.Values{"active": {"0"}})
	c.expect("deactivate", st, 200, "Đơn vị đã ngừng hoạt động")
	st, _ = c.post("/orgs/"+tp.ID+"/active", url.Values{"active": {"1"}})
	c.expect("reactivate", st, 200, "Đơn vị đã hoạt động trở lại")

	// Imports: a per-row report on failure, nothing half-imported.
	st, _ = c.get("/orgs/import")
	c.expect("import page", st, 200, "/import/templates/orgs/xlsx")
	st, _ = c.upload("/orgs/import", "don-vi.csv", []byte("Mã đơn vị,Tên đơn vị,Loại,Mã đơn vị cấp trên\nXA-A,Xã A,Xã phường,KHONG-CO\nXA-B,,Xã phường,SO-NV\n"))
	c.expect("bad import", st, 400, "Dòng 2", "Dòng 3", "chưa có dữ liệu nào được nhập")
	st, _ = c.upload("/orgs/import", "don-vi.csv", []byte("Mã đơn vị,Tên đơn vị,Loại,Mã đơn vị cấp trên\nXA-A,Xã A,Xã phường,SO-NV\n"))
	c.expect("import", st, 200, "Đã nhập dữ liệu thành công", "Xã A")
	st, _ = c.get("/people/import")
	c.expect("people import page", st, 200, "/import/templates/people/csv")
	for _, p := range []string{"/import/templates/orgs/csv", "/import/templates/orgs/xlsx", "/import/templates/people/csv", "/import/templates/people/xlsx"} {
		st, body := c.get(p)
		if st != 200 || len(body) < 50 {
			t.Fatalf("template %s: status %d, %d bytes", p, st, len(body))
		}
	}
	in.Org(t, "SO-KHCN", "Sở Khoa học và Công nghệ", directory.TypeDepartment, "")
	_, people := c.get("/import/templates/people/csv")
	st, _ = c.upload("/people/import", "can-bo.csv", []byte(people))
	c.expect("import people", st, 200, "Đã nhập dữ liệu thành công", "Trần Thị B")
	st, _ = c.get("/orgs?q=SO-KHCN")
	c.expect("imported officer awaiting activation", st, 200, "chưa có")
	khcn, err := in.Main.Dir.GetOrgByCode(sys, "SO-KHCN")
	if err != nil {
		t.Fatal(err)
	}
	st, _ = c.get("/orgs/" + khcn.ID)
	c.expect("imported officer", st, 200, "Trần Thị B", "Chờ kích hoạt", "vẫn bị coi là chưa có")
	st, _ = c.get("/import/templates/other/csv")
	c.expect("unknown template", st, 400)

	// People.
	st, _ = c.get("/people?status=active&q=binh&org=" + dept.ID)
	c.expect("people", st, 200, "Nguyễn Văn Bình")
	st, _ = c.get("/people/new?org=" + dept.ID)
	c.expect("new person", st, 200, `name="roles"`)
	st, _ = c.post("/people", url.Values{"org_id": {dept.ID}, "login": {"Có Dấu"}, "full_name": {"Phạm Thị Cúc"}, "roles": {"officer", "head"}})
	c.expect("bad person", st, 400, "Tên đăng nhập gồm", `value="Phạm Thị Cúc"`, `value="officer" checked`, `value="head" checked`)
	st, _ = c.post("/people", url.Values{"org_id": {dept.ID}, "login": {"cuc.pt"}, "full_name": {"Phạm Thị Cúc"}, "title": {"Chuyên viên"}, "roles": {"officer"}})
	c.expect("create person", st, 200, "Đã tạo tài khoản", in.URL+"/link/")
	cuc, err := in.Main.Dir.PersonByLogin(sys, "cuc.pt")
	if err != nil {
		t.Fatal(err)
	}
	st, _ = c.get("/people/" + cuc.ID)
	c.expect("person", st, 200, "Chờ kích hoạt", "Cán bộ chuyên trách ATTT", "Cấp đường dẫn kích hoạt")
	st, _ = c.post("/people/"+cuc.ID+"/link", url.Values{})
	c.expect("issue link", st, 200, in.URL+"/link/")
	st, _ = c.get("/people/" + cuc.ID + "/edit")
	c.expect("edit person", st, 200, `value="Chuyên viên"`)
	st, _ = c.post("/people/"+cuc.ID, url.Values{"full_name": {"Phạm Thị Cúc"}, "email": {"không-phải-thư"}})
	c.expect("bad edit", st, 400, "Địa chỉ thư điện tử không hợp lệ", `value="không-phải-thư"`)
	st, _ = c.post("/people/"+cuc.ID, url.Values{"full_name": {"Phạm Thị Cúc"}, "title": {"Phó phòng"}})
	c.expect("edit", st, 200, "Phó phòng", "Đã lưu.")
	st, _ = c.post("/people/"+cuc.ID+"/grants", url.Values{"role": {"head"}, "org_id": {dept.ID}})
	c.expect("grant", st, 200, "Đã cấp vai trò", "Thủ trưởng đơn vị")
	st, _ = c.post("/people/"+cuc.ID+"/grants", url.Values{"role": {"head"}, "org_id": {dept.ID}})
	c.expect("grant twice", st, 409, "đã có vai trò đó")
	grants, err := in.Main.Dir.ListGrants(sys, cuc.ID)
	if err != nil {
		t.Fatal(err)
	}
	st, _ = c.post("/people/"+cuc.ID+"/grants/"+grants[len(grants)-1].ID+"/revoke", url.Values{})
	c.expect("revoke", st, 200, "Đã thu hồi.")
	st, _ = c.post("/people/"+staff.ID+"/suspend", url.Values{"reason": {"Điều tra sự cố"}})
	c.expect("suspend", st, 200, "Đã tạm khóa tài khoản", "Tạm khóa")
	st, _ = c.post("/people/"+staff.ID+"/reactivate", url.Values{})
	c.expect("reactivate", st, 200, "Đã mở lại tài khoản")
	st, _ = c.post("/people/"+staff.ID+"/reactivate", url.Values{})
	c.expect("reactivate twice", st, 400, "Chỉ mở lại được tài khoản đang tạm khóa")
	st, _ = c.post("/people/"+staff.ID+"/transfer", url.Values{"org_id": {tp.ID}})
	c.expect("transfer", st, 200, "Đã chuyển công tác", "Sở Tư pháp tỉnh", "Sở Nội vụ")

	// Lockout and unlock.
	other := newWebClient(t, in.URL)
	other.get("/login")
	for range 5 {
		other.post("/login", url.Values{"login": {"binh.nv"}, "password": {"Sai#mật-khẩu-1"}})
	}
	st, _ = c.get("/locked")
	c.expect("locked", st, 200, "Nguyễn Văn Bình")
	st, _ = c.get("/people/" + staff.ID)
	c.expect("locked person", st, 200, `id="locked-until"`, "Mở khóa đăng nhập")
	st, _ = c.post("/people/"+staff.ID+"/unlock", url.Values{"back": {"/locked"}})
	c.expect("unlock", st, 200, "Đã mở khóa tài khoản", "Không có tài khoản nào đang bị khóa")

	// Offboarding and its checklist.
	st, _ = c.get("/people/" + staff.ID + "/offboard")
	c.expect("offboard form", st, 200, "Thẻ nhận dạng", `value="leave" id="reason-leave" checked`)
	st, _ = c.post("/people/"+staff.ID+"/offboard", url.Values{"reason": {"retire"}, "note": {"Nghỉ hưu"}})
	c.expect("offboard without reason", st, 400, "Chọn lý do", "Nghỉ hưu")
	st, _ = c.post("/people/"+staff.ID+"/offboard", url.Values{"reason": {"transfer"}, "note": {"Sang Bộ"}, "extra": {"Máy in\n\nỔ cứng"}})
	c.expect("offboard", st, 200, "Đã nghỉ việc / chuyển công tác", "Máy in", "Ổ cứng", "Sang Bộ")
	offs, err := in.Main.Auth.Offboardings(sys, "")
	if err != nil || len(offs) != 1 || len(offs[0].Items) != 6 {
		t.Fatalf("offboardings: %v %+v", err, offs)
	}
	st, _ = c.get("/offboardings")
	c.expect("offboardings", st, 200, "Nguyễn Văn Bình", "còn thiết bị chưa thu hồi")
	st, _ = c.post("/offboardings/items/"+offs[0].Items[0].ID+"/recover", url.Values{"note": {"Đã nhận lại"}})
	c.expect("recover", st, 200, "Đã ghi nhận thu hồi thiết bị", "Đã nhận lại")
	st, _ = c.post("/offboardings/items/"+offs[0].Items[0].ID+"/recover", url.Values{"back": {"/people/" + staff.ID}})
	c.expect("recover twice", st, 409, "đã được ghi nhận thu hồi")

	// Audit trail.
	st, _ = c.get("/audit")
	c.expect("audit", st, 200, "person.offboard", "auth.login.failure")
	st, _ = c.get("/audit?" + url.Values{"from": {"31/02/2025"}, "to": {"hôm nay"}}.Encode())
	c.expect("audit bad dates", st, 400, "dd/mm/yyyy", `value="hôm nay"`)
	today := time.Now().In(time.FixedZone("ICT", 7*3600)).Format("02/01/2006")
	st, _ = c.get("/audit?action=org.&actor=quantri&from=" + url.QueryEscape(today) + "&to=" + url.QueryEscape(today) + "&org=" + dept.ID)
	c.expect("audit filtered", st, 200, "org.move")
	if strings.Contains(c.body, "<code>auth.login") {
		t.Fatal("audit: action filter ignored")
	}
	st, _ = c.get("/audit?before=3")
	c.expect("audit page", st, 200, `href="/audit/2"`)
	if strings.Contains(c.body, `href="/audit/3"`) {
		t.Fatal("audit: before ignored")
	}
	recs, err := in.Main.Trail.Search(sys, auditFilterAction("org.update"))
	if err != nil || len(recs) == 0 {
		t.Fatalf("audit: %v", err)
	}
	st, _ = c.get("/audit/" + itoa(recs[0].Seq))
	c.expect("audit record", st, 200, "org.update", "Sở Tư pháp tỉnh", `id="before"`)
	st, _ = c.get("/audit/999999")
	c.expect("audit record missing", st, 404)

	// My account.
	st, _ = c.get("/account")
	c.expect("account", st, 200, "Trần Quản Trị", "Quản trị hệ thống")
	st, _ = c.post("/account/password", url.Values{"current": {adminPassword}, "password": {"Matkhau@123"}, "password2": {"Matkhau@123"}})
	c.expect("weak password", st, 400, "Mật khẩu không được chấp nhận")
	st, _ = c.post("/account/password", url.Values{"current": {adminPassword}, "password": {"Abc"}, "password2": {"Abd"}})
	c.expect("passwords differ", st, 400, "không khớp")
	st, _ = c.get("/account/totp")
	c.expect("totp", st, 200, `name="step" value="begin"`)
	st, _ = c.post("/account/totp", url.Values{"step": {"begin"}})
	c.expect("totp begin", st, 200, "otpauth://totp/", `<svg class="qr"`)
	st, _ = c.post("/account/totp", url.Values{"step": {"confirm"}, "code": {"000000"}, "secret": {"ABC"}, "url": {"otpauth://totp/x"}})
	c.expect("totp wrong code", st, 400, "Mã xác thực không đúng", "ABC")
	st, _ = c.post("/account/totp", url.Values{"step": {"begin"}})
	secret := regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`).FindStringSubmatch(c.body)
	if secret == nil {
		t.Fatal("totp: no secret shown")
	}
	code, err := totp.GenerateCode(secret[1], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	st, _ = c.post("/account/totp", url.Values{"step": {"confirm"}, "code": {code}})
	c.expect("totp confirm", st, 200, "Đã bật xác thực hai yếu tố", "đang bật")
	st, _ = c.post("/account/totp/disable", url.Values{})
	c.expect("totp disable", st, 200, "Đã tắt xác thực hai yếu tố", "chưa bật")
	st, _ = c.get("/account/tokens")
	c.expect("tokens", st, 200, `name="days"`)
	st, _ = c.post("/account/tokens", url.Values{"name": {""}, "days": {"30"}})
	c.expect("token without name", st, 400, "Hãy đặt tên")
	st, _ = c.post("/account/tokens", url.Values{"name": {"Đồng bộ nhân sự"}, "days": {"30"}})
	c.expect("token", st, 200, `id="token-secret" value="attt_`, "Đồng bộ nhân sự")
	toks := regexp.MustCompile(`/account/tokens/([^/]+)/revoke`).FindStringSubmatch(c.body)
	if toks == nil {
		t.Fatal("no revoke form")
	}
	st, _ = c.post("/account/tokens/"+toks[1]+"/revoke", url.Values{})
	c.expect("revoke token", st, 200, "Đã thu hồi.", "đã thu hồi")

	// English.
	c.get("/lang/en?back=/people/" + staff.ID)
	c.expect("english", 200, 200, "Offboarded", "Devices to recover", "ID and access badge")
}

func auditFilterAction(action string) audit.Filter { return audit.Filter{Action: action, Limit: 1} }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
