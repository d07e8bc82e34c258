package password

import (
	"attt/internal/locale"
	"embed"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// listFS holds attt's own offline lists: common English and Vietnamese
// passwords, Vietnamese names, place and agency words, and device defaults.
//
//go:embed lists/*.txt
var listFS embed.FS

// wordLists is the loaded form of the embedded lists.
type wordLists struct {
	// exact holds every entry folded, and its un-leeted forms: a password
	// equal to one of them is refused outright.
	exact map[string]struct{}
	// words holds the letter cores of the entries: the pieces a guessable
	// password is built from (see guessable).
	words map[string]struct{}
	// maxWord is the longest word in runes.
	maxWord int
	// ranked lists the words in file order, most telling first, for zxcvbn.
	ranked []string
}

// loadLists reads every embedded list. The files are part of the binary, so
// failing to read them is a build mistake and panics.
func loadLists() *wordLists {
	l := &wordLists{exact: map[string]struct{}{}, words: map[string]struct{}{}}
	names, err := fs.Glob(listFS, "lists/*.txt")
	if err != nil || len(names) == 0 {
		panic("password: embedded word lists missing")
	}
	for _, name := range names {
		data, err := listFS.ReadFile(name)
		if err != nil {
			panic("password: read embedded " + name + ": " + err.Error())
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			l.add(locale.Fold(line))
		}
	}
	return l
}

// add records one folded entry.
func (l *wordLists) add(entry string) {
	for _, v := range variants(entry) {
		l.exact[v] = struct{}{}
	}
	for _, one := range []rune{'i', 'l'} {
		core := letterCore(entry, one)
		if core == "" {
			continue
		}
		if _, seen := l.words[core]; seen {
			continue
		}
		l.words[core] = struct{}{}
		l.ranked = append(l.ranked, core)
		l.maxWord = max(l.maxWord, utf8.RuneCountInString(core))
	}
}
