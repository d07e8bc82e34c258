package analyze

import (
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Bounds on the tree walk.
const (
	maxNodes       = 200_000
	maxDepth       = 512
	maxHiddenLinks = 10
	maxCorpus      = 256 << 10
)

// walker gathers everything Analyze needs in one pass over the tree.
type walker struct {
	base    *url.URL
	own     domainSet
	allowed domainSet
	hide    hideRules
	nodes   int

	text     lineText
	hidden   strings.Builder // text inside hidden elements
	outbound strings.Builder // text, titles and alts of outbound links
	attrs    strings.Builder // alt and title attributes, meta description

	domains  map[string][]Kind
	examples map[string]string
	denied   map[string]bool // keys with a host the rules do not allow
	outHosts []string        // external hosts not allowed
	links    []string
	seen     map[string]bool

	scripts  []string
	excerpts map[string]string
	redirect string
	signs    []Sign
	nScript  int
	hiddenTo map[string]bool
	nsBytes  int // <noscript> markup parsed so far
}

// wctx is what a node inherits from its ancestors.
type wctx struct {
	noText   bool   // inside <head>
	hidden   string // why an ancestor is hidden, or ""
	outbound bool   // inside a link to a domain neither own nor allowed
	depth    int
}

func newWalker(base *url.URL, own, allowed domainSet) *walker {
	return &walker{
		base: base, own: own, allowed: allowed,
		domains: map[string][]Kind{}, examples: map[string]string{}, denied: map[string]bool{},
		seen: map[string]bool{}, excerpts: map[string]string{}, hiddenTo: map[string]bool{},
	}
}

// prepass reads what must be known before the walk: the page's hiding CSS
// rules, its <base href> and its title.
func (w *walker) prepass(root *html.Node) (title string) {
	count, baseSet := 0, false
	var visit func(n *html.Node, depth int)
	visit = func(n *html.Node, depth int) {
		if count++; count > maxNodes || depth > maxDepth {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Style:
				w.hide.addCSS(childText(n))
				return
			case atom.Base:
				if u := resolve(w.base, attr(n, "href")); u != nil && !baseSet {
					w.base, baseSet = u, true
				}
			case atom.Title:
				if title == "" {
					title = collapse(childText(n))
				}
				return
			case atom.Svg, atom.Math, atom.Template, atom.Script:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, depth+1)
		}
	}
	visit(root, 0)
	return title
}

// walk visits a node and its children.
func (w *walker) walk(n *html.Node, c wctx) {
	if w.nodes++; w.nodes > maxNodes || c.depth > maxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.addText(n.Data, c)
		return
	case html.DocumentNode:
		w.children(n, c)
		return
	case html.ElementNode:
	default:
		return
	}
	switch n.DataAtom {
	case atom.Template, atom.Svg, atom.Math, atom.Style, atom.Title:
		return
	case atom.Noscript:
		w.noscript(n, c)
		return
	case atom.Script:
		w.script(n)
		return
	case atom.Head:
		c.noText = true
	}
	if c.hidden == "" {
		if why := w.hiddenReason(n); why != "" && !(toggled(why) && menuLike(n)) {
			c.hidden = why
		}
	}
	w.handlers(n)
	outbound := c.outbound
	switch n.DataAtom {
	case atom.A, atom.Area:
		w.anchor(n, &c)
	case atom.Img:
		w.ref(attr(n, "src"), KindImage)
		w.alt(n, c)
	case atom.Iframe, atom.Frame, atom.Embed:
		w.ref(attr(n, "src"), KindIframe)
		return
	case atom.Object:
		w.ref(attr(n, "data"), KindIframe)
	case atom.Form:
		w.ref(attr(n, "action"), KindForm)
	case atom.Link:
		if linkRel(attr(n, "rel")) {
			w.ref(attr(n, "href"), KindStyle)
		}
	case atom.Meta:
		w.meta(n)
	}
	// the spam corpora keep elements apart ("W88" "tài xỉu" is two words)
	if c.hidden != "" {
		capped(&w.hidden, " ")
	}
	if c.outbound {
		capped(&w.outbound, " ")
	}
	block := blockTags[n.DataAtom]
	if block {
		w.lineBreak(c)
	}
	c.depth++
	w.children(n, c)
	if block {
		w.lineBreak(c)
	}
	if c.outbound && !outbound { // the end of an outbound link
		capped(&w.outbound, "\n")
	}
}

