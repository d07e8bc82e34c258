package incident

import (
	"slices"

	"attt/internal/locale"
)

// Check is one item of the "serious incident" checklist of Quyết định
// 05/2017/QĐ-TTg.
type Check struct {
	Code string `json:"code"`
	// Group is "system", "effect" or "capacity": a serious incident ticks
	// the system item (or has a level 4–5 system), at least one effect and
	// the capacity item.
	Group string      `json:"group"`
	Label locale.Text `json:"label"`
}

// SeriousChecklist lists the criteria in the order they are shown.
func SeriousChecklist() []Check {
	return []Check{
		{"critical_system", "system", locale.T("Hệ thống bị sự cố là hệ thống thông tin cấp độ 4, cấp độ 5 hoặc hệ thống thông tin quan trọng quốc gia", "The system is a level 4 or 5 information system or a national critical system")},
		{"disruption", "effect", locale.T("Hệ thống bị ngừng hoạt động hoặc gián đoạn, ảnh hưởng tới việc cung cấp dịch vụ", "The system stopped or was disrupted, affecting the services it provides")},
		{"secret_leak", "effect", locale.T("Có khả năng lộ, lọt thông tin bí mật nhà nước", "State-secret information may have leaked")},
		{"integrity_loss", "effect", locale.T("Thông tin, dữ liệu bị mất tính toàn vẹn và không khôi phục được", "Data lost its integrity and cannot be recovered")},
		{"loss_of_control", "effect", locale.T("Bị mất quyền điều khiển, kiểm soát hệ thống", "Control of the system was lost")},
		{"spreading", "effect", locale.T("Sự cố có nguy cơ lan rộng sang hệ thống khác hoặc gây hậu quả nghiêm trọng", "The incident may spread to other systems or cause grave harm")},
		{"beyond_capacity", "capacity", locale.T("Chủ quản hệ thống không tự khắc phục được, cần hỗ trợ", "The system owner cannot handle it alone and needs support")},
	}
}

func checkGroup(code string) string {
	for _, c := range SeriousChecklist() {
		if c.Code == code {
			return c.Group
		}
	}
	return ""
}

// Serious applies the test to ticked checks and the affected systems.
func Serious(checks []string, systems []System) bool {
	system := slices.Contains(checks, "critical_system") || slices.ContainsFunc(systems, func(s System) bool { return s.Level >= 4 })
	effect := slices.ContainsFunc(checks, func(c string) bool { return checkGroup(c) == "effect" })
	return system && effect && slices.Contains(checks, "beyond_capacity")
}
