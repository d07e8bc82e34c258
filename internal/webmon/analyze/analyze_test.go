package analyze

import (
	"slices"
	"strings"
	"testing"
)

func kindsOf(signs []Sign) []SignKind {
	var out []SignKind
	for _, s := range signs {
		if !slices.Contains(out, s.Kind) {
			out = append(out, s.Kind)
		}
	}
	slices.Sort(out)
	return out
}

func TestAnalyzeFixtures(t *testing.T) {
	tests := []struct {
		file string
		want []SignKind
		// detail substrings the signs must mention
		mention []string
	}{
		{"clean.html", nil, nil},
		{"clean-next.html", nil, nil},
		{"news-changed.html", nil, nil},
		{"mobile.html", nil, nil},
		{"new-domain.html", nil, nil}, // a new domain is a sign only against a baseline
		{"defaced.html", []SignKind{SignDefacement}, []string{"title", "hacked/defaced by"}},
		{"hidden-gambling.html", []SignKind{SignGambling, SignHiddenLink}, []string{"fb88vn.bet", "kubet.win", "off-screen", "nhà cái"}},
		{"hidden-class.html", []SignKind{SignGambling, SignHiddenLink}, []string{"class lk-ft display:none", "w88"}},
		{"packed.html", []SignKind{SignPackedScript}, []string{"eval(function(p,a,c,k,e"}},
		{"referrer-redirect.html", []SignKind{SignGambling, SignRedirect, SignReferrerRedirect}, []string{"document.referrer", "fb88vn.bet", "fb88 ×1 (external host)"}},
		{"cloak-googlebot.html", []SignKind{SignGambling}, []string{"188bet", "nhà cái"}},
		{"cloak-referrer.html", []SignKind{SignGambling, SignRedirect}, []string{"188bet-vn.link"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := MustAnalyze(t, tt.file)
			if got := kindsOf(s.Signs); !slices.Equal(got, tt.want) {
				t.Fatalf("sign kinds = %v, want %v\nsigns: %+v", got, tt.want, s.Signs)
			}
			var all strings.Builder
			for _, sg := range s.Signs {
				all.WriteString(sg.Detail + " " + sg.Evidence + "\n")
			}
			for _, m := range tt.mention {
				if !strings.Contains(all.String(), m) {
					t.Errorf("signs do not mention %q:\n%s", m, all.String())
				}
			}
		})
	}
}

