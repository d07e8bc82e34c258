package analyze

import (
	"strings"
	"testing"
)

func TestDefacement(t *testing.T) {
	footer := strings.Repeat("<p>Cổng thông tin điện tử tỉnh Quảng Nam - tin tức, sự kiện, văn bản chỉ đạo điều hành.</p>", 40)
	tests := []struct {
		name, body string
		want       bool
	}{
		{"hacked by", `<h1>Hacked by xX_Ghost_Xx</h1>`, true},
		{"defaced by leet", `<p>D3F4C3D BY t34m</p>`, true},
		{"hacked and owned by", `<p>hacked &amp; owned by someone</p>`, true},
		{"h4ck3d alone", `<marquee>h4ck3d - greetz to all</marquee>`, true},
		{"title", `<title>Hacked!!!</title><p>x</p>`, true},
		{"owned by on a short page", `<h1>Owned by Sh4d0w</h1>`, true},
		{"owned by in a real footer", footer + `<p>This website is owned by the People's Committee of Quang Nam province</p>`, false},
		{"news about hacking", footer + `<p>Cảnh báo: nhiều website bị hack, cần vá lỗ hổng</p><p>Tin tặc tấn công hệ thống</p>`, false},
		{"by in Vietnamese words", footer + `<p>Hướng dẫn thủ tục (by the way)</p>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Analyze(&Page{URL: portal, Status: 200, Body: []byte(tt.body)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, sg := range s.Signs {
				got = got || sg.Kind == SignDefacement
			}
			if got != tt.want {
				t.Errorf("defacement = %v, want %v (%+v)", got, tt.want, s.Signs)
			}
		})
	}
}