func (w *walker) children(n *html.Node, c wctx) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		w.walk(ch, c)
	}
}

func (w *walker) addText(s string, c wctx) {
	if c.noText {
		return
	}
	w.text.write(s)
	if c.hidden != "" {
		capped(&w.hidden, s)
	}
	if c.outbound {
		capped(&w.outbound, s)
	}
}

func (w *walker) lineBreak(c wctx) {
	w.text.flush()
	if c.hidden != "" {
		capped(&w.hidden, "\n")
	}
}

// capped appends to a corpus up to maxCorpus bytes.
func capped(b *strings.Builder, s string) {
	if b.Len()+len(s) <= maxCorpus {
		b.WriteString(s)
	}
}

// maxNoscript bounds the <noscript> markup parsed per page.
const maxNoscript = 64 << 10

// noscript looks inside <noscript>, which the parser keeps as raw text:
// browsers with scripts never show it, but search engines read it, so SEO
// spam hides links there. Its links and domains count; its text is not
// visible text, and an outbound link in it is a hidden link.
func (w *walker) noscript(n *html.Node, c wctx) {
	if w.nsBytes >= maxNoscript {
		return
	}
	raw := childText(n)
	if n.FirstChild != nil && n.FirstChild.Type != html.TextNode {
		// parsed with scripting off: the children are real elements
		c.noText, c.hidden = true, "inside <noscript>"
		w.children(n, c)
		return
	}
	raw = raw[:min(len(raw), maxNoscript-w.nsBytes)]
	w.nsBytes += len(raw)
	if !strings.Contains(raw, "<") {
		return
	}
	nodes, err := html.ParseFragment(strings.NewReader(raw), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return
	}
	c.noText, c.hidden = true, "inside <noscript>"
	for _, ch := range nodes {
		w.walk(ch, c)
	}
}

// hiddenReason says why an element itself is hidden, or "".
func (w *walker) hiddenReason(n *html.Node) string {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return "hidden attribute"
		case "style":
			if why := styleHidden(a.Val); why != "" {
				return why
			}
		case "class":
			if w.hide.classes != nil {
				for cl := range strings.FieldsSeq(a.Val) {
					if why, ok := w.hide.classes[cl]; ok {
						return "class " + cl + " " + why
					}
				}
			}
		case "id":
			if why, ok := w.hide.ids[a.Val]; ok {
				return "id " + a.Val + " " + why
			}
		}
	}
	return ""
}

// anchor records a link: internal ones for the crawler, external ones as
// domains; an outbound one inside a hidden element is a hidden link.
func (w *walker) anchor(n *html.Node, c *wctx) {
	u := resolve(w.base, attr(n, "href"))
	if u == nil {
		return
	}
	host := hostOf(u)
	if w.own.has(host) {
		if l := pageLink(u); l != "" && len(w.links) < maxLinks && !w.seen[l] {
			w.seen[l] = true
			w.links = append(w.links, l)
		}
		return
	}
	w.addDomain(host, KindLink, u)
	if w.allowed.has(host) {
		return
	}
	c.outbound = true
	for _, k := range []string{"title", "aria-label"} {
		if v := attr(n, k); v != "" {
			capped(&w.outbound, "\n"+v+"\n")
		}
	}
	if c.hidden != "" {
		w.hiddenLink(n, u, c.hidden)
	}
}

func (w *walker) hiddenLink(n *html.Node, u *url.URL, why string) {
	key := hostKey(hostOf(u))
	if w.hiddenTo[key] || len(w.hiddenTo) >= maxHiddenLinks {
		return
	}
	w.hiddenTo[key] = true
	text := clip(collapse(nodeText(n, 200)), 120)
	w.signs = append(w.signs, Sign{
		Kind:     SignHiddenLink,
		Detail:   "hidden link to " + key + " (" + why + ")",
		Evidence: clip(`<a href="`+u.String()+`">`+text+`</a>`, 300),
		Ref:      key,
	})
}

// alt collects an image's alt and title text.
func (w *walker) alt(n *html.Node, c wctx) {
	for _, k := range []string{"alt", "title"} {
		v := attr(n, k)
		if v == "" {
			continue
		}
		capped(&w.attrs, v+"\n")
		if c.outbound {
			capped(&w.outbound, "\n"+v+"\n")
		}
		if c.hidden != "" {
			capped(&w.hidden, "\n"+v+"\n")
		}
	}
}

