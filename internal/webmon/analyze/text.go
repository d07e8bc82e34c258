package analyze

import (
	"strings"

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
	if t.full() || t.cur.Len() > maxTextBytes {
		return
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

// invisible are format characters that render as nothing.
var invisible = strings.NewReplacer("\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\ufeff", "", "\u00ad", "")

// collapse drops invisible characters and collapses white space.
func collapse(s string) string {
	if strings.ContainsAny(s, "\u200b\u200c\u200d\u2060\ufeff\u00ad") {
		s = invisible.Replace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}
