package asset

import (
	"net"
	"slices"
	"strings"
	"unicode/utf8"

	"attt/internal/errs"
	"attt/internal/locale"
)

// check cleans in and returns every problem with it at once.
func check(in *Input) error {
	var problems []locale.Text
	in.Name, in.Owner, in.Location = strings.TrimSpace(in.Name), strings.TrimSpace(in.Owner), strings.TrimSpace(in.Location)
	in.LevelDecision, in.LevelApprovedBy, in.Notes = strings.TrimSpace(in.LevelDecision), strings.TrimSpace(in.LevelApprovedBy), strings.TrimSpace(in.Notes)
	if in.Name == "" {
		problems = append(problems, locale.T("Tên tài sản là bắt buộc.", "The asset's name is required."))
	}
	for _, f := range []struct {
		v   string
		max int
		msg locale.Text
	}{
		{in.Name, 200, locale.T("Tên tối đa 200 ký tự.", "The name has at most 200 characters.")},
		{in.Owner, 200, locale.T("Người quản lý tối đa 200 ký tự.", "The owner has at most 200 characters.")},
		{in.Location, 300, locale.T("Vị trí tối đa 300 ký tự.", "The location has at most 300 characters.")},
		{in.LevelDecision, 300, locale.T("Quyết định phê duyệt tối đa 300 ký tự.", "The approval record has at most 300 characters.")},
		{in.LevelApprovedBy, 200, locale.T("Người/cơ quan phê duyệt tối đa 200 ký tự.", "The approver has at most 200 characters.")},
		{in.Notes, 2000, locale.T("Ghi chú tối đa 2000 ký tự.", "The notes have at most 2000 characters.")},
	} {
		if utf8.RuneCountInString(f.v) > f.max {
			problems = append(problems, f.msg)
		}
	}
	if in.Kind == "" {
		in.Kind = KindServer
	}
	if !in.Kind.Valid() {
		problems = append(problems, locale.Tf("Loại tài sản “%s” không hợp lệ.", "Asset kind “%s” is not valid.", string(in.Kind)))
	}
	if in.Criticality == "" {
		in.Criticality = CritMedium
	}
	if !in.Criticality.Valid() {
		problems = append(problems, locale.Tf("Mức quan trọng “%s” không hợp lệ.", "Criticality “%s” is not valid.", string(in.Criticality)))
	}
	problems = append(problems, checkLevel(in)...)
	if in.BackupEveryHours < 0 || in.BackupEveryHours > 24*366 {
		problems = append(problems, locale.T("Tần suất sao lưu từ 0 đến 8784 giờ.", "The backup frequency is 0 to 8784 hours."))
	}
	var bad []locale.Text
	in.Addresses, bad = cleanAddresses(in.Addresses)
	problems = append(problems, bad...)
	in.Hostnames, bad = cleanHostnames(in.Hostnames)
	problems = append(problems, bad...)
	if len(problems) > 0 {
		return errs.New(errs.Invalid, locale.T("Thông tin tài sản chưa hợp lệ.", "The asset's details are not valid."), problems...)
	}
	return nil
}

// checkLevel checks the security level and its approval record: only
// information systems carry a level, and a level needs its decision.
func checkLevel(in *Input) []locale.Text {
	var problems []locale.Text
	if in.SecurityLevel < 0 || in.SecurityLevel > 5 {
		problems = append(problems, locale.T("Cấp độ an toàn hệ thống thông tin từ 1 đến 5 (Nghị định 85/2016/NĐ-CP).",
			"The security level is 1 to 5 (Decree 85/2016/ND-CP)."))
	}
	if in.SecurityLevel > 0 && in.Kind != KindSystem && in.Kind != KindWebsite {
		problems = append(problems, locale.T("Chỉ hệ thống thông tin và trang thông tin điện tử có cấp độ an toàn.",
			"Only information systems and websites have a security level."))
	}
	if in.SecurityLevel == 0 && (in.LevelDecision != "" || !in.LevelApprovedAt.IsZero()) {
		problems = append(problems, locale.T("Có quyết định phê duyệt nhưng chưa chọn cấp độ.", "An approval record is given without a level."))
	}
	return problems
}

// cleanAddresses trims, de-duplicates and validates IP addresses.
func cleanAddresses(in []string) ([]string, []locale.Text) {
	out := []string{}
	var problems []locale.Text
	for _, v := range in {
		if v = strings.TrimSpace(v); v == "" || slices.Contains(out, v) {
			continue
		}
		ip := net.ParseIP(v)
		if ip == nil {
			if _, _, err := net.ParseCIDR(v); err != nil {
				problems = append(problems, locale.Tf("“%s” không phải địa chỉ IP.", "“%s” is not an IP address.", clip(v)))
				continue
			}
		} else {
			v = ip.String()
		}
		out = append(out, v)
	}
	if len(out) > 64 {
		problems = append(problems, locale.T("Tối đa 64 địa chỉ IP.", "At most 64 IP addresses."))
	}
	return out, problems
}

// cleanHostnames lower-cases, de-duplicates and validates host names.
func cleanHostnames(in []string) ([]string, []locale.Text) {
	out := []string{}
	var problems []locale.Text
	for _, v := range in {
		v = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(v), "."))
		if v == "" || slices.Contains(out, v) {
			continue
		}
		if !validHostname(v) {
			problems = append(problems, locale.Tf("“%s” không phải tên máy hợp lệ.", "“%s” is not a valid host name.", clip(v)))
			continue
		}
		out = append(out, v)
	}
	if len(out) > 32 {
		problems = append(problems, locale.T("Tối đa 32 tên máy.", "At most 32 host names."))
	}
	return out, problems
}

func validHostname(h string) bool {
	if len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// clip shortens v for an error message.
func clip(v string) string {
	if utf8.RuneCountInString(v) <= 60 {
		return v
	}
	return string([]rune(v)[:60]) + "…"
}
