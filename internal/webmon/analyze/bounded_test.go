package analyze

import (
	"strings"
	"testing"
	"time"
)

// TestAnalyzeBounded feeds hostile pages at the body limit; each must be
// analysed quickly, without running out of stack or memory.
func TestAnalyzeBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	n := MaxBody
	cases := map[string]string{
		"deep divs":        strings.Repeat("<div>", n/5),
		"deep formatting":  strings.Repeat("<b><i><u>", n/9),
		"many links":       strings.Repeat(`<a href="https://s.example/x">x</a>`, n/36),
		"many domains":     manyDomains(n),
		"nested tables":    strings.Repeat("<table><tr><td>", n/15),
		"one long word":    strings.Repeat("a", n),
		"digits":           strings.Repeat("1/2/3:4.5,6 ", n/12),
		"huge script":      "<script>" + strings.Repeat("eval(atob('x'));location.href='/a';{", n/40) + "</script>",
		"escape runs":      "<script>" + strings.Repeat(`\x4`, n/3) + "</script>",
		"huge style":       "<style>" + strings.Repeat(".a{display:none}@media{", n/24) + "</style>",
		"hidden nesting":   strings.Repeat(`<div style="display:none"><a href="https://s.example/">nhà cái</a>`, n/70),
		"terms":            strings.Repeat("nhà cái cá cược fb88 ", n/26),
		"hacked by":        strings.Repeat("by by hacked ", n/13),
		"unclosed comment": "<!--" + strings.Repeat("-", n),
		"attributes":       "<div " + strings.Repeat(`a="b" `, n/6) + ">",
		"select in select": strings.Repeat("<select><option>", n/16),
		"garbage":          garbage(n),
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			s, err := Analyze(&Page{URL: portal, FinalURL: portal, Status: 200, Body: []byte(body)}, testRules())
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v", d)
			}
			if len(s.Links) > maxLinks || len(s.Domains) > maxDomains || len(s.Text) > 2*maxTextBytes {
				t.Errorf("unbounded snapshot: %d links, %d domains, %d bytes of text", len(s.Links), len(s.Domains), len(s.Text))
			}
		})
	}
}

func manyDomains(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(`<img src="https://d`)
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(string(rune('a' + i%26)))
		b.WriteString(".example")
		b.WriteString(string(rune('0' + i%10)))
		b.WriteString(`.com/">`)
	}
	return b.String()
}

func garbage(n int) string {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		const alphabet = "<>/=\"' abc\x00\xff\xc3-!{}"
		b[i] = alphabet[x%uint32(len(alphabet))]
	}
	return string(b)
}
