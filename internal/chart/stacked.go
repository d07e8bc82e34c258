package chart

import (
	"fmt"
	"html/template"
	"strings"
)

// Segment is one part of a stacked bar: its count, its CSS class ("ok",
// "warn", "bad", "unknown"), the tooltip, and the page the count stands
// for (the list behind the number).
type Segment struct {
	Value int
	Class string
	Title string
	Href  string
}

// Row is one labelled stacked bar.
type Row struct {
	Label    string
	Href     string
	Segments []Segment
}

// Stacked is a horizontal stacked bar chart: one row per agency, each
// segment a link to its list. Rows are scaled to their own total (shares).
type Stacked struct {
	Title string
	Width int
	Rows  []Row
}

// SVG renders the chart; every segment and label is an <a> link.
func (c Stacked) SVG() template.HTML {
	w := c.Width
	if w == 0 {
		w = 720
	}
	const label, rowH, gap, top = 220, 18, 8, 6
	h := top + len(c.Rows)*(rowH+gap) + 4
	plotW := float64(w - label - 8)
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart stacked" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s">`, w, h, esc(c.Title))
	fmt.Fprintf(&sb, `<title>%s</title>`, esc(c.Title))
	for i, r := range c.Rows {
		y := top + i*(rowH+gap)
		text := fmt.Sprintf(`<text class="axis" x="%d" y="%d" text-anchor="end">%s</text>`, label-6, y+rowH-5, esc(clipLabel(r.Label, 34)))
		if r.Href != "" {
			text = fmt.Sprintf(`<a href="%s">%s</a>`, esc(r.Href), text)
		}
		sb.WriteString(text)
		total := 0
		for _, s := range r.Segments {
			total += max(s.Value, 0)
		}
		if total == 0 {
			fmt.Fprintf(&sb, `<rect class="empty" x="%d" y="%d" width="%.1f" height="%d"/>`, label, y, plotW, rowH)
			continue
		}
		x := float64(label)
		for _, s := range r.Segments {
			if s.Value <= 0 {
				continue
			}
			sw := plotW * float64(s.Value) / float64(total)
			rect := fmt.Sprintf(`<rect class="seg %s" x="%.1f" y="%d" width="%.1f" height="%d"><title>%s</title></rect>`, esc(s.Class), x, y, sw, rowH, esc(s.Title))
			if sw >= 18 {
				rect += fmt.Sprintf(`<text class="seglabel" x="%.1f" y="%d" text-anchor="middle">%d</text>`, x+sw/2, y+rowH-5, s.Value)
			}
			if s.Href != "" {
				rect = fmt.Sprintf(`<a href="%s">%s</a>`, esc(s.Href), rect)
			}
			sb.WriteString(rect)
			x += sw
		}
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) // every interpolated text went through esc
}

func clipLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
