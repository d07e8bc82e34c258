package chart

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestBarsAreValidEscapedSVG(t *testing.T) {
	c := Bars{Title: `Thời gian phản hồi <script>`, Unit: " ms", Bars: []Bar{
		{Value: 120, Label: "24/11", Title: `a "quoted" <b>`}, {Value: 0, Label: "25/11"}, {Value: 80, Class: "bad"},
	}}
	svg := string(c.SVG())
	if strings.Contains(svg, "<script>") || strings.Contains(svg, "<b>") {
		t.Fatal("labels must be escaped")
	}
	if strings.Count(svg, "<rect ") != 3 {
		t.Fatalf("want 3 bars: %s", svg)
	}
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := dec.Token(); err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
	}
}

func TestEmptyChart(t *testing.T) {
	if svg := string(Bars{Title: "trống"}.SVG()); !strings.HasPrefix(svg, "<svg") || !strings.HasSuffix(svg, "</svg>") {
		t.Fatal(svg)
	}
}

func TestCountsScaleIsWhole(t *testing.T) {
	svg := string(Bars{Title: "x", Counts: true, Bars: []Bar{{Value: 1}, {Value: 3}}}.SVG())
	for _, want := range []string{">0<", ">2<", ">4<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("counts scale lacks %s: %s", want, svg)
		}
	}
	if strings.Contains(svg, ".5") {
		t.Errorf("a counts scale has a fractional line: %s", svg)
	}
}
