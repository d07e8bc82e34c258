package intake

import (
	"bytes"
	"compress/zlib"
	"io"
	"math"
	"sort"
	"strings"
	"unicode/utf16"

	"attt/internal/locale"
)

// PDFText returns the text drawn on the pages of a PDF, a line of output per
// line of text as far as the drawing order shows it.
//
// It is a small reader written for one purpose, finding classification stamps,
// not a general PDF library. It reads: objects anywhere in the file (by
// scanning for "n g obj", so damaged cross-reference tables do not matter),
// object streams, uncompressed and FlateDecode content streams, the page tree
// with inherited resources, Form XObjects, the text operators Tj, TJ, ' and ",
// literal and hex strings, fonts with a ToUnicode CMap (what Word and
// LibreOffice embed for Vietnamese text, usually Identity-H CID fonts) and
// simple fonts with WinAnsi/standard encodings and /Differences using
// uniXXXX or common glyph names. It cannot read: encrypted PDFs (reported as
// errPDFEncrypted; the gate refuses them), text in images or scanned pages
// (no OCR), CID fonts without ToUnicode, other stream filters (LZW, ASCII85,
// …), Type3 glyph names outside the small table, and text whose order on the
// page differs from its drawing order (lines may come out interleaved).
func PDFText(data []byte) (string, error) {
	d, err := openPDF(data, 8*int64(len(data))+(64<<20))
	if err != nil {
		return "", err
	}
	return d.text(), nil
}

// errPDFEncrypted marks a PDF whose content is encrypted.
const errPDFEncrypted = errPDFSyntax("encrypted")

// pdfDoc is a parsed PDF: every object found, by number.
type pdfDoc struct {
	data    []byte
	objs    map[int]any
	budget  int64 // decompressed bytes still allowed
	decoded map[*pdfStream][]byte
	fonts   map[pdfRef]*pdfFont
}

// openPDF indexes every object in data and expands object streams.
func openPDF(data []byte, budget int64) (*pdfDoc, error) {
	d := &pdfDoc{data: data, objs: map[int]any{}, budget: budget, decoded: map[*pdfStream][]byte{}, fonts: map[pdfRef]*pdfFont{}}
	offsets := indexObjects(data)
	nums := make([]int, 0, len(offsets))
	for n := range offsets {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		d.objs[n] = d.parseAt(offsets[n])
	}
	if len(d.objs) == 0 {
		return nil, errPDFSyntax("no objects")
	}
	for _, n := range nums {
		s, ok := d.objs[n].(*pdfStream)
		if !ok {
			continue
		}
		switch s.dict["Type"] {
		case pdfName("ObjStm"):
			d.expandObjStm(s)
		case pdfName("XRef"):
			if _, enc := s.dict["Encrypt"]; enc {
				return nil, errPDFEncrypted
			}
		}
	}
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("trailer"))
		if j < 0 {
			break
		}
		l := &pdfLexer{b: data, pos: i + j + len("trailer")}
		if t, err := l.value(0); err == nil {
			if td, ok := t.(pdfDict); ok && td["Encrypt"] != nil {
				return nil, errPDFEncrypted
			}
		}
		i += j + len("trailer")
	}
	return d, nil
}

// indexObjects finds "n g obj" headers; later ones (updates) win.
func indexObjects(data []byte) map[int]int {
	out := map[int]int{}
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("obj"))
		if j < 0 {
			return out
		}
		at := i + j
		i = at + 3
		if i < len(data) && !isPDFSpace(data[i]) && !isPDFDelim(data[i]) {
			continue
		}
		k := at - 1
		skipBack := func(pred func(byte) bool) int {
			n := 0
			for k >= 0 && pred(data[k]) {
				k--
				n++
			}
			return n
		}
		digit := func(c byte) bool { return c >= '0' && c <= '9' }
		if skipBack(isPDFSpace) == 0 || skipBack(digit) == 0 || skipBack(isPDFSpace) == 0 {
			continue
		}
		end := k + 1
		if skipBack(digit) == 0 || (k >= 0 && !isPDFSpace(data[k]) && !isPDFDelim(data[k])) {
			continue
		}
		num := 0
		for _, c := range data[k+1 : end] {
			num = num*10 + int(c-'0')
			if num > 1<<24 {
				break
			}
		}
		if num <= 1<<24 {
			out[num] = i
		}
	}
}

// parseAt reads the object whose body starts at off, with its stream.
func (d *pdfDoc) parseAt(off int) any {
	l := &pdfLexer{b: d.data, pos: off}
	v, err := l.value(0)
	if err != nil {
		return v
	}
	dict, ok := v.(pdfDict)
	if !ok {
		return v
	}
	l.skip()
	if !bytes.HasPrefix(d.data[l.pos:], []byte("stream")) {
		return dict
	}
	start := l.pos + len("stream")
	if start < len(d.data) && d.data[start] == '\r' {
		start++
	}
	if start < len(d.data) && d.data[start] == '\n' {
		start++
	}
	end := -1
	if n, ok := dict["Length"].(float64); ok && n >= 0 && start+int(n) <= len(d.data) {
		e := start + int(n)
		rest := bytes.TrimLeft(d.data[e:min(e+20, len(d.data))], " \r\n\t")
		if bytes.HasPrefix(rest, []byte("endstream")) {
			end = e
		}
	}
	if end < 0 {
		k := bytes.Index(d.data[start:], []byte("endstream"))
		if k < 0 {
			return dict
		}
		end = start + k
		for end > start && (d.data[end-1] == '\n' || d.data[end-1] == '\r') {
			end--
		}
	}
	return &pdfStream{dict: dict, raw: d.data[start:end]}
}

