package analyze

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// styleHidden reports why an inline style hides an element, or "" when it
// does not: display:none, visibility:hidden, a font size of at most 1px,
// opacity 0, a large negative offset or text-indent, or a zero box with
// overflow hidden — the ways SEO spam hides links from visitors.
func styleHidden(style string) string {
	if style == "" {
		return ""
	}
	var (
		positioned, overflowHidden, zeroBox, clipped bool
		offset                                       string
	)
	for decl := range strings.SplitSeq(style, ";") {
		prop, val, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		prop = strings.ToLower(strings.TrimSpace(prop))
		val = strings.ToLower(strings.TrimSpace(val))
		val = strings.TrimSpace(strings.TrimSuffix(val, "!important"))
		switch prop {
		case "display":
			if val == "none" {
				return "display:none"
			}
		case "visibility":
			if val == "hidden" || val == "collapse" {
				return "visibility:" + val
			}
		case "font-size":
			if tiny(val) {
				return "font-size:" + val
			}
		case "opacity":
			if f, err := strconv.ParseFloat(val, 64); err == nil && f <= 0.01 {
				return "opacity:" + val
			}
		case "position":
			positioned = val == "absolute" || val == "fixed" || val == "relative"
		case "left", "top", "right", "margin-left", "margin-top":
			if farOff(val) {
				offset = prop + ":" + val
			}
		case "text-indent":
			if farOff(val) {
				return "text-indent:" + val
			}
		case "height", "width", "max-height", "max-width":
			if px, ok := cssPx(val); ok && px <= 1 {
				zeroBox = true
			}
		case "overflow", "overflow-x", "overflow-y":
			overflowHidden = overflowHidden || val == "hidden" || val == "clip"
		case "clip":
			clipped = strings.HasPrefix(strings.ReplaceAll(val, " ", ""), "rect(0")
		}
	}
	switch {
	case offset != "" && (positioned || strings.HasPrefix(offset, "margin")):
		return "off-screen " + offset
	case zeroBox && overflowHidden:
		return "zero size with overflow hidden"
	case clipped && positioned:
		return "clip:rect(0…)"
	}
	return ""
}

// toggled reports a way of hiding that scripts flip to show a menu, a tab
// or a dialog (display:none, visibility:hidden, the hidden attribute), as
// opposed to the ways only spam uses (off-screen, tiny, transparent).
func toggled(why string) bool {
	return strings.Contains(why, "display:none") || strings.Contains(why, "visibility:") || why == "hidden attribute"
}

// menuWords in a class or id mark a container a script shows on demand.
var menuWords = []string{"menu", "sub", "dropdown", "nav", "collapse", "tab", "modal", "popup", "accordion", "toggle", "slide", "mega"}

// menuLike reports whether an element is a drop-down, tab or dialog: it
// sits in a list item or nav, or its class or id says so. Hidden links in
// such containers are how menus work, not spam.
func menuLike(n *html.Node) bool {
	if p := n.Parent; p != nil && p.Type == html.ElementNode && (p.DataAtom == atom.Li || p.DataAtom == atom.Nav) {
		return true
	}
	names := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	for _, w := range menuWords {
		if strings.Contains(names, w) {
			return true
		}
	}
	return false
}

// cssPx converts a CSS length to pixels (em and rem at 16px); ok is false
// for anything it does not understand.
func cssPx(v string) (float64, bool) {
	v = strings.TrimSpace(v)
	unit := strings.TrimLeft(v, "+-.0123456789")
	num := strings.TrimSpace(v[:len(v)-len(unit)])
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	switch strings.TrimSpace(unit) {
	case "px", "":
		return f, true
	case "pt":
		return f * 4 / 3, true
	case "em", "rem":
		return f * 16, true
	case "%", "vw", "vh", "ch", "ex":
		if f == 0 {
			return 0, true
		}
	}
	return 0, false
}

// tiny reports a font size too small to read (at most 1px).
func tiny(v string) bool {
	px, ok := cssPx(v)
	return ok && px <= 1
}

// farOff reports an offset of -999px or further.
func farOff(v string) bool {
	px, ok := cssPx(v)
	return ok && px <= -999
}

// hideRules are classes and ids a page's own <style> blocks hide with a
// simple top-level rule (".x{display:none}", "#y{left:-9999px;…}"). Rules
// inside @media and other at-rules are skipped: responsive layouts hide
// things legitimately.
type hideRules struct {
	classes map[string]string // class → reason
	ids     map[string]string
}

// simpleSel is a selector naming one class or id, optionally after a tag.
var simpleSel = regexp.MustCompile(`^[a-zA-Z0-9]*([.#])([\w-]+)$`)

// maxCSS bounds the style text examined per page.
const maxCSS = 512 << 10

// addCSS records the hiding rules of one style sheet.
func (h *hideRules) addCSS(css string) {
	if len(css) > maxCSS {
		css = css[:maxCSS]
	}
	css = stripCSSComments(css)
	depth, selStart := 0, 0
	for i := 0; i < len(css); i++ {
		switch css[i] {
		case '{':
			if depth == 0 {
				sel := strings.TrimSpace(css[selStart:i])
				end := strings.IndexByte(css[i:], '}')
				if strings.HasPrefix(sel, "@") || end < 0 {
					depth++
					continue
				}
				h.rule(sel, css[i+1:i+end])
				i += end
				selStart = i + 1
				continue
			}
			depth++
		case ';':
			if depth == 0 {
				selStart = i + 1
			}
		case '}':
			if depth > 0 {
				depth--
			}
			if depth == 0 {
				selStart = i + 1
			}
		}
	}
}

func (h *hideRules) rule(selectors, decls string) {
	why := styleHidden(decls)
	if why == "" {
		return
	}
	for sel := range strings.SplitSeq(selectors, ",") {
		m := simpleSel.FindStringSubmatch(strings.TrimSpace(sel))
		if m == nil {
			continue
		}
		if m[1] == "." {
			if h.classes == nil {
				h.classes = map[string]string{}
			}
			h.classes[m[2]] = why
		} else {
			if h.ids == nil {
				h.ids = map[string]string{}
			}
			h.ids[m[2]] = why
		}
	}
}

func stripCSSComments(css string) string {
	if !strings.Contains(css, "/*") {
		return css
	}
	var b strings.Builder
	for {
		i := strings.Index(css, "/*")
		if i < 0 {
			b.WriteString(css)
			return b.String()
		}
		b.WriteString(css[:i])
		b.WriteByte(' ')
		j := strings.Index(css[i+2:], "*/")
		if j < 0 {
			return b.String()
		}
		css = css[i+2+j+2:]
	}
}
