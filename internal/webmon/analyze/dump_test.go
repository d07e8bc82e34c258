package analyze

import (
	"encoding/json"
	"os"
	"testing"
)

func TestDump(t *testing.T) {
	f := os.Getenv("DUMP")
	if f == "" {
		t.Skip()
	}
	body, _ := os.ReadFile(f)
	s, err := Analyze(&Page{URL: "https://www.quangnam.gov.vn/", FinalURL: "https://www.quangnam.gov.vn/", Status: 200, ContentType: "text/html; charset=utf-8", Body: body}, &Rules{OwnDomains: []string{"quangnam.gov.vn"}, AllowedDomains: []string{"gov.vn", "googleapis.com", "cloudflare.com", "youtube.com", "facebook.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("TEXT") != "" {
		t.Log(s.Text)
	}
	j, _ := json.MarshalIndent(s.Signs, "", " ")
	t.Log(s.TextHash, s.Redirect, s.InlineScripts, string(j))
}
