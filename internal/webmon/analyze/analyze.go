package analyze

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"slices"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/unicode/norm"
)

// MaxBody is the most of a response body Analyze looks at; the rest is
// ignored, so work per page stays bounded whatever a server sends.
const MaxBody = 2 << 20

// Analyze turns one fetched page into a Snapshot: its title, its visible
// text normalised and masked, its external domains, inline scripts,
// internal links, redirect, and the suspicious signs found in it alone.
// It fails on a nil page, a failed fetch (Page.Err) and invalid rules; any
// body, however malformed, deep or large, gives a snapshot.
func Analyze(p *Page, r *Rules) (*Snapshot, error) {
	if p == nil {
		return nil, errors.New("analyze: no page")
	}
	if p.Err != "" {
		return nil, fmt.Errorf("analyze: %s: fetch failed: %s", p.URL, p.Err)
	}
	pageURL := p.FinalURL
	if pageURL == "" {
		pageURL = p.URL
	}
	base, _ := url.Parse(pageURL)
	if base != nil && base.Scheme == "" {
		base = nil
	}
	rules, err := compile(r, pageOf(p))
	if err != nil {
		return nil, err
	}
	body := p.Body
	if len(body) > MaxBody {
		body = body[:MaxBody]
	}
	snap := &Snapshot{Status: p.Status, FinalURL: pageURL, Domains: map[string][]Kind{}, InlineScripts: []string{}, Signs: []Sign{}}
	switch contentClass(p.ContentType) {
	case "text":
		raw, folded := finishText(snap, "", textLines(string(body)), rules)
		snap.Signs = append(snap.Signs, gambling(rules.terms, raw, folded, nil)...)
		return snap, nil
	case "binary":
		sum := sha256.Sum256(body)
		snap.Text = "binary " + p.ContentType + " sha256:" + hex.EncodeToString(sum[:])
		snap.TextHash = hashText(snap.Text)
		return snap, nil
	}
	body = decode(body, p.ContentType)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil { // nested too deep for the parser
		doc, err = goquery.NewDocumentFromReader(bytes.NewReader(flatten(body)))
	}
	if err != nil {
		raw, folded := finishText(snap, "", tokenText(body), rules)
		snap.Signs = append(snap.Signs, gambling(rules.terms, raw, folded, nil)...)
		return snap, nil
	}
	for _, sel := range rules.selectors {
		doc.FindMatcher(sel).Remove()
	}
	w := newWalker(base, rules.own, rules.allowed)
	root := doc.Nodes[0]
	title := w.prepass(root)
	w.walk(root, wctx{})
	w.text.flush()
	w.fill(snap)
	snap.Title = clean(title)
	raw, folded := finishText(snap, snap.Title, w.text.lines, rules)
	snap.Signs = append(snap.Signs, w.signs...)
	snap.Signs = append(snap.Signs, redirectSigns(p, snap, rules)...)
	snap.Signs = append(snap.Signs, gambling(rules.terms, raw, folded, w)...)
	return snap, nil
}

// pageOf is the URL the page was asked for, for the default own domain.
func pageOf(p *Page) *url.URL {
	u, err := url.Parse(p.URL)
	if err != nil || u.Host == "" {
		if u, err = url.Parse(p.FinalURL); err != nil {
			return nil
		}
	}
	return u
}

// contentClass sorts a Content-Type into "html" (also when missing or
// XML), "text" and "binary".
func contentClass(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt == "" {
		return "html"
	}
	switch {
	case strings.Contains(mt, "html"), strings.Contains(mt, "xml"):
		return "html"
	case strings.HasPrefix(mt, "text/"):
		return "text"
	}
	return "binary"
}

// decode converts a body in a legacy encoding (declared in Content-Type or
// a <meta charset>, e.g. windows-1258) to UTF-8.
func decode(body []byte, contentType string) []byte {
	enc, name, _ := charset.DetermineEncoding(body[:min(len(body), 1024)], contentType)
	if name == "utf-8" || enc == nil {
		return body
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return body
	}
	return out
}

// textLines splits a plain-text body into collapsed lines.
func textLines(s string) []string {
	var out []string
	for line := range strings.Lines(s) {
		if l := collapse(line); l != "" && len(out) < maxLines {
			out = append(out, l)
		}
	}
	return out
}

// clean makes text valid NFC UTF-8 on one line.
func clean(s string) string {
	return norm.NFC.String(strings.ToValidUTF8(collapse(s), "\uFFFD"))
}

// cleanLines makes a corpus valid NFC UTF-8 with each line collapsed, so
// words from different elements do not run together into a term.
func cleanLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = collapse(l)
	}
	return norm.NFC.String(strings.ToValidUTF8(strings.Join(lines, "\n"), "\uFFFD"))
}

// finishText sets Text and TextHash from the title and the raw lines, and
// adds defacement signs, which are looked for before masking. It returns
// the unmasked text and its folded form for the term search.
func finishText(snap *Snapshot, title string, lines []string, rules *compiled) (raw, folded string) {
	full := norm.NFC.String(strings.ToValidUTF8(strings.Join(lines, "\n"), "\uFFFD"))
	if title != "" {
		full = title + "\n" + full
	}
	folded = foldAligned(full)
	snap.Signs = append(snap.Signs, defacementSigns(title, full, folded)...)
	snap.Text = maskText(full, rules.patterns)
	snap.TextHash = hashText(snap.Text)
	return full, folded
}

func hashText(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// fill copies the walker's findings into the snapshot, sorted so equal
// pages give equal snapshots.
func (w *walker) fill(snap *Snapshot) {
	for k, kinds := range w.domains {
		slices.Sort(kinds)
		snap.Domains[k] = kinds
		if !w.denied[k] {
			snap.Allowed = append(snap.Allowed, k)
		}
	}
	slices.Sort(snap.Allowed)
	if len(w.examples) > 0 {
		snap.DomainExamples = w.examples
	}
	snap.InlineScripts = append(snap.InlineScripts, w.scripts...)
	if len(w.excerpts) > 0 {
		snap.ScriptExcerpts = w.excerpts
	}
	snap.Links = w.links
	snap.Redirect = w.redirect
}

// gambling matches the vocabulary in the page text and attributes (weak
// evidence) and, when the page was parsed as HTML, in hidden elements,
// outbound links and external host names (strong evidence).
func gambling(terms *termSet, text, folded string, w *walker) []Sign {
	hits := map[string]*termHit{}
	matchTerms(terms, text, folded, ctxText, hits)
	if w != nil {
		matchTerms(terms, cleanLines(w.attrs.String()), "", ctxText, hits)
		matchTerms(terms, cleanLines(w.hidden.String()), "", ctxHidden, hits)
		matchTerms(terms, cleanLines(w.outbound.String()), "", ctxOutLink, hits)
		matchHosts(terms, w.outHosts, hits)
	}
	if s, ok := gamblingSign(hits, terms.list); ok {
		return []Sign{s}
	}
	return nil
}
