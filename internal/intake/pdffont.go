package intake

import (
	"strconv"
	"strings"
)

// pdfFont turns the bytes of a PDF string into text.
type pdfFont struct {
	cmap    map[uint32]string // ToUnicode
	codeLen int               // bytes per code in cmap lookups
	enc     *[256]rune        // simple fonts: byte → rune (0 = unknown)
}

// font returns the decoder for a font dictionary (cached by reference).
func (d *pdfDoc) font(v any) *pdfFont {
	ref, isRef := v.(pdfRef)
	if isRef {
		if f, ok := d.fonts[ref]; ok {
			return f
		}
	}
	fd := d.dictOf(v)
	if fd == nil {
		return nil
	}
	f := &pdfFont{codeLen: 1}
	if fd["Subtype"] == pdfName("Type0") {
		f.codeLen = 2
	} else {
		f.enc = d.simpleEncoding(fd["Encoding"])
	}
	if s, ok := d.resolve(fd["ToUnicode"]).(*pdfStream); ok {
		f.cmap, f.codeLen = parseToUnicode(d.decode(s), f.codeLen)
	}
	if isRef {
		d.fonts[ref] = f
	}
	return f
}

// decode maps s through the font; a nil font reads UTF-16BE with a byte
// order mark, else WinAnsi.
func (f *pdfFont) decode(s pdfString) string {
	if f == nil || (f.cmap == nil && f.enc == nil) {
		if len(s) >= 2 && s[0] == 0xfe && s[1] == 0xff {
			return utf16BE(s[2:])
		}
		if f != nil && f.codeLen == 2 {
			return "" // CID font without ToUnicode: unreadable
		}
		enc := winAnsi()
		return encodeBytes(s, &enc)
	}
	if f.cmap == nil {
		return encodeBytes(s, f.enc)
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		n := min(f.codeLen, len(s)-i)
		var code uint32
		for _, c := range s[i : i+n] {
			code = code<<8 | uint32(c)
		}
		if u, ok := f.cmap[code]; ok {
			b.WriteString(u)
		} else if f.enc != nil && n == 1 {
			if r := f.enc[s[i]]; r != 0 {
				b.WriteRune(r)
			}
		}
		i += n
	}
	return b.String()
}

