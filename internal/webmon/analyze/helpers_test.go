package analyze

import (
	"os"
	"path/filepath"
	"testing"
)

const portal = "https://www.quangnam.gov.vn/"

// testRules are the rules of the fixture portal, with the shipped default
// allowed domains.
func testRules() *Rules {
	return &Rules{
		OwnDomains: []string{"quangnam.gov.vn"},
		AllowedDomains: []string{"gov.vn", "google.com", "googleapis.com", "gstatic.com", "youtube.com", "facebook.com",
			"fbcdn.net", "zalo.me", "cloudflare.com", "jsdelivr.net", "bootstrapcdn.com", "jquery.com"},
	}
}

// MustPage loads a fixture as a page fetched from the portal.
func MustPage(tb testing.TB, name string) *Page {
	tb.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return &Page{URL: portal, FinalURL: portal, Status: 200, ContentType: "text/html; charset=utf-8", Body: body}
}

// MustAnalyze analyses a fixture with testRules.
func MustAnalyze(tb testing.TB, name string) *Snapshot {
	tb.Helper()
	s, err := Analyze(MustPage(tb, name), testRules())
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
