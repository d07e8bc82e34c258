package password

import "strings"

// The QWERTY rows, plain and shifted. Each row sits half a key to the right
// of the one above, so key i of a row touches keys i and i+1 of the row
// above and keys i-1 and i of the row below.
const (
	row0, row0Shift = "1234567890-=", "!@#$%^&*()_+"
	row1, row1Shift = "qwertyuiop[]", "QWERTYUIOP{}"
	row2, row2Shift = "asdfghjkl;'", "ASDFGHJKL:\""
	row3, row3Shift = "zxcvbnm,./", "ZXCVBNM<>?"
)

// keyPos is a key's row and column; row -1 means the rune is not on the
// keyboard.
type keyPos struct{ row, col int }

// keyOf finds r on the keyboard, shifted symbols on their key.
func keyOf(r rune) keyPos {
	for row, pair := range [4][2]string{{row0, row0Shift}, {row1, row1Shift}, {row2, row2Shift}, {row3, row3Shift}} {
		for _, s := range pair {
			if col := strings.IndexRune(s, r); col >= 0 {
				return keyPos{row, col}
			}
		}
	}
	return keyPos{-1, 0}
}

// adjacent reports whether a and b are neighbouring keys.
func adjacent(a, b keyPos) bool {
	if a.row < 0 || b.row < 0 {
		return false
	}
	switch b.row - a.row {
	case 0:
		return b.col == a.col-1 || b.col == a.col+1
	case -1:
		return b.col == a.col || b.col == a.col+1
	case 1:
		return b.col == a.col-1 || b.col == a.col
	}
	return false
}