func encodeBytes(s []byte, enc *[256]rune) string {
	var b strings.Builder
	for _, c := range s {
		if r := enc[c]; r != 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// parseToUnicode reads bfchar and bfrange entries of a ToUnicode CMap and
// the code length from its codespace range.
func parseToUnicode(data []byte, codeLen int) (map[uint32]string, int) {
	m := map[uint32]string{}
	l := &pdfLexer{b: data}
	var ops []any
	mode := ""
	for {
		v, err := l.value(0)
		if err != nil {
			if isEOF(err) || l.pos >= len(data) {
				return m, codeLen
			}
			l.pos++
			continue
		}
		op, isOp := v.(pdfOp)
		if !isOp {
			ops = append(ops, v)
			switch mode {
			case "codespace":
				if len(ops) == 2 {
					if s, ok := ops[0].(pdfString); ok && len(s) > 0 && len(s) <= 4 {
						codeLen = len(s)
					}
					ops = ops[:0]
				}
			case "bfchar":
				if len(ops) == 2 {
					if src, ok := ops[0].(pdfString); ok {
						if dst, ok := ops[1].(pdfString); ok {
							m[codeOf(src)] = utf16BE(dst)
						}
					}
					ops = ops[:0]
				}
			case "bfrange":
				if len(ops) == 3 {
					addRange(m, ops)
					ops = ops[:0]
				}
			}
			if len(ops) > 16 {
				ops = ops[:0]
			}
			continue
		}
		switch op {
		case "begincodespacerange":
			mode = "codespace"
		case "beginbfchar":
			mode = "bfchar"
		case "beginbfrange":
			mode = "bfrange"
		case "endcodespacerange", "endbfchar", "endbfrange":
			mode = ""
		}
		ops = ops[:0]
	}
}

func codeOf(s []byte) uint32 {
	var c uint32
	for _, b := range s[:min(len(s), 4)] {
		c = c<<8 | uint32(b)
	}
	return c
}

// addRange adds "<lo> <hi> <dst>" or "<lo> <hi> [<d1> <d2> …]".
func addRange(m map[uint32]string, ops []any) {
	lo, ok1 := ops[0].(pdfString)
	hi, ok2 := ops[1].(pdfString)
	if !ok1 || !ok2 {
		return
	}
	a, b := codeOf(lo), codeOf(hi)
	if b < a || b-a > 0xffff {
		return
	}
	switch dst := ops[2].(type) {
	case pdfString:
		u := []rune(utf16BE(dst))
		if len(u) == 0 {
			return
		}
		for c := a; c <= b; c++ {
			out := append([]rune(nil), u...)
			out[len(out)-1] += rune(c - a)
			m[c] = string(out)
		}
	case pdfArray:
		for i, e := range dst {
			if s, ok := e.(pdfString); ok && a+uint32(i) <= b {
				m[a+uint32(i)] = utf16BE(s)
			}
		}
	}
}

// simpleEncoding builds a simple font's byte → rune table from /Encoding:
// WinAnsi as the base (also for Standard/MacRoman, which agree with it on
// ASCII), with /Differences applied.
func (d *pdfDoc) simpleEncoding(v any) *[256]rune {
	enc := winAnsi()
	ed := d.dictOf(v)
	if ed == nil {
		return &enc
	}
	diffs, _ := d.resolve(ed["Differences"]).(pdfArray)
	code := 0
	for _, e := range diffs {
		switch e := e.(type) {
		case float64:
			code = int(e)
		case pdfName:
			if code >= 0 && code < 256 {
				enc[code] = glyphRune(string(e))
			}
			code++
		}
	}
	return &enc
}

// winAnsi returns the WinAnsiEncoding table.
func winAnsi() [256]rune {
	var t [256]rune
	for c := 0x20; c < 0x7f; c++ {
		t[c] = rune(c)
	}
	for c := 0xa0; c <= 0xff; c++ {
		t[c] = rune(c)
	}
	high := []rune("€\u0000‚ƒ„…†‡ˆ‰Š‹Œ\u0000Ž\u0000\u0000‘’“”•–—˜™š›œ\u0000žŸ")
	for i, r := range high {
		t[0x80+i] = r
	}
	t['\t'], t['\n'], t['\r'] = ' ', '\n', '\n'
	return t
}

// glyphRune maps a glyph name to its rune: uniXXXX, uXXXX[XX], single
// characters, and a small table of Latin and Vietnamese names; 0 otherwise.
func glyphRune(name string) rune {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i] // "A.sc" → "A"
	}
	if len(name) == 1 {
		return rune(name[0])
	}
	for _, p := range []string{"uni", "u"} {
		if strings.HasPrefix(name, p) && len(name) >= len(p)+4 && len(name) <= len(p)+6 {
			if v, err := strconv.ParseUint(name[len(p):len(p)+4], 16, 32); err == nil && p == "uni" {
				return rune(v)
			}
			if v, err := strconv.ParseUint(name[len(p):], 16, 32); err == nil && p == "u" && v <= 0x10ffff {
				return rune(v)
			}
		}
	}
	switch name {
	case "space", "nbspace":
		return ' '
	case "period":
		return '.'
	case "comma":
		return ','
	case "colon":
		return ':'
	case "semicolon":
		return ';'
	case "hyphen", "minus":
		return '-'
	case "endash":
		return '–'
	case "emdash":
		return '—'
	case "slash":
		return '/'
	case "parenleft":
		return '('
	case "parenright":
		return ')'
	case "quotedbl":
		return '"'
	case "quoteright":
		return '’'
	case "quoteleft":
		return '‘'
	case "Dcroat", "Eth":
		return 'Đ'
	case "dcroat":
		return 'đ'
	case "Acircumflexdotbelow":
		return 'Ậ'
	case "acircumflexdotbelow":
		return 'ậ'
	case "Ocircumflexacute":
		return 'Ố'
	case "ocircumflexacute":
		return 'ố'
	case "Ecircumflexdotbelow":
		return 'Ệ'
	case "ecircumflexdotbelow":
		return 'ệ'
	case "Ocircumflexdotbelow":
		return 'Ộ'
	case "ocircumflexdotbelow":
		return 'ộ'
	case "Acircumflexhookabove":
		return 'Ẩ'
	case "Uhorn":
		return 'Ư'
	case "uhorn":
		return 'ư'
	case "Ohorn":
		return 'Ơ'
	case "ohorn":
		return 'ơ'
	}
	return 0
}
