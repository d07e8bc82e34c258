package analyze

import (
	"strings"
	"unicode/utf8"
)

// clip shortens s to at most n bytes on a rune boundary, marking the cut,
// so evidence stays short enough to show and store.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// oneLine collapses white space so evidence reads on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
