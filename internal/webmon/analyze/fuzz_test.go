package analyze

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fuzzSeeds adds the HTML fixtures to a fuzz corpus (the hand-written
// seeds live in testdata/fuzz).
func fuzzSeeds(f *testing.F) {
	f.Helper()
	files, _ := filepath.Glob("testdata/*.html")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzAnalyze feeds arbitrary bytes as a page: Analyze must not panic,
// must finish quickly and must keep its invariants.
func FuzzAnalyze(f *testing.F) {
	fuzzSeeds(f)
	r := testRules()
	f.Fuzz(func(t *testing.T, body []byte) {
		start := time.Now()
		s, err := Analyze(&Page{URL: portal, FinalURL: portal, Status: 200, ContentType: "text/html", Body: body}, r)
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("took %v on %d bytes", d, len(body))
		}
		if !utf8.ValidString(s.Text) || !utf8.ValidString(s.Title) {
			t.Fatal("invalid UTF-8 in text")
		}
		if s.TextHash != hashText(s.Text) {
			t.Fatal("hash does not match text")
		}
		if masked := maskText(s.Text, nil); masked != s.Text {
			t.Fatalf("text not stable under masking:\n%q\n%q", s.Text, masked)
		}
		checkLinks(t, s)
		for _, sg := range s.Signs {
			if sg.Kind == "" || sg.Detail == "" || len(sg.Evidence) > 400 {
				t.Fatalf("bad sign %+v", sg)
			}
		}
	})
}

// checkLinks asserts what the crawler relies on.
func checkLinks(t *testing.T, s *Snapshot) {
	t.Helper()
	if len(s.Links) > maxLinks {
		t.Fatalf("%d links", len(s.Links))
	}
	seen := map[string]bool{}
	own := domainSet{"quangnam.gov.vn"}
	for _, l := range s.Links {
		u, err := url.Parse(l)
		if err != nil {
			t.Fatalf("link %q: %v", l, err)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Fragment != "" || !own.has(hostOf(u)) || seen[l] {
			t.Fatalf("bad link %q", l)
		}
		seen[l] = true
	}
	for d := range s.Domains {
		if own.has(d) {
			t.Fatalf("own domain %q among external ones", d)
		}
	}
}

// FuzzNormalise checks the text normalisers: masking and folding are
// idempotent and folding keeps rune positions.
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{
		"Thứ Hai, 24/11/2026 10:32", "ngày 24 tháng 11 năm 2026", "Lượt truy cập: 123456", "Đang online: 37",
		"token a8F3kq91ZxLmP0vT7sWc2eYbN4uR6hJd", "Nhà Cái Uy Tín", "ca\u0301 \u0111o\u0323\u0302", "1.234.567", "10h32",
		"Monday, November 24, 2026", "T2 24-11", "\xff\xfe", "Ǆ ǅ ǆ İ ı ẞ ß",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := maskLine(s)
		if m2 := maskLine(m); m2 != m {
			t.Fatalf("maskLine not idempotent: %q → %q → %q", s, m, m2)
		}
		fs := Fold(s)
		if f2 := Fold(fs); f2 != fs {
			t.Fatalf("Fold not idempotent: %q → %q → %q", s, fs, f2)
		}
		if strings.Contains(fs, "  ") || strings.TrimSpace(fs) != fs {
			t.Fatalf("Fold left white space: %q", fs)
		}
		nfc := norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD"))
		if a := foldAligned(nfc); utf8.RuneCountInString(a) != utf8.RuneCountInString(nfc) {
			t.Fatalf("foldAligned changed the rune count of %q", nfc)
		}
		_ = collapse(s)
		_ = maskText(s, nil)
	})
}

// FuzzLinks checks link extraction: whatever the base URL and href, the
// result is an absolute http(s) URL or nothing, and internal links keep
// the crawler's invariants.
func FuzzLinks(f *testing.F) {
	f.Add(portal, "/vi-vn/tin-tuc#top")
	f.Add(portal, " https://www.quangnam.gov.vn/a?b=c \n")
	f.Add("https://www.quangnam.gov.vn/x/", "../../../y")
	f.Add(portal, "javascript:alert(1)")
	f.Add(portal, "//evil.example/x")
	f.Add("http://[::1]:8080/", "http://[::1]/")
	f.Add("", "mailto:a@b")
	f.Add(portal, "https://user:pass@quangnam.gov.vn:443/p")
	f.Add(portal, "http://QUANGNAM.gov.vn./%zz")
	f.Fuzz(func(t *testing.T, base, href string) {
		b, _ := url.Parse(base)
		if u := resolve(b, href); u != nil {
			if (u.Scheme != "http" && u.Scheme != "https") || hostOf(u) == "" {
				t.Fatalf("resolve(%q, %q) = %q", base, href, u)
			}
			if l := pageLink(u); strings.Contains(l, "#") {
				t.Fatalf("pageLink kept a fragment: %q", l)
			}
		}
		body := `<a href="` + strings.ReplaceAll(href, `"`, "&quot;") + `">x</a><img src="` + strings.ReplaceAll(href, `"`, "") + `">`
		s, err := Analyze(&Page{URL: portal, FinalURL: base, Status: 200, Body: []byte(body)}, testRules())
		if err != nil {
			t.Fatal(err)
		}
		checkLinks(t, s)
	})
}