func TestAnalyzeCleanPage(t *testing.T) {
	s := MustAnalyze(t, "clean.html")
	if s.Title != "Cổng thông tin điện tử tỉnh Quảng Nam - Trang chủ" {
		t.Errorf("title = %q", s.Title)
	}
	lines := strings.Split(s.Text, "\n")
	if lines[0] != s.Title {
		t.Errorf("first line %q is not the title", lines[0])
	}
	for _, want := range []string{"{date} {time}", "Đang online: {n}", "Tổng lượt truy cập: {n}", "Hôm nay: {n}", "Sáng {date}, HĐND tỉnh"} {
		if !slices.Contains(lines, want) && !strings.Contains(s.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, unwanted := range []string{"gtag", "dataLayer", "GovernmentOrganization", "display: none", "24/11/2026", "123456789"} {
		if strings.Contains(s.Text, unwanted) {
			t.Errorf("text contains %q", unwanted)
		}
	}
	// one block per line: the table cells and list items are separate
	if !slices.Contains(lines, "V/v tăng cường bảo đảm an toàn thông tin mạng") {
		t.Errorf("table cell not on its own line:\n%s", s.Text)
	}
	wantDomains := map[string][]Kind{
		"ajax.googleapis.com": {KindScript}, "baoquangnam.vn": {KindLink}, "chinhphu.vn": {KindLink},
		"cloudflare.com": {KindStyle}, "dichvucong.gov.vn": {KindLink}, "facebook.com": {KindLink},
		"youtube.com": {KindLink, KindIframe},
	}
	if len(s.Domains) != len(wantDomains) {
		t.Errorf("domains = %v", s.Domains)
	}
	for d, kinds := range wantDomains {
		if !slices.Equal(s.Domains[d], kinds) {
			t.Errorf("domain %s kinds = %v, want %v", d, s.Domains[d], kinds)
		}
	}
	if want := []string{"ajax.googleapis.com", "cloudflare.com", "dichvucong.gov.vn", "facebook.com", "youtube.com"}; !slices.Equal(s.Allowed, want) {
		t.Errorf("allowed = %v, want %v", s.Allowed, want)
	}
	if len(s.InlineScripts) != 2 {
		t.Errorf("inline scripts = %v, want 2 (JSON-LD ignored)", s.InlineScripts)
	}
	if s.Redirect != "" {
		t.Errorf("redirect = %q: a click handler is not a redirect", s.Redirect)
	}
	for _, l := range s.Links {
		if strings.Contains(l, "#") || strings.HasSuffix(l, ".pdf") || !strings.Contains(l, "quangnam.gov.vn") {
			t.Errorf("bad internal link %q", l)
		}
	}
	if !slices.Contains(s.Links, "https://www.quangnam.gov.vn/vi-vn/lien-he") || slices.Contains(s.Links, "https://chinhphu.vn/") {
		t.Errorf("links = %v", s.Links)
	}
}

func TestAnalyzeMasksDynamicParts(t *testing.T) {
	a, b := MustAnalyze(t, "clean.html"), MustAnalyze(t, "clean-next.html")
	if a.TextHash != b.TextHash {
		t.Fatalf("only dates, counters and tokens changed, but the text hash differs:\n%s", render(diffLines(splitLines(a.Text), splitLines(b.Text)), hunks(diffLines(splitLines(a.Text), splitLines(b.Text)))))
	}
	if !slices.Equal(a.InlineScripts, b.InlineScripts) {
		t.Errorf("inline script hashes changed with a timestamp and nonce: %v vs %v", a.InlineScripts, b.InlineScripts)
	}
}

func TestAnalyzeErrors(t *testing.T) {
	if _, err := Analyze(nil, nil); err == nil {
		t.Error("nil page: no error")
	}
	if _, err := Analyze(&Page{URL: portal, Err: "dial tcp: connection refused"}, nil); err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("failed fetch: err = %v", err)
	}
	p := MustPage(t, "clean.html")
	if _, err := Analyze(p, &Rules{IgnoreSelectors: []string{"div[unclosed"}}); err == nil {
		t.Error("bad selector: no error")
	}
	if _, err := Analyze(p, &Rules{IgnorePatterns: []string{"(unclosed"}}); err == nil {
		t.Error("bad pattern: no error")
	}
	if err := Validate(&Rules{IgnoreSelectors: []string{".thong-ke", "#ticker p"}, IgnorePatterns: []string{`Số lượt: \d+`}}); err != nil {
		t.Errorf("Validate good rules: %v", err)
	}
	if err := Validate(nil); err != nil {
		t.Errorf("Validate(nil): %v", err)
	}
}

func TestAnalyzeIgnoreRules(t *testing.T) {
	p := MustPage(t, "clean.html")
	r := testRules()
	r.IgnoreSelectors = []string{".thong-ke", "section.van-ban"}
	r.IgnorePatterns = []string{`Hội An đón hơn \d+ triệu lượt khách`}
	s, err := Analyze(p, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"Thống kê truy cập", "Văn bản mới", "Hội An đón hơn"} {
		if strings.Contains(s.Text, gone) {
			t.Errorf("ignored part %q still in text", gone)
		}
	}
	if !strings.Contains(s.Text, "{ignored} trong 10 tháng") {
		t.Errorf("pattern not masked:\n%s", s.Text)
	}
}

func TestAnalyzeContentTypes(t *testing.T) {
	txt, err := Analyze(&Page{URL: portal, Status: 200, ContentType: "text/plain", Body: []byte("Cập nhật 24/11/2026\n\n  nhà   cái  \n")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if txt.Text != "Cập nhật {date}\nnhà cái" {
		t.Errorf("plain text = %q", txt.Text)
	}
	bin, err := Analyze(&Page{URL: portal, Status: 200, ContentType: "application/pdf", Body: []byte("%PDF-1.7 ...")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(bin.Text, "binary application/pdf sha256:") || len(bin.Signs) != 0 {
		t.Errorf("binary = %+v", bin)
	}
}

func TestAnalyzeLegacyCharset(t *testing.T) {
	// windows-1258 writes Vietnamese with combining tone marks: "Cổng" is
	// C, ô (0xF4), combining hook above (0xD2), n, g.
	body := []byte("<html><head><meta charset=\"windows-1258\"><title>C\xf4\xd2ng th\xf4ng tin</title></head><body><p>nh\xe0 c\xe1i</p></body></html>")
	s, err := Analyze(&Page{URL: portal, Status: 200, ContentType: "text/html", Body: body}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Title != "Cổng thông tin" {
		t.Errorf("title = %q (%+q), want NFC Cổng thông tin", s.Title, s.Title)
	}
}

func TestAnalyzeNFC(t *testing.T) {
	// decomposed input (as some Vietnamese input methods produce) hashes
	// like the composed one
	composed := []byte("<p>Cổng thông tin điện tử</p>")
	decomposed := []byte("<p>C\u00f4\u0309ng tho\u0302ng tin \u0111ie\u0323\u0302n tu\u031b\u0309</p>")
	a, _ := Analyze(&Page{URL: portal, Status: 200, Body: composed}, nil)
	b, _ := Analyze(&Page{URL: portal, Status: 200, Body: decomposed}, nil)
	if a.TextHash != b.TextHash {
		t.Errorf("NFC: %q vs %q", a.Text, b.Text)
	}
}

func TestAnalyzeRedirects(t *testing.T) {
	tests := []struct {
		name, body, final string
		redirect          string
		sign              bool
	}{
		{"meta refresh off-site", `<meta http-equiv="refresh" content="0;URL='https://spam.example/x'">`, "", "https://spam.example/x", true},
		{"meta refresh internal", `<meta http-equiv="Refresh" content="3; url=/vi-vn/">`, "", portal + "vi-vn/", false},
		{"meta reload only", `<meta http-equiv="refresh" content="300">`, "", "", false},
		{"top-level script", `<script>window.location.replace("https://spam.example/");</script>`, "", "https://spam.example/", true},
		{"timer", `<script>setTimeout(function(){ location.href = 'https://spam.example/t'; }, 2000);</script>`, "", "https://spam.example/t", true},
		{"onload arrow", `<script>window.addEventListener("load", () => { document.location = "https://spam.example/a" })</script>`, "", "https://spam.example/a", true},
		{"named function", `<script>function go(){ location.href = "https://spam.example/"; }</script>`, "", "", false},
		{"click handler", `<script>$('#b').click(function(){ window.location.href = 'https://spam.example/'; });</script>`, "", "", false},
		{"concatenation", `<script>location.href = "/tim-kiem?q=" + q;</script>`, "", "", false},
		{"allowed target", `<script>location.href = "https://chinhphu.gov.vn/";</script>`, "", "https://chinhphu.gov.vn/", false},
		{"http redirect off-site", `<p>x</p>`, "https://spam.example/landing", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			final := tt.final
			if final == "" {
				final = portal
			}
			s, err := Analyze(&Page{URL: portal, FinalURL: final, Status: 200, Body: []byte(tt.body)}, testRules())
			if err != nil {
				t.Fatal(err)
			}
			if s.Redirect != tt.redirect {
				t.Errorf("redirect = %q, want %q", s.Redirect, tt.redirect)
			}
			if got := slices.Contains(kindsOf(s.Signs), SignRedirect); got != tt.sign {
				t.Errorf("redirect sign = %v, want %v (%+v)", got, tt.sign, s.Signs)
			}
		})
	}
}

func TestAnalyzeDefaultOwnDomain(t *testing.T) {
	// without rules the page's host (minus www.) is the own domain; a
	// sibling agency under the same province domain is external, recorded
	// under its registrable domain
	body := []byte(`<a href="https://www.soyte.quangnam.gov.vn/a">a</a><a href="https://cdn.soyte.quangnam.gov.vn/b">b</a><a href="https://tinhuy.quangnam.gov.vn/">c</a><img src="http://cdn.other.example/x.png">`)
	s, err := Analyze(&Page{URL: "https://www.soyte.quangnam.gov.vn/", Status: 200, Body: body}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Links) != 2 || s.Links[0] != "https://www.soyte.quangnam.gov.vn/a" {
		t.Errorf("links = %v", s.Links)
	}
	if _, ok := s.Domains["quangnam.gov.vn"]; !ok || len(s.Domains) != 2 {
		t.Errorf("domains = %v", s.Domains)
	}
	if k := s.Domains["other.example"]; !slices.Equal(k, []Kind{KindImage}) {
		t.Errorf("domains = %v", s.Domains)
	}
}

func TestAnalyzeBaseHref(t *testing.T) {
	body := []byte(`<head><base href="https://static.quangnam.gov.vn/sub/"></head><body><a href="page.html">p</a><script src="//evil.example/x.js"></script></body>`)
	s, _ := Analyze(&Page{URL: portal, Status: 200, Body: body}, testRules())
	if !slices.Equal(s.Links, []string{"https://static.quangnam.gov.vn/sub/page.html"}) {
		t.Errorf("links = %v", s.Links)
	}
	if !slices.Equal(s.Domains["evil.example"], []Kind{KindScript}) {
		t.Errorf("domains = %v", s.Domains)
	}
}

func TestAnalyzeTooDeep(t *testing.T) {
	// nesting past the parser's 512 limit must not hide the spam inside
	body := "<title>Sở Tư pháp</title>" + strings.Repeat("<div>", 700) +
		`<div style="display:none"><a href="https://fb88.example/">nhà cái uy tín</a></div><p>Tin tức 24/11/2026</p>`
	s, err := Analyze(&Page{URL: portal, Status: 200, Body: []byte(body)}, testRules())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(kindsOf(s.Signs), SignGambling) || s.Title != "Sở Tư pháp" || !strings.Contains(s.Text, "Tin tức {date}") {
		t.Errorf("deep page: title %q, text %q, signs %+v", s.Title, s.Text, s.Signs)
	}
	if _, ok := s.Domains["fb88.example"]; !ok {
		t.Errorf("domains = %v", s.Domains)
	}
}
