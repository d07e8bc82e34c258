// Package chart draws small server-side SVG charts (bars over time) for the
// web UI: no JavaScript, no external library, safe to inline under a strict
// Content-Security-Policy. Every label is escaped.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
)

// Bar is one bar: its height value, the label under the axis (may be empty)
// and the tooltip shown on hover.
type Bar struct {
	Value float64
	Label string
	Title string
	// Class colours the bar via CSS (e.g. "bad" for downtime).
	Class string
}

// Bars is a bar chart.
type Bars struct {
	Title  string
	Unit   string
	Width  int
	Height int
	// Max fixes the top of the scale (e.g. 100 for percentages); 0 scales to
	// the largest value.
	Max float64
	// Counts marks whole-number values (incidents, hosts): the scale then
	// tops at an even whole number so its middle line is whole too.
	Counts bool
	Bars   []Bar
}

// SVG renders the chart.
func (c Bars) SVG() template.HTML {
	w, h := c.Width, c.Height
	if w == 0 {
		w = 720
	}
	if h == 0 {
		h = 160
	}
	const left, bottom, top = 44, 22, 18
	plotW, plotH := float64(w-left-4), float64(h-bottom-top)
	top0 := c.Max
	for _, b := range c.Bars {
		top0 = math.Max(top0, b.Value)
	}
	if top0 <= 0 {
		top0 = 1
	}
	if c.Counts {
		top0 = 2 * math.Ceil(top0/2)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s">`, w, h, esc(c.Title))
	fmt.Fprintf(&sb, `<title>%s</title>`, esc(c.Title))
	for _, frac := range []float64{0, 0.5, 1} {
		y := float64(top) + plotH*(1-frac)
		fmt.Fprintf(&sb, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, left, y, w-4, y)
		fmt.Fprintf(&sb, `<text class="axis" x="%d" y="%.1f" text-anchor="end">%s</text>`, left-4, y+4, esc(format(top0*frac)+c.Unit))
	}
	n := len(c.Bars)
	if n > 0 {
		slot := plotW / float64(n)
		gap := math.Min(2, slot/4)
		every := int(math.Ceil(float64(n) / 12))
		for i, b := range c.Bars {
			bh := plotH * math.Max(b.Value, 0) / top0
			x := float64(left) + float64(i)*slot + gap/2
			class := "bar"
			if b.Class != "" {
				class += " " + b.Class
			}
			fmt.Fprintf(&sb, `<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s</title></rect>`,
				esc(class), x, float64(top)+plotH-bh, math.Max(slot-gap, 0.5), bh, esc(b.Title))
			if b.Label != "" && i%every == 0 {
				fmt.Fprintf(&sb, `<text class="axis" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x+slot/2, h-6, esc(b.Label))
			}
		}
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) // every interpolated text went through esc
}

func esc(s string) string { return html.EscapeString(s) }

func format(v float64) string {
	switch {
	case v >= 100 || v == math.Trunc(v):
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
