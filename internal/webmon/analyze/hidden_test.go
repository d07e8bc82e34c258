package analyze

import (
	"strings"
	"testing"
)

func TestStyleHidden(t *testing.T) {
	tests := []struct {
		style  string
		hidden bool
	}{
		{"display:none", true},
		{"DISPLAY : NONE !important", true},
		{"visibility: hidden", true},
		{"font-size:0", true},
		{"font-size: 0px", true},
		{"font-size:1px", true},
		{"font-size:0.05em", true},
		{"opacity:0", true},
		{"opacity: 0.0", true},
		{"position:absolute;left:-9999px", true},
		{"position: fixed; top: -1000px", true},
		{"text-indent:-9999px", true},
		{"margin-left:-5000px", true},
		{"height:0;overflow:hidden", true},
		{"width:0px; height:0px; overflow:hidden", true},
		{"position:absolute;clip:rect(0 0 0 0)", true},
		// visible
		{"", false},
		{"display:block", false},
		{"font-size:12px", false},
		{"font-size:2px", false},
		{"opacity:0.5", false},
		{"left:-9999px", false}, // not positioned
		{"position:absolute;left:-20px", false},
		{"text-indent:-2em", false},
		{"height:0", false}, // content overflows visibly
		{"overflow:hidden", false},
		{"color:red;background:url(x.png)", false},
		{"garbage;;;:::", false},
	}
	for _, tt := range tests {
		if got := styleHidden(tt.style) != ""; got != tt.hidden {
			t.Errorf("styleHidden(%q) = %q, want hidden=%v", tt.style, styleHidden(tt.style), tt.hidden)
		}
	}
}

func TestHideRules(t *testing.T) {
	var h hideRules
	h.addCSS(`
		/* comment { with braces } */
		@import url("x.css");
		.seo-links { position:absolute; left:-9999px }
		div#spam, .other { display : none }
		.menu a:hover { display:none }
		.footer .links { display:none }
		@media (max-width: 600px) { .mobile-hide { display:none } .nested { x: y } }
		.visible { color: red }
	`)
	for _, c := range []string{"seo-links", "other"} {
		if h.classes[c] == "" {
			t.Errorf("class %s not hidden: %v", c, h.classes)
		}
	}
	if h.ids["spam"] == "" {
		t.Errorf("id spam not hidden: %v", h.ids)
	}
	for _, c := range []string{"mobile-hide", "visible", "links", "menu", "nested"} {
		if _, ok := h.classes[c]; ok {
			t.Errorf("class %s should not be hidden", c)
		}
	}
	var broken hideRules
	broken.addCSS("}}}{{{ .x{display:none")
	broken.addCSS(strings.Repeat("{", 10000))
}

func hiddenLinks(tb testing.TB, body string) []Sign {
	tb.Helper()
	s, err := Analyze(&Page{URL: portal, FinalURL: portal, Status: 200, Body: []byte(body)}, testRules())
	if err != nil {
		tb.Fatal(err)
	}
	var out []Sign
	for _, sg := range s.Signs {
		if sg.Kind == SignHiddenLink {
			out = append(out, sg)
		}
	}
	return out
}

func TestHiddenLinks(t *testing.T) {
	tests := []struct {
		name, body string
		want       int
	}{
		{"link itself hidden", `<a href="https://spam.example/" style="display:none">x</a>`, 1},
		{"hidden attribute", `<div hidden><a href="https://spam.example/">x</a></div>`, 1},
		{"ancestor font-size 0", `<div style="font-size:0"><p><span><a href="https://spam.example/">x</a></span></p></div>`, 1},
		{"off-screen block, two domains", `<div style="position:absolute;top:-3000px"><a href="https://a.example/">a</a><a href="https://b.example/">b</a><a href="https://a.example/2">a2</a></div>`, 2},
		{"class from style block", `<style>.k{text-indent:-9999px}</style><p class="x k"><a href="https://spam.example/">x</a></p>`, 1},
		{"visible outbound link", `<a href="https://spam.example/">x</a>`, 0},
		{"hidden internal link", `<div style="display:none"><a href="/vi-vn/a">a</a><a href="https://www.quangnam.gov.vn/b">b</a></div>`, 0},
		{"hidden allowed link", `<div style="display:none"><a href="https://chinhphu.gov.vn/">Chính phủ</a></div>`, 0},
		{"drop-down menu", `<ul><li><a href="#">Liên kết</a><ul style="display:none"><li><a href="https://baoquangnam.vn/">Báo</a></li></ul></li></ul>`, 0},
		{"tab panel", `<div class="tab-pane" style="display:none"><a href="https://baoquangnam.vn/">Báo</a></div>`, 0},
		{"menu class does not excuse off-screen", `<div class="menu" style="position:absolute;left:-9999px"><a href="https://spam.example/">x</a></div>`, 1},
		{"screen-reader skip link", `<a class="sr-only" href="#noidung">Chuyển đến nội dung</a><style>.sr-only{position:absolute;width:1px;height:1px;overflow:hidden}</style>`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hiddenLinks(t, tt.body); len(got) != tt.want {
				t.Errorf("hidden links = %+v, want %d", got, tt.want)
			}
		})
	}
}

func TestNoscriptLinks(t *testing.T) {
	body := `<p>Trang chủ</p><noscript><a href="https://fb88.example/">nhà cái uy tín</a><img src="https://www.facebook.com/tr?id=1"></noscript>
<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-X"></iframe></noscript>`
	s, err := Analyze(&Page{URL: portal, Status: 200, Body: []byte(body)}, testRules())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s.Text, "nhà cái") {
		t.Errorf("noscript text in visible text: %q", s.Text)
	}
	for _, d := range []string{"fb88.example", "facebook.com", "googletagmanager.com"} {
		if _, ok := s.Domains[d]; !ok {
			t.Errorf("domain %s missing: %v", d, s.Domains)
		}
	}
	got := kindsOf(s.Signs)
	if len(got) != 2 || got[0] != SignGambling || got[1] != SignHiddenLink {
		t.Errorf("signs = %+v", s.Signs)
	}
}