// expandObjStm adds the objects packed in an object stream (not overriding
// objects found directly in the file).
func (d *pdfDoc) expandObjStm(s *pdfStream) {
	data := d.decode(s)
	if data == nil {
		return
	}
	n, _ := d.resolve(s.dict["N"]).(float64)
	first, _ := d.resolve(s.dict["First"]).(float64)
	l := &pdfLexer{b: data}
	for i := 0; i < int(n) && i < 1<<20; i++ {
		a, err1 := l.value(0)
		b, err2 := l.value(0)
		num, ok1 := a.(float64)
		off, ok2 := b.(float64)
		if err1 != nil || err2 != nil || !ok1 || !ok2 {
			return
		}
		pos := int(first) + int(off)
		if pos < 0 || pos >= len(data) {
			continue
		}
		if _, exists := d.objs[int(num)]; exists {
			continue
		}
		ol := &pdfLexer{b: data, pos: pos}
		if v, err := ol.value(0); err == nil {
			d.objs[int(num)] = v
		}
	}
}

// resolve follows references (a bounded number of hops).
func (d *pdfDoc) resolve(v any) any {
	for i := 0; i < 16; i++ {
		r, ok := v.(pdfRef)
		if !ok {
			return v
		}
		v = d.objs[r.num]
	}
	return nil
}

func (d *pdfDoc) dictOf(v any) pdfDict {
	switch x := d.resolve(v).(type) {
	case pdfDict:
		return x
	case *pdfStream:
		return x.dict
	}
	return nil
}

// decode returns a stream's decoded bytes: raw, or FlateDecode within the
// budget; nil for other filters.
func (d *pdfDoc) decode(s *pdfStream) []byte {
	if out, ok := d.decoded[s]; ok {
		return out
	}
	var filters []pdfName
	switch f := d.resolve(s.dict["Filter"]).(type) {
	case pdfName:
		filters = []pdfName{f}
	case pdfArray:
		for _, x := range f {
			if n, ok := d.resolve(x).(pdfName); ok {
				filters = append(filters, n)
			}
		}
	}
	data := s.raw
	for _, f := range filters {
		if f != "FlateDecode" && f != "Fl" {
			d.decoded[s] = nil
			return nil
		}
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			d.decoded[s] = nil
			return nil
		}
		// A truncated stream still yields what was decoded before the damage.
		out, _ := io.ReadAll(io.LimitReader(zr, max(d.budget, 0)))
		d.budget -= int64(len(out))
		data = out
	}
	d.decoded[s] = data
	return data
}

// text walks the page tree (or, without one, every content-like stream).
func (d *pdfDoc) text() string {
	out := &textOut{}
	var pages []pdfDict
	seen := map[any]bool{}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 32 || seen[v] {
			return
		}
		if r, ok := v.(pdfRef); ok {
			seen[r] = true
		}
		n := d.dictOf(v)
		if n == nil {
			return
		}
		if kids, ok := d.resolve(n["Kids"]).(pdfArray); ok {
			for _, k := range kids {
				walk(k, depth+1)
			}
			return
		}
		if n["Type"] == pdfName("Page") || n["Contents"] != nil {
			pages = append(pages, n)
		}
	}
	for _, n := range d.sortedNums() {
		if dd := d.dictOf(d.objs[n]); dd != nil && dd["Type"] == pdfName("Catalog") {
			walk(dd["Pages"], 0)
			break
		}
	}
	if len(pages) == 0 {
		for _, n := range d.sortedNums() {
			if dd, ok := d.objs[n].(pdfDict); ok && dd["Type"] == pdfName("Page") {
				pages = append(pages, dd)
			}
		}
	}
	for _, p := range pages {
		res := d.inherited(p, "Resources")
		var content []byte
		switch c := d.resolve(p["Contents"]).(type) {
		case *pdfStream:
			content = d.decode(c)
		case pdfArray:
			for _, x := range c {
				if s, ok := d.resolve(x).(*pdfStream); ok {
					content = append(append(content, d.decode(s)...), '\n')
				}
			}
		}
		d.run(content, d.dictOf(res), out, 0)
		out.newline()
		out.b.WriteString("\f")
	}
	if len(pages) == 0 {
		for _, n := range d.sortedNums() {
			if s, ok := d.objs[n].(*pdfStream); ok {
				if c := d.decode(s); bytes.Contains(c, []byte("BT")) {
					d.run(c, nil, out, 0)
					out.newline()
				}
			}
		}
	}
	return out.b.String()
}

