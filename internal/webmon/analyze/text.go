package analyze

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/atom"
)

// Bounds on the text kept of one page.
const (
	maxLines     = 5000
	maxTextBytes = 256 << 10
)

// blockTags start a new line of text: one block-level element per line.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Body: true,
	atom.Br: true, atom.Caption: true, atom.Center: true, atom.Dd: true, atom.Details: true,
	atom.Dialog: true, atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true,
	atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true,
	atom.Hgroup: true, atom.Hr: true, atom.Legend: true, atom.Li: true, atom.Main: true,
	atom.Marquee: true, atom.Menu: true, atom.Nav: true, atom.Ol: true, atom.Option: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Select: true, atom.Summary: true, atom.Table: true,
	atom.Tbody: true, atom.Td: true, atom.Tfoot: true, atom.Th: true, atom.Thead: true,
	atom.Tr: true, atom.Ul: true, atom.Html: true, atom.Textarea: true,
}

// lineText accumulates visible text, one block per line.
type lineText struct {
	cur   strings.Builder
	lines []string
	bytes int
}

// write appends a text node to the current line.
func (t *lineText) write(s string) {
	room := maxTextBytes - t.bytes - t.cur.Len()
	if t.full() || room <= 0 {
		return
	}
	if len(s) > room {
		for room > 0 && !utf8.RuneStart(s[room]) {
			room--
		}
		s = s[:room]
	}
	t.cur.WriteString(s)
}

func (t *lineText) full() bool { return len(t.lines) >= maxLines || t.bytes >= maxTextBytes }

// flush ends the current line: white space collapsed, invisible characters
// dropped, empty lines skipped.
func (t *lineText) flush() {
	if t.cur.Len() == 0 {
		return
	}
	line := collapse(t.cur.String())
	t.cur.Reset()
	if line == "" || t.full() {
		return
	}
	t.lines = append(t.lines, line)
	t.bytes += len(line) + 1
}

// invisible reports format characters that render as nothing.
func invisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return false
}

// collapse drops invisible characters and collapses white space to single
// spaces, trimming both ends; it is on the hot path of every text node.
func collapse(s string) string {
	clean := true // already collapsed?
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			clean = false
			break
		}
		sp := c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
		if sp && (c != ' ' || prevSpace) {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for _, r := range s {
		switch {
		case invisible(r):
			continue
		case unicode.IsSpace(r):
			space = len(b) > 0
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}
