package chart

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestStackedLinksAndEscapes(t *testing.T) {
	c := Stacked{Title: "Phòng chống mã độc <b>", Rows: []Row{
		{Label: "Sở Tài chính & \"KH\"", Href: "/assets/coverage?org=1", Segments: []Segment{
			{Value: 3, Class: "ok", Title: "3 đạt", Href: "/assets?org=1&control=antivirus&status=ok"},
			{Value: 1, Class: "bad", Title: "1 không đạt", Href: "/assets?org=1&control=antivirus&status=failing"},
			{Value: 0, Class: "unknown"},
		}},
		{Label: "Sở Y tế"},
	}}
	svg := string(c.SVG())
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not XML: %v\n%s", err, svg)
	}
	for _, want := range []string{`href="/assets?org=1&amp;control=antivirus&amp;status=failing"`, "&lt;b&gt;", "&amp; &#34;KH&#34;", `class="empty"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %s in %s", want, svg)
		}
	}
	if strings.Count(svg, "<a ") != 3 {
		t.Errorf("links: %s", svg)
	}
}
