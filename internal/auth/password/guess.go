package password

import "unicode"

// Limits of the guessable test.
const (
	// maxGuessWords: a password made of filler (digits, years, symbols) and
	// at most this many listed words or patterns is guessable, e.g.
	// "Nguyen@1990", "Matkhau@123", "Hanoi@Vietnam2024".
	maxGuessWords = 3
	// minWalk is the shortest keyboard walk counted ("qwer", "1q2w", "asdf").
	minWalk = 4
	// minRun is the shortest letter sequence ("abc") or repeat ("aaa").
	minRun = 3
	// minLong is the shortest piece that lets a lone letter ride along.
	minLong = 4
)

// guessable reports whether folded (a password after fold) is a listed
// password, or is made only of filler and at most maxGuessWords pieces, each a
// listed word or a keyboard walk, alphabet sequence or repeated letter, with
// look-alike digits and symbols read as letters. This catches the usual way
// people satisfy a composition rule: capitalise a word, append a year or
// "@123" ("Hungyen@2024", "P@ssw0rd1!").
//
// It is a shortest-path search over positions: filler runes cost nothing,
// pieces cost one, and every rune must be covered. The work is at most
// quadratic in the length (a walk can run the whole password): 1.8 ms for a
// 1024-character walk, the longest any policy lets through to this test.
func (l *wordLists) guessable(folded string) bool {
	vs := variants(folded)
	for _, v := range vs {
		if _, ok := l.exact[v]; ok {
			return true
		}
	}
	raw, li, ll := []rune(vs[0]), []rune(vs[1]), []rune(vs[2])
	n := len(raw)
	si, offI := withOffsets(li)
	sl, offL := withOffsets(ll)
	keys := make([]keyPos, n)
	for i, r := range raw {
		keys[i] = keyOf(r)
	}

	// best[st][i] is the fewest pieces covering raw[:i] in state st, a set
	// of flags: hasWord once a listed word or pattern is among the pieces,
	// hasLong once one of minLong runes is, hasLetter once a lone letter is.
	// One lone letter is allowed next to a long word ("1loveyou!A"), so that
	// a letter added for the upper-case rule does not hide the word, but
	// short names and stray letters alone do not make random text guessable.
	const unreachable = maxGuessWords + 1
	var best [8][]int
	for st := range best {
		best[st] = make([]int, n+1)
		for i := range best[st] {
			best[st][i] = unreachable
		}
	}
	best[0][0] = 0
	for i := 0; i < n; i++ {
		for st := range best {
			c := best[st][i]
			if c == unreachable {
				continue
			}
			relax := func(st, j, cost int) {
				if cost < best[st][j] {
					best[st][j] = cost
				}
			}
			piece := func(j int) {
				next := st | hasWord
				if j-i >= minLong {
					next |= hasLong
				}
				relax(next, j, c+1)
			}
			if !unicode.IsLetter(raw[i]) {
				relax(st, i+1, c)
			}
			if c == maxGuessWords {
				continue
			}
			if st&hasLetter == 0 {
				relax(st|hasLetter, i+1, c+1)
			}
			for j := i + 2; j <= n && j-i <= l.maxWord; j++ {
				if l.isWord(si[offI[i]:offI[j]]) || l.isWord(sl[offL[i]:offL[j]]) {
					piece(j)
				}
			}
			for j, end := i+minWalk, walkEnd(keys, i); j <= end; j++ {
				piece(j)
			}
			for _, rs := range [2][]rune{li, ll} {
				for j, end := i+minRun, runEnd(rs, i); j <= end; j++ {
					piece(j)
				}
			}
		}
	}
	for st := range best {
		ok := st&hasWord != 0 && (st&hasLetter == 0 || st&hasLong != 0)
		if ok && best[st][n] <= maxGuessWords {
			return true
		}
	}
	return false
}

// Flags of the guessable search state.
const (
	hasWord = 1 << iota
	hasLong
	hasLetter
)

// isWord reports whether s is a listed word.
func (l *wordLists) isWord(s string) bool {
	_, ok := l.words[s]
	return ok
}

// withOffsets returns rs as a string and the byte offset of each rune (plus
// the end), so substrings can be looked up without allocating.
func withOffsets(rs []rune) (string, []int) {
	s := string(rs)
	off := make([]int, 0, len(rs)+1)
	for i := range s {
		off = append(off, i)
	}
	return s, append(off, len(s))
}

// walkEnd returns the end of the longest keyboard walk starting at i: each
// key next to the one before ("qwer", "1q2w3e", "zxcvb").
func walkEnd(keys []keyPos, i int) int {
	j := i + 1
	for j < len(keys) && adjacent(keys[j-1], keys[j]) {
		j++
	}
	return j
}

// runEnd returns the end of the longest run of a–z letters starting at i
// that repeats one letter ("aaa") or steps through the alphabet ("abcd",
// "zyx").
func runEnd(rs []rune, i int) int {
	az := func(r rune) bool { return r >= 'a' && r <= 'z' }
	if i+1 >= len(rs) || !az(rs[i]) || !az(rs[i+1]) {
		return i + 1
	}
	step := rs[i+1] - rs[i]
	if step < -1 || step > 1 {
		return i + 1
	}
	j := i + 2
	for j < len(rs) && az(rs[j]) && rs[j]-rs[j-1] == step {
		j++
	}
	return j
}
