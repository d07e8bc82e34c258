package analyze

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// flatDepth is the nesting kept when a page is too deep to parse.
const flatDepth = 200

// flatten rewrites a page whose elements nest deeper than the HTML parser
// accepts (512): start and end tags below flatDepth are dropped, keeping
// their text, and links, images, scripts, styles, frames and forms are
// kept whatever their depth — so piling up <div>s does not hide what is
// inside from the analysis. It is a fallback, not a tree builder.
func flatten(body []byte) []byte {
	z := html.NewTokenizer(bytes.NewReader(body))
	var out bytes.Buffer
	out.Grow(len(body))
	depth := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out.Bytes()
		case html.StartTagToken, html.EndTagToken:
			raw := z.Raw()
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if keepFlat[a] {
				out.Write(raw)
				continue
			}
			if tt == html.StartTagToken {
				depth++
				if depth <= flatDepth {
					out.Write(raw)
				}
				continue
			}
			if depth <= flatDepth {
				out.Write(raw)
			}
			depth = max(0, depth-1)
		default:
			out.Write(z.Raw())
		}
	}
}

// keepFlat are elements flatten keeps at any depth: void ones and those
// that hold what the analysis looks for.
var keepFlat = map[atom.Atom]bool{
	atom.A: true, atom.Area: true, atom.Img: true, atom.Script: true, atom.Style: true, atom.Iframe: true,
	atom.Frame: true, atom.Embed: true, atom.Form: true, atom.Meta: true, atom.Link: true, atom.Base: true,
	atom.Br: true, atom.Hr: true, atom.Input: true, atom.Wbr: true, atom.Source: true, atom.Title: true,
	atom.Textarea: true, atom.Noscript: true,
}

// tokenText is the last resort for a page even flatten cannot make
// parseable: its text tokens, one per line.
func tokenText(body []byte) []string {
	z := html.NewTokenizer(bytes.NewReader(body))
	var lines []string
	skip := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return lines
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			skip = a == atom.Script || a == atom.Style
		case html.TextToken:
			if skip || len(lines) >= maxLines {
				continue
			}
			if l := collapse(string(z.Text())); l != "" {
				lines = append(lines, l)
			}
		}
	}
}