func (d *pdfDoc) sortedNums() []int {
	nums := make([]int, 0, len(d.objs))
	for n := range d.objs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	return nums
}

// inherited returns key from the page or its ancestors.
func (d *pdfDoc) inherited(p pdfDict, key pdfName) any {
	for i := 0; i < 32 && p != nil; i++ {
		if v, ok := p[key]; ok {
			return v
		}
		p = d.dictOf(p["Parent"])
	}
	return nil
}

// textOut collects text, avoiding runs of separators.
type textOut struct {
	b    strings.Builder
	last byte // last separator written, 0 after text
}

func (t *textOut) text(s string) {
	if s != "" {
		t.b.WriteString(s)
		t.last = 0
	}
}

func (t *textOut) sep(c byte) {
	if t.b.Len() == 0 || t.last == '\n' || (t.last == '\t' && c == ' ') {
		return
	}
	if t.last != 0 && c != '\n' && c <= t.last {
		return
	}
	t.b.WriteByte(c)
	t.last = c
}

func (t *textOut) newline() { t.sep('\n') }

// run interprets a content stream's text operators.
func (d *pdfDoc) run(content []byte, res pdfDict, out *textOut, depth int) {
	if depth > 8 || len(content) == 0 {
		return
	}
	fonts := d.dictOf(res["Font"])
	xobjs := d.dictOf(res["XObject"])
	var font *pdfFont
	var ops []any
	var x, y float64
	l := &pdfLexer{b: content}
	for {
		v, err := l.value(0)
		if err != nil {
			if isEOF(err) {
				return
			}
			l.pos++ // skip the bad byte and go on
			ops = ops[:0]
			continue
		}
		op, isOp := v.(pdfOp)
		if !isOp {
			if len(ops) < 64 {
				ops = append(ops, v)
			}
			continue
		}
		num := func(i int) float64 {
			if i < len(ops) {
				f, _ := ops[i].(float64)
				return f
			}
			return 0
		}
		switch op {
		case "Tf":
			if len(ops) > 0 {
				if name, ok := ops[0].(pdfName); ok {
					font = d.font(fonts[name])
				}
			}
		case "Td", "TD":
			if math.Abs(num(1)) > 0.5 {
				out.newline()
			} else {
				out.sep(' ')
			}
			x, y = x+num(0), y+num(1)
		case "Tm":
			if math.Abs(num(5)-y) > 0.5 {
				out.newline()
			} else if num(4)-x > 150 {
				out.sep('\t')
			} else {
				out.sep(' ')
			}
			x, y = num(4), num(5)
		case "T*":
			out.newline()
		case "Tj", "'", "\"":
			if op != "Tj" {
				out.newline()
			}
			if len(ops) > 0 {
				if s, ok := ops[len(ops)-1].(pdfString); ok {
					out.text(font.decode(s))
				}
			}
		case "TJ":
			if len(ops) > 0 {
				arr, _ := ops[0].(pdfArray)
				for _, e := range arr {
					switch e := e.(type) {
					case pdfString:
						out.text(font.decode(e))
					case float64:
						if e < -200 {
							out.sep(' ')
						}
					}
				}
			}
		case "Do":
			if len(ops) > 0 {
				if name, ok := ops[0].(pdfName); ok {
					if s, ok := d.resolve(xobjs[name]).(*pdfStream); ok && s.dict["Subtype"] == pdfName("Form") {
						sub := d.dictOf(s.dict["Resources"])
						if sub == nil {
							sub = res
						}
						out.newline()
						d.run(d.decode(s), sub, out, depth+1)
						out.newline()
					}
				}
			}
		case "BI":
			// Inline image: skip its data up to a delimited "EI".
			if k := bytes.Index(content[l.pos:], []byte("ID")); k >= 0 {
				l.pos += k + 2
				for {
					e := bytes.Index(content[l.pos:], []byte("EI"))
					if e < 0 {
						l.pos = len(content)
						break
					}
					at := l.pos + e
					l.pos = at + 2
					if at > 0 && isPDFSpace(content[at-1]) && (l.pos >= len(content) || isPDFSpace(content[l.pos])) {
						break
					}
				}
			}
		}
		ops = ops[:0]
	}
}

// inspectPDF refuses a PDF bearing secret markings or one that is encrypted
// (its text cannot be checked).
func inspectPDF(data []byte) error {
	text, err := PDFText(data)
	if err == errPDFEncrypted {
		return refuse(ReasonUnreadable, "encrypted pdf", locale.T(
			"Tệp PDF được mã hóa hoặc đặt mật khẩu nên không kiểm tra được nội dung; tệp bị từ chối. Hãy gỡ mã hóa rồi tải lên lại.",
			"The PDF is encrypted or password-protected, so its content cannot be checked; the file is refused. Remove the encryption and upload it again."))
	}
	if err != nil {
		return refuse(ReasonUnreadable, err.Error(), locale.T(
			"Không đọc được tệp PDF; tệp bị từ chối.",
			"The PDF could not be read; the file is refused."))
	}
	return checkMarkings(once(text))
}

// utf16BE decodes big-endian UTF-16 (odd trailing byte dropped).
func utf16BE(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}
