package mailin

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"attt/internal/errs"
	"attt/internal/locale"
)

func TestASCIIFold(t *testing.T) {
	in := "Đã nhận báo cáo “sự cố” – Ưu tiên… ỗ 中"
	want := `Da nhan bao cao "su co" - Uu tien... o ?`
	if got := asciiFold(in); got != want {
		t.Errorf("asciiFold = %q, want %q", got, want)
	}
}

func TestReplyFor(t *testing.T) {
	cases := []struct {
		err  error
		code int
		enh  string
		text string
	}{
		{errs.New(errs.Invalid, locale.T("Thiếu mô tả sự cố.", "No description."), locale.T("Dòng 2: sai.", "Line 2: wrong.")), 554, "5.6.0", "Thieu mo ta su co. / No description.\nDong 2: sai. / Line 2: wrong."},
		{errs.New(errs.NotFound, locale.T("Không biết người gửi.", "Unknown sender.")), 550, "5.1.0", "Khong biet nguoi gui. / Unknown sender."},
		{errs.New(errs.Forbidden, errs.MsgForbidden), 550, "5.7.1", "Ban khong co quyen thuc hien thao tac nay. / You are not allowed to do this."},
		{errTooLarge(10 << 20), 552, "5.3.4", "Thu vuot qua gioi han 10 MB. / The message exceeds the 10 MB limit."},
		{errs.New(errs.Unavailable, locale.T("CSDL", "DB")), 451, "4.3.0", "Loi tam thoi"},
		{errors.New("disk full"), 451, "4.3.0", "the sending server will retry later"},
	}
	for _, c := range cases {
		r := replyFor(c.err)
		enh := fmt.Sprintf("%d.%d.%d", r.EnhancedCode[0], r.EnhancedCode[1], r.EnhancedCode[2])
		if r.Code != c.code || enh != c.enh || !strings.Contains(r.Message, c.text) {
			t.Errorf("replyFor(%v) = %d %s %q, want %d %s containing %q", c.err, r.Code, enh, r.Message, c.code, c.enh, c.text)
		}
		for _, ch := range r.Message {
			if ch > 0x7e || (ch < 0x20 && ch != '\n') {
				t.Errorf("reply %q has non-ASCII %q", r.Message, ch)
			}
		}
	}
}
