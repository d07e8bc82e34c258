package intake

import (
	"bufio"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"attt/internal/locale"
)

// Level is a state-secret classification level (Luật Bảo vệ bí mật nhà nước).
type Level string

// The three classification levels, in their stamp form.
const (
	LevelMat      Level = "MẬT"
	LevelToiMat   Level = "TỐI MẬT"
	LevelTuyetMat Level = "TUYỆT MẬT"
)

// Marking is one classification stamp found in a document's text.
type Marking struct {
	Level Level
	// Line is the text line that carries the stamp (NFC, at most 120 runes).
	Line string
}

// Markings returns the state-secret classification stamps in text.
//
// A stamp is a classification level standing as a stamp, not a word in a
// sentence. The text is first put in Unicode NFC (so NFD input and the two
// orders of Vietnamese stacked diacritics match) and cut into lines at line
// and page breaks. A line, or a cell of it (parts separated by a tab, "|" or
// two or more spaces), is a stamp when, after trimming decoration such as
// quotes, brackets, asterisks and dashes, it consists only of stamp words
// separated by "-", "/", "," or ";" — the levels "MẬT", "TỐI MẬT",
// "TUYỆT MẬT" in upper case and, beside them, the urgency stamps "KHẨN",
// "THƯỢNG KHẨN", "HỎA TỐC" — and holds at least one level. A line that
// labels the level, "Độ mật: Mật" (the label in any case, the value
// "Mật"/"MẬT", "Tối mật"/"TỐI MẬT", "Tuyệt mật"/"TUYỆT MẬT"), is also a
// stamp.
//
// So "mật khẩu", "bí mật kinh doanh", "Mật độ dân số", "BÍ MẬT NHÀ NƯỚC" as
// a heading, and a sentence quoting "MẬT", "TỐI MẬT", "TUYỆT MẬT" are not
// stamps; lower-case text never is. Not recognised: stamps drawn as images,
// letters spaced out ("M Ậ T"), text without diacritics ("TOI MAT"), and
// legacy 8-bit Vietnamese encodings (TCVN3, VNI).
func Markings(text string) []Marking {
	var out []Marking
	text = norm.NFC.String(text)
	for _, line := range strings.FieldsFunc(text, isLineBreak) {
		if lv, ok := stampLevel(line); ok {
			out = append(out, Marking{Level: lv, Line: shortLine(line)})
		}
	}
	return out
}

func isLineBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == '\f' || r == '\v' || r == '\u2028' || r == '\u2029' || r == '\u0085'
}

// stampLevel reports the level stamped on line, if any.
func stampLevel(line string) (Level, bool) {
	if lv, ok := labelledLevel(line); ok {
		return lv, true
	}
	if lv, ok := stampCell(line); ok {
		return lv, true
	}
	for _, cell := range splitCells(line) {
		if lv, ok := stampCell(cell); ok {
			return lv, true
		}
		if lv, ok := labelledLevel(cell); ok {
			return lv, true
		}
	}
	return "", false
}

// splitCells cuts line at tabs, "|" and runs of two or more spaces.
func splitCells(line string) []string {
	line = strings.NewReplacer("\t", "  ", "|", "  ", "\u00a0", " ").Replace(line)
	var cells []string
	for _, c := range strings.Split(line, "  ") {
		if c = strings.TrimSpace(c); c != "" {
			cells = append(cells, c)
		}
	}
	return cells
}

// stampCell reports whether cell is made only of stamp words with a level.
func stampCell(cell string) (Level, bool) {
	var found Level
	for _, piece := range strings.FieldsFunc(cell, func(r rune) bool {
		return r == '-' || r == '/' || r == ',' || r == ';' || r == '–' || r == '—'
	}) {
		w := strings.Join(strings.Fields(trimDecoration(piece)), " ")
		switch Level(w) {
		case "":
			continue
		case LevelMat, LevelToiMat, LevelTuyetMat:
			if rank(Level(w)) > rank(found) {
				found = Level(w)
			}
			continue
		}
		switch w {
		case "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "HOẢ TỐC":
			continue
		}
		return "", false
	}
	return found, found != ""
}

// labelledLevel recognises "Độ mật: <level>" in any case of the label.
func labelledLevel(s string) (Level, bool) {
	s = strings.TrimSpace(trimDecoration(s))
	s = strings.ReplaceAll(s, "Ð", "Đ") // Icelandic Eth looks the same
	const label = "độ mật"
	if len(s) < len(label) || !strings.EqualFold(s[:len(label)], label) {
		return "", false
	}
	rest := strings.TrimSpace(s[len(label):])
	if !strings.HasPrefix(rest, ":") {
		return "", false
	}
	v := strings.Join(strings.Fields(trimDecoration(rest[1:])), " ")
	switch v {
	case "MẬT", "Mật":
		return LevelMat, true
	case "TỐI MẬT", "Tối mật", "Tối Mật":
		return LevelToiMat, true
	case "TUYỆT MẬT", "Tuyệt mật", "Tuyệt Mật":
		return LevelTuyetMat, true
	}
	return "", false
}

// trimDecoration trims spaces and stamp decoration around s.
func trimDecoration(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'“”‘’«»()[]{}<>*_=#.:!~•·`, r) || unicode.In(r, unicode.So, unicode.Zs)
	})
}

func rank(l Level) int {
	switch l {
	case LevelMat:
		return 1
	case LevelToiMat:
		return 2
	case LevelTuyetMat:
		return 3
	}
	return 0
}

func shortLine(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > 120 {
		s = string([]rune(s)[:120]) + "…"
	}
	return s
}

// checkMarkings refuses when any text chunk from next bears a marking.
// next returns "", io.EOF at the end.
func checkMarkings(next func() (string, error)) error {
	for {
		s, err := next()
		if m := Markings(s); len(m) > 0 {
			return refuseSecret(m)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// refuseSecret refuses a document bearing markings m.
func refuseSecret(m []Marking) error {
	top := m[0].Level
	for _, x := range m {
		if rank(x.Level) > rank(top) {
			top = x.Level
		}
	}
	return refuse(ReasonSecret, string(top), locale.Tf(
		"Tài liệu có dấu chỉ độ mật (%s) không được truyền, lưu trữ trên mạng (Điều 3 khoản 3, Điều 6 khoản 3 điểm d của Quy chế bảo đảm an toàn thông tin mạng). Tệp đã bị từ chối và không được lưu. Tài liệu mật phải được soạn thảo, lưu giữ và chuyển giao theo quy định về bảo vệ bí mật nhà nước, không qua hệ thống này.",
		"Documents bearing a state-secret classification stamp (%s) must not be transmitted or stored over the network (Article 3(3) and Article 6(3)(d) of the information security regulation). The file was refused and nothing was stored. Classified documents must be handled under the state-secret protection rules, not through this system.",
		top), locale.Tf("Dòng có dấu: «%s»", "Stamped line: «%s»", m[0].Line))
}

// textChunks returns a reader of r's text in chunks of about 1 MiB that end
// at line breaks, so Markings sees whole lines without the whole file.
func textChunks(r io.Reader) func() (string, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	return func() (string, error) {
		var b strings.Builder
		for b.Len() < 1<<20 {
			line, err := br.ReadString('\n')
			b.WriteString(line)
			if err != nil {
				return b.String(), err
			}
		}
		return b.String(), nil
	}
}

// csvCells turns CSV field separators into tabs, so Markings sees fields as
// cells.
func csvCells(next func() (string, error)) func() (string, error) {
	r := strings.NewReplacer(",", "\t", ";", "\t")
	return func() (string, error) {
		s, err := next()
		return r.Replace(s), err
	}
}
