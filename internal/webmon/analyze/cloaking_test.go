package analyze

import (
	"strings"
	"testing"
)

func TestCloakingFixtures(t *testing.T) {
	ref := MustPage(t, "cloak-referrer.html")
	refSnap, err := Analyze(ref, testRules())
	if err != nil {
		t.Fatal(err)
	}
	signs := Cloaking(map[Variant]*Snapshot{
		Browser:        MustAnalyze(t, "clean.html"),
		Googlebot:      MustAnalyze(t, "cloak-googlebot.html"),
		Mobile:         MustAnalyze(t, "mobile.html"),
		GoogleReferrer: refSnap,
	})
	if len(signs) != 2 {
		t.Fatalf("signs = %+v, want googlebot and google_referrer", signs)
	}
	g, r := signs[0], signs[1]
	if g.Kind != SignCloaking || g.Ref != string(Googlebot) || !strings.Contains(g.Detail, "gambling signs only for googlebot") {
		t.Errorf("googlebot sign = %+v", g)
	}
	for _, want := range []string{"google_referrer differs", "redirect https://188bet-vn.link/?from=qn (browser none)", "text differs", "gambling signs only", "redirect signs only"} {
		if !strings.Contains(r.Detail, want) {
			t.Errorf("referrer sign lacks %q: %+v", want, r)
		}
	}
}

func TestCloakingCases(t *testing.T) {
	text := strings.Repeat("Ủy ban nhân dân tỉnh triển khai kế hoạch chuyển đổi số năm nay với nhiều nội dung quan trọng\n", 3) +
		"Tin một về kinh tế xã hội của tỉnh\nTin hai về văn hóa du lịch\nTin ba về y tế giáo dục\nTin bốn về nông nghiệp\nTin năm về an ninh trật tự"
	browser := &Snapshot{Status: 200, FinalURL: "https://www.quangnam.gov.vn/", Text: text}
	with := func(f func(s *Snapshot)) *Snapshot {
		s := *browser
		f(&s)
		return &s
	}
	tests := []struct {
		name    string
		variant Variant
		snap    *Snapshot
		want    string // "" for no sign
	}{
		{"identical", Googlebot, with(func(s *Snapshot) {}), ""},
		{"small A/B difference", Googlebot, with(func(s *Snapshot) { s.Text += "\nBanner khuyến mãi nhỏ" }), ""},
		{"scheme and query differ", Googlebot, with(func(s *Snapshot) { s.FinalURL = "http://www.quangnam.gov.vn/?utm=x" }), ""},
		{"status", Googlebot, with(func(s *Snapshot) { s.Status = 403 }), "status 403 (browser 200)"},
		{"final URL", GoogleReferrer, with(func(s *Snapshot) { s.FinalURL = "https://spam.example/" }), "final URL https://spam.example/"},
		{"path", Googlebot, with(func(s *Snapshot) { s.FinalURL = "https://www.quangnam.gov.vn/seo-page" }), "final URL"},
		{"mobile site on the same domain", Mobile, with(func(s *Snapshot) {
			s.FinalURL = "https://m.quangnam.gov.vn/"
			s.Text = "Trang di động"
		}), ""},
		{"mobile sent elsewhere", Mobile, with(func(s *Snapshot) { s.FinalURL = "https://m.spam.example/" }), "final URL"},
		{"text replaced", Googlebot, with(func(s *Snapshot) { s.Text = "Nhà cái uy tín số một\nCá cược bóng đá" }), "text differs (similarity 0.00)"},
		{"redirect only for referrer", GoogleReferrer, with(func(s *Snapshot) { s.Redirect = "https://spam.example/" }), "redirect https://spam.example/ (browser none)"},
		{"defacement only for bot", Googlebot, with(func(s *Snapshot) { s.Signs = []Sign{{Kind: SignDefacement, Detail: "x"}} }), "defacement signs only for googlebot"},
		{"failed fetch", Googlebot, with(func(s *Snapshot) { s.Status = 0 }), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signs := Cloaking(map[Variant]*Snapshot{Browser: browser, tt.variant: tt.snap})
			switch {
			case tt.want == "" && len(signs) != 0:
				t.Errorf("signs = %+v, want none", signs)
			case tt.want != "" && (len(signs) != 1 || !strings.Contains(signs[0].Detail, tt.want)):
				t.Errorf("signs = %+v, want one with %q", signs, tt.want)
			}
		})
	}
	if s := Cloaking(map[Variant]*Snapshot{Googlebot: browser}); s != nil {
		t.Errorf("no browser variant: %+v", s)
	}
}

func TestSimilarity(t *testing.T) {
	if s := similarity("", ""); s != 1 {
		t.Errorf("empty = %v", s)
	}
	if s := similarity("a b c d", "w x y z"); s != 0 {
		t.Errorf("disjoint = %v", s)
	}
	if s := similarity("một hai ba bốn năm sáu", "một hai ba bốn năm sáu"); s != 1 {
		t.Errorf("equal = %v", s)
	}
	if s := similarity("ngắn", "dài hơn"); s != 0 {
		t.Errorf("short = %v", s)
	}
}
