package intake

import (
	"bytes"
	"errors"
	"strconv"
)

// PDF object values as the small lexer below returns them.
type (
	pdfName   string
	pdfOp     string // a bare keyword: a content-stream operator, "R", "obj" …
	pdfString []byte
	pdfArray  []any
	pdfDict   map[pdfName]any
	pdfRef    struct{ num, gen int }
	pdfStream struct {
		dict pdfDict
		raw  []byte
	}
)

// errPDFSyntax is what the lexer returns for input it cannot read.
type errPDFSyntax string

func (e errPDFSyntax) Error() string { return "pdf: " + string(e) }

// pdfMaxDepth bounds nesting of arrays and dictionaries.
const pdfMaxDepth = 64

// pdfLexer reads PDF tokens and objects from b. It never panics on bad
// input: malformed objects give errors and the caller moves on.
type pdfLexer struct {
	b   []byte
	pos int
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

// skip passes whitespace and comments.
func (l *pdfLexer) skip() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isPDFSpace(c) {
			l.pos++
		} else if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		} else {
			return
		}
	}
}

// value reads the next object or operator; io errors are reported as
// errPDFSyntax("eof") at the end of input.
func (l *pdfLexer) value(depth int) (any, error) {
	if depth > pdfMaxDepth {
		return nil, errPDFSyntax("nesting too deep")
	}
	l.skip()
	if l.pos >= len(l.b) {
		return nil, errPDFSyntax("eof")
	}
	c := l.b[l.pos]
	switch {
	case c == '<' && l.pos+1 < len(l.b) && l.b[l.pos+1] == '<':
		l.pos += 2
		return l.dict(depth)
	case c == '<':
		return l.hexString()
	case c == '(':
		return l.literal()
	case c == '[':
		l.pos++
		var arr pdfArray
		for {
			l.skip()
			if l.pos >= len(l.b) {
				return arr, errPDFSyntax("unterminated array")
			}
			if l.b[l.pos] == ']' {
				l.pos++
				return arr, nil
			}
			v, err := l.value(depth + 1)
			if err != nil {
				return arr, err
			}
			arr = append(arr, v)
		}
	case c == '/':
		return l.name(), nil
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		return l.number(), nil
	case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
		l.pos++
		return pdfOp(string(c)), nil
	}
	start := l.pos
	for l.pos < len(l.b) && !isPDFSpace(l.b[l.pos]) && !isPDFDelim(l.b[l.pos]) {
		l.pos++
	}
	switch kw := string(l.b[start:l.pos]); kw {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	default:
		return pdfOp(kw), nil
	}
}

func (l *pdfLexer) dict(depth int) (pdfDict, error) {
	d := pdfDict{}
	for {
		l.skip()
		if l.pos+1 >= len(l.b) {
			return d, errPDFSyntax("unterminated dictionary")
		}
		if l.b[l.pos] == '>' && l.b[l.pos+1] == '>' {
			l.pos += 2
			return d, nil
		}
		k, err := l.value(depth + 1)
		if err != nil {
			return d, err
		}
		key, ok := k.(pdfName)
		if !ok {
			continue // tolerate junk keys
		}
		v, err := l.value(depth + 1)
		if err != nil {
			return d, err
		}
		d[key] = v
	}
}

func (l *pdfLexer) name() pdfName {
	l.pos++ // '/'
	var b []byte
	for l.pos < len(l.b) && !isPDFSpace(l.b[l.pos]) && !isPDFDelim(l.b[l.pos]) {
		c := l.b[l.pos]
		if c == '#' && l.pos+2 < len(l.b) {
			if v, err := strconv.ParseUint(string(l.b[l.pos+1:l.pos+3]), 16, 8); err == nil {
				b = append(b, byte(v))
				l.pos += 3
				continue
			}
		}
		b = append(b, c)
		l.pos++
	}
	return pdfName(b)
}

// number reads a number and, when "n g R" follows an integer, a reference.
func (l *pdfLexer) number() any {
	start := l.pos
	l.pos++
	for l.pos < len(l.b) && (l.b[l.pos] == '.' || (l.b[l.pos] >= '0' && l.b[l.pos] <= '9')) {
		l.pos++
	}
	f, err := strconv.ParseFloat(string(l.b[start:l.pos]), 64)
	if err != nil {
		f = 0
	}
	if n, err := strconv.Atoi(string(l.b[start:l.pos])); err == nil && n >= 0 {
		save := l.pos
		l.skip()
		gs := l.pos
		for l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '9' {
			l.pos++
		}
		if l.pos > gs && l.pos-gs < 6 {
			gen, _ := strconv.Atoi(string(l.b[gs:l.pos]))
			l.skip()
			if l.pos < len(l.b) && l.b[l.pos] == 'R' && (l.pos+1 == len(l.b) || isPDFSpace(l.b[l.pos+1]) || isPDFDelim(l.b[l.pos+1])) {
				l.pos++
				return pdfRef{n, gen}
			}
		}
		l.pos = save
	}
	return f
}

func (l *pdfLexer) hexString() (pdfString, error) {
	l.pos++ // '<'
	var out []byte
	var hi, n int
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		var v int
		switch {
		case c == '>':
			if n%2 == 1 {
				out = append(out, byte(hi<<4))
			}
			return out, nil
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'a' && c <= 'f':
			v = int(c-'a') + 10
		case c >= 'A' && c <= 'F':
			v = int(c-'A') + 10
		default:
			continue
		}
		if n%2 == 0 {
			hi = v
		} else {
			out = append(out, byte(hi<<4|v))
		}
		n++
	}
	return out, errPDFSyntax("unterminated hex string")
}

func (l *pdfLexer) literal() (pdfString, error) {
	l.pos++ // '('
	var out []byte
	level := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			level++
		case ')':
			level--
			if level == 0 {
				return out, nil
			}
		case '\\':
			if l.pos >= len(l.b) {
				return out, errPDFSyntax("unterminated string")
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return out, errPDFSyntax("unterminated string")
}

// isEOF reports whether err is the lexer's end of input.
func isEOF(err error) bool {
	var e errPDFSyntax
	return errors.As(err, &e) && e == "eof"
}
