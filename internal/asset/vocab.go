package asset

import (
	"strconv"
	"strings"

	"attt/internal/locale"
)

// kindWords are the words import files use for each kind, folded.
var kindWords = map[Kind][]string{
	KindServer:      {"server", "may chu", "may chu ao", "vm"},
	KindWorkstation: {"workstation", "pc", "may tram", "may tinh de ban", "may tinh ban"},
	KindLaptop:      {"laptop", "notebook", "may tinh xach tay", "xach tay"},
	KindStorage:     {"storage", "nas", "san", "luu tru", "thiet bi luu tru"},
	KindNetwork:     {"network", "network device", "router", "switch", "thiet bi mang", "bo dinh tuyen", "bo chuyen mach"},
	KindSecurity:    {"security", "security device", "firewall", "thiet bi bao mat", "tuong lua", "thiet bi an ninh"},
	KindSystem:      {"system", "application", "information system", "he thong thong tin", "httt", "ung dung", "phan mem", "he thong thong tin / ung dung"},
	KindWebsite:     {"website", "web", "portal", "trang thong tin dien tu", "cong thong tin", "cong thong tin dien tu", "trang web", "trang/cong thong tin dien tu"},
}

// critWords are the words import files use for each criticality, folded.
var critWords = map[Criticality][]string{
	CritLow:      {"low", "thap", "1"},
	CritMedium:   {"medium", "trung binh", "2"},
	CritHigh:     {"high", "cao", "quan trong", "3"},
	CritCritical: {"critical", "rat quan trong", "rat cao", "dac biet quan trong", "4"},
}

// ParseKind reads a kind written as its code or its name in either
// language; ok is false for anything else.
func ParseKind(s string) (Kind, bool) {
	key := locale.Fold(strings.TrimSpace(s))
	for _, k := range Kinds() {
		if key == string(k) || key == locale.Fold(k.Label().VI) || key == locale.Fold(k.Label().EN) {
			return k, true
		}
		for _, w := range kindWords[k] {
			if key == w {
				return k, true
			}
		}
	}
	return "", false
}

// ParseCriticality reads a criticality as ParseKind reads a kind; "" is
// medium.
func ParseCriticality(s string) (Criticality, bool) {
	key := locale.Fold(strings.TrimSpace(s))
	if key == "" {
		return CritMedium, true
	}
	for _, c := range Criticalities() {
		if key == string(c) || key == locale.Fold(c.Label().VI) {
			return c, true
		}
		for _, w := range critWords[c] {
			if key == w {
				return c, true
			}
		}
	}
	return "", false
}

// ParseLevel reads a security level written "2", "cấp 2", "Cấp độ 2" or
// "II"; "" is 0.
func ParseLevel(s string) (int, bool) {
	key := locale.Fold(strings.TrimSpace(s))
	key = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(key, "cap do"), "cap"))
	if key == "" {
		return 0, true
	}
	roman := map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
	if n, ok := roman[key]; ok {
		return n, true
	}
	n, err := strconv.Atoi(key)
	return n, err == nil && n >= 1 && n <= 5
}

// splitList splits a cell of IP addresses or host names on commas,
// semicolons, spaces and line breaks.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\t' })
}
