package web_test

import (
	"context"
	"net/url"
	"regexp"
	"testing"

	"attt/internal/testutil/e2e"
)

// TestFirstAdministratorSetup: a fresh installation prints a one-time link;
// its page refuses a guessable password naming the rule, creates the first
// administrator with a good one, and cannot be used twice.
func TestFirstAdministratorSetup(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	if err := in.Main.AnnounceSetup(context.Background()); err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`http://\S+/link/(\S+)`).FindStringSubmatch(in.Output())
	if link == nil {
		t.Fatalf("no setup link printed:\n%s", in.Output())
	}
	path := "/link/" + link[1]
	c := newWebClient(t, in.URL)
	st, _ := c.get(path)
	c.expect("setup page", st, 200, "Tạo tài khoản quản trị đầu tiên")
	form := url.Values{"full_name": {"Nguyễn Quản Trị"}, "login": {"quantri"}, "email": {"qt@hungyen.gov.vn"},
		"password": {"Hungyen@2024"}, "password2": {"Hungyen@2024"}}
	st, _ = c.post(path, form)
	c.expect("guessable password", st, 400, "phổ biến hoặc dễ đoán", `value="Nguyễn Quản Trị"`)
	form.Set("password", "Đê-Điều#Sông-Luộc-1945")
	form.Set("password2", "Đê-Điều#Sông-Luộc-1945")
	st, _ = c.post(path, form)
	c.expect("administrator created", st, 200, "Đã đặt mật khẩu. Hãy đăng nhập.")
	st, _ = c.get(path)
	c.expect("link used", st, 404, "không hợp lệ, đã được dùng hoặc đã hết hạn")
	st, _ = c.post("/login", url.Values{"login": {"quantri"}, "password": {"Đê-Điều#Sông-Luộc-1945"}})
	c.expect("first sign-in", st, 200, "Tổng quan")
}
