package analyze

import (
	"slices"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Nhà  CÁI", "nha cai"},
		{"Đá gà", "da ga"},
		{"cá cược", "ca cuoc"},
		{"XÓC ĐĨA", "xoc dia"},
		{"nổ hũ", "no hu"},
		{"Tài xỉu", "tai xiu"},
		{"ca\u0301 \u0111o\u0323\u0302", "ca do"}, // decomposed input
		{"  Cổng\tthông\n tin  ", "cong thong tin"},
		{"Ωmega Ünïcödé", "ωmega unicode"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDefaultTerms(t *testing.T) {
	terms := DefaultTerms()
	for _, want := range []string{"nhà cái", "cá cược", "cá độ", "casino", "tài xỉu", "nổ hũ", "game bài đổi thưởng", "bắn cá", "xóc đĩa", "lô đề", "soi kèo", "đá gà", "kèo nhà cái", "đăng ký nhận thưởng", "188bet", "fb88", "sv388", "68gamebai"} {
		if !slices.Contains(terms, want) {
			t.Errorf("default terms lack %q", want)
		}
	}
	for _, term := range terms {
		if strings.HasPrefix(term, "#") || strings.TrimSpace(term) != term || term == "" {
			t.Errorf("bad term %q", term)
		}
	}
	terms[0] = "changed"
	if DefaultTerms()[0] == "changed" {
		t.Error("DefaultTerms shares its slice")
	}
}

func gamblingOf(tb testing.TB, body string, r *Rules) *Sign {
	tb.Helper()
	if r == nil {
		r = testRules()
	}
	s, err := Analyze(&Page{URL: portal, FinalURL: portal, Status: 200, Body: []byte(body)}, r)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range s.Signs {
		if s.Signs[i].Kind == SignGambling {
			return &s.Signs[i]
		}
	}
	return nil
}

func TestGamblingTerms(t *testing.T) {
	tests := []struct {
		name, body string
		want       bool
	}{
		{"brand name in text", `<p>Đăng ký tài khoản FB88 ngay</p>`, true},
		{"three generic terms", `<p>Nhà cái uy tín: cá cược, tài xỉu, nổ hũ</p>`, true},
		{"without diacritics", `<p>nha cai uy tin, ca cuoc bong da, tai xiu online</p>`, true},
		{"upper case", `<p>NHÀ CÁI - CÁ CƯỢC - XÓC ĐĨA</p>`, true},
		{"one generic term in hidden element", `<div style="display:none">soi kèo hôm nay</div>`, true},
		{"generic term in outbound link", `<a href="https://spam.example/">đá gà trực tiếp</a>`, true},
		{"term in an external host name", `<a href="https://nhacaiuytin.example/">xem thêm</a>`, true},
		{"term in image alt of outbound link", `<a href="https://x.example/"><img alt="Casino trực tuyến" src="/a.png"></a>`, true},
		{"police news: two generic terms", `<h3>Công an tỉnh triệt phá đường dây cá độ bóng đá và lô đề</h3>`, false},
		{"casino policy news", `<p>Đề xuất cho người Việt vào chơi casino tại Phú Quốc</p>`, false},
		{"word inside another word", `<p>Occasional casinos? The occasional visitor</p>`, false},
		{"selling fish is not shooting fish", `<p>Người dân bán cá, bàn cà phê, bạn cả nhà, bắt cá</p><p>tài liệu</p><p>nhà cải tạo</p>`, false},
		{"overlapping terms count once", `<p>Bắt nhóm cá độ bóng đá, cá độ</p><p>casino</p>`, false},
		{"B52 bombers", `<p>Chiến thắng Hà Nội - Điện Biên Phủ trên không, bắn rơi B52</p>`, false},
		{"allowed outbound link", `<a href="https://baochinhphu.gov.vn/">Triệt phá sòng bạc, bắt giữ đối tượng đá gà</a>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sg := gamblingOf(t, tt.body, nil)
			if (sg != nil) != tt.want {
				t.Errorf("gambling sign = %+v, want %v", sg, tt.want)
			}
		})
	}
}

func TestGamblingCustomTerms(t *testing.T) {
	r := testRules()
	r.Terms = []string{"xổ số miền bắc", "vietlott88"}
	if sg := gamblingOf(t, `<p>Dự đoán vietlott88</p>`, r); sg == nil {
		t.Error("custom brand term not found")
	}
	if sg := gamblingOf(t, `<p>FB88 nhà cái</p>`, r); sg != nil {
		t.Errorf("default terms used despite custom list: %+v", sg)
	}
}

func TestGamblingEvidence(t *testing.T) {
	sg := gamblingOf(t, `<p>Tin tức</p><div style="font-size:0">Link vào kubet mới nhất</div>`, nil)
	if sg == nil {
		t.Fatal("no sign")
	}
	if !strings.Contains(sg.Detail, "kubet") || !strings.Contains(sg.Detail, "hidden element") || !strings.Contains(sg.Evidence, "Link vào kubet") {
		t.Errorf("sign = %+v", sg)
	}
}
