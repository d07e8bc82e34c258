package mailin

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxHTMLDepth bounds how deep htmlText follows nested elements.
const maxHTMLDepth = 256

// htmlText converts an HTML body to readable text: scripts, styles and the
// head are dropped, blocks and <br> become line breaks, list items get "- ",
// links keep their target in brackets (a phishing report needs the real
// address, not only the words shown) and images their alt text.
func htmlText(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return cleanText(s)
	}
	var o textOut
	o.walk(doc, 0, false)
	return cleanText(o.b.String())
}

// textOut accumulates text, collapsing white space outside <pre>.
type textOut struct {
	b       strings.Builder
	nl      int  // newlines at the end of b
	space   bool // a space is owed before the next word
	started bool
}

func (o *textOut) walk(n *html.Node, depth int, pre bool) {
	if depth > maxHTMLDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		if pre {
			o.raw(n.Data)
		} else {
			o.text(n.Data)
		}
		return
	case html.ElementNode:
		o.element(n, depth, pre)
		return
	}
	o.children(n, depth, pre)
}

func (o *textOut) children(n *html.Node, depth int, pre bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		o.walk(c, depth+1, pre)
	}
}

func (o *textOut) element(n *html.Node, depth int, pre bool) {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Head, atom.Title, atom.Template, atom.Noscript:
		return
	case atom.Br:
		o.lineBreak(1)
	case atom.Hr:
		o.lineBreak(1)
		o.word("----")
		o.lineBreak(1)
	case atom.Img:
		if alt := strings.TrimSpace(attr(n, "alt")); alt != "" {
			o.word("[" + alt + "]")
		}
	case atom.Li:
		o.lineBreak(1)
		o.word("-")
		o.space = true
		o.children(n, depth, pre)
		o.lineBreak(1)
	case atom.A:
		o.link(n, depth, pre)
	case atom.Td, atom.Th:
		o.children(n, depth, pre)
		o.space = true
	case atom.Pre:
		o.lineBreak(2)
		o.children(n, depth, true)
		o.lineBreak(2)
	default:
		if isBlock(n.DataAtom) {
			o.lineBreak(paragraphGap(n.DataAtom))
			o.children(n, depth, pre)
			o.lineBreak(paragraphGap(n.DataAtom))
			return
		}
		o.children(n, depth, pre)
	}
}

// link writes a link's words and, when it differs from them, its target.
func (o *textOut) link(n *html.Node, depth int, pre bool) {
	start := o.b.Len()
	o.children(n, depth, pre)
	shown := strings.TrimSpace(o.b.String()[start:])
	href := strings.TrimSpace(attr(n, "href"))
	lower := strings.ToLower(href)
	if href == "" || strings.HasPrefix(lower, "#") || strings.HasPrefix(lower, "javascript:") {
		return
	}
	if strings.TrimPrefix(lower, "mailto:") == strings.ToLower(shown) || href == shown {
		return
	}
	o.space = true
	o.word("(" + href + ")")
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.Table, atom.Tr,
		atom.Blockquote, atom.Section, atom.Article, atom.Header, atom.Footer,
		atom.Address, atom.Form, atom.Fieldset, atom.Figure, atom.Main, atom.Nav,
		atom.Aside, atom.Caption, atom.Center:
		return true
	}
	return false
}

// paragraphGap is 2 (a blank line) for paragraphs and headings, 1 otherwise.
func paragraphGap(a atom.Atom) int {
	switch a {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Table:
		return 2
	}
	return 1
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text writes s with runs of white space (NBSP included) folded to one space.
func (o *textOut) text(s string) {
	if s == "" {
		return
	}
	fields := strings.Fields(s)
	if len(fields) == 0 {
		o.space = true
		return
	}
	if strings.TrimLeftFunc(s, unicode.IsSpace) != s {
		o.space = true
	}
	for i, f := range fields {
		if i > 0 {
			o.space = true
		}
		o.word(f)
	}
	if strings.TrimRightFunc(s, unicode.IsSpace) != s {
		o.space = true
	}
}

func (o *textOut) word(w string) {
	if o.space && o.nl == 0 && o.started {
		o.b.WriteByte(' ')
	}
	o.space = false
	o.b.WriteString(w)
	o.nl = 0
	o.started = true
}

// raw writes s as it is (inside <pre>).
func (o *textOut) raw(s string) {
	if s == "" {
		return
	}
	o.b.WriteString(s)
	o.started = true
	o.space = false
	t := strings.TrimRight(s, "\n")
	if t == "" {
		o.nl += len(s)
	} else {
		o.nl = len(s) - len(t)
	}
}

// lineBreak ends the line and leaves n-1 blank lines, without piling up.
func (o *textOut) lineBreak(n int) {
	o.space = false
	if !o.started {
		return
	}
	for o.nl < n {
		o.b.WriteByte('\n')
		o.nl++
	}
}