// ref records an external reference of the given kind.
func (w *walker) ref(v string, k Kind) {
	u := resolve(w.base, v)
	if u == nil {
		return
	}
	if host := hostOf(u); !w.own.has(host) {
		w.addDomain(host, k, u)
	}
}

func (w *walker) addDomain(host string, k Kind, u *url.URL) {
	key := hostKey(host)
	kinds, ok := w.domains[key]
	if !ok {
		if len(w.domains) >= maxDomains {
			return
		}
		w.examples[key] = clip(u.String(), 300)
	}
	if !slices.Contains(kinds, k) {
		w.domains[key] = append(kinds, k)
	}
	if !w.allowed.has(host) && !w.denied[key] {
		w.denied[key] = true
		w.outHosts = append(w.outHosts, host)
	}
}

// meta handles refresh redirects and descriptive meta text.
func (w *walker) meta(n *html.Node) {
	if strings.EqualFold(attr(n, "http-equiv"), "refresh") {
		target := refreshURL(attr(n, "content"))
		if target == "" {
			return
		}
		u := resolve(w.base, target)
		if u == nil {
			return
		}
		if w.redirect == "" {
			w.redirect = u.String()
		}
		if !w.own.has(hostOf(u)) {
			w.addDomain(hostOf(u), KindMetaRefresh, u)
		}
		return
	}
	name := strings.ToLower(attr(n, "name") + attr(n, "property"))
	switch name {
	case "description", "keywords", "og:title", "og:description", "twitter:title", "twitter:description":
		capped(&w.attrs, attr(n, "content")+"\n")
	}
}

// script hashes an inline script, scans it for signs and looks for a
// redirect; an external one is recorded as a domain.
func (w *walker) script(n *html.Node) {
	if src := attr(n, "src"); src != "" {
		w.ref(src, KindScript)
		return
	}
	if !isJSType(attr(n, "type")) {
		return
	}
	body := childText(n)
	if strings.TrimSpace(body) == "" || len(w.scripts) >= maxScripts {
		return
	}
	h := scriptHash(body)
	if _, dup := w.excerpts[h]; !dup {
		w.scripts = append(w.scripts, h)
		w.excerpts[h] = clip(oneLine(body), 200)
	}
	w.scriptSigns(scriptSigns(body, h, "inline script"))
	if target := scriptRedirect(body); target != "" {
		if u := resolve(w.base, target); u != nil {
			if w.redirect == "" {
				w.redirect = u.String()
			}
			if !w.own.has(hostOf(u)) {
				w.addDomain(hostOf(u), KindScriptRedirect, u)
			}
		}
	}
}

// handlers scans event-handler attributes and javascript: URLs.
func (w *walker) handlers(n *html.Node) {
	for _, a := range n.Attr {
		if len(a.Key) > 2 && strings.HasPrefix(a.Key, "on") {
			w.scriptSigns(scriptSigns(a.Val, "", n.Data+" "+a.Key+" attribute"))
			continue
		}
		if a.Key != "href" && a.Key != "src" {
			continue
		}
		if v := strings.TrimSpace(a.Val); len(v) > 11 && strings.EqualFold(v[:11], "javascript:") {
			w.scriptSigns(scriptSigns(v, "", "javascript: URL"))
		}
	}
}

func (w *walker) scriptSigns(s []Sign) {
	for _, sg := range s {
		if w.nScript >= maxScriptSigns {
			return
		}
		w.nScript++
		w.signs = append(w.signs, sg)
	}
}

// attr returns the value of an attribute, "" when absent.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// childText joins the text children of n (the body of a script, style or
// title element).
func childText(n *html.Node) string {
	if c := n.FirstChild; c != nil && c.NextSibling == nil && c.Type == html.TextNode {
		return c.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// nodeText returns up to limit bytes of the text below n, for evidence.
func nodeText(n *html.Node, limit int) string {
	var b strings.Builder
	var visit func(*html.Node, int)
	visit = func(n *html.Node, depth int) {
		if b.Len() >= limit || depth > 32 {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Img {
			b.WriteString(attr(n, "alt"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, depth+1)
		}
	}
	visit(n, 0)
	return b.String()
}
