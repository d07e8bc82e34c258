package importfile

import (
	"strings"

	"attt/internal/locale"
)

// term is one value of a closed vocabulary (an organisation type, a role):
// its key as stored, its label, and the spellings accepted for it, compared
// after folding.
type term struct {
	key     string
	label   locale.Text
	aliases []string
}

// OrgTypes are the organisation types an import accepts, as stored.
const (
	TypeProvince   = "province"
	TypeDepartment = "department"
	TypeCommune    = "commune"
	TypeUnit       = "unit"
	TypePolice     = "police"
	TypeDatacenter = "datacenter"
	TypeProvider   = "provider"
	TypeOther      = "other"
)

// orgTypes lists the organisation types with their accepted spellings.
var orgTypes = []term{
	{TypeProvince, locale.T("Tỉnh", "Province"),
		[]string{"province", "tỉnh", "UBND tỉnh", "Ủy ban nhân dân tỉnh", "Uỷ ban nhân dân tỉnh"}},
	{TypeDepartment, locale.T("Sở, ngành", "Department"),
		[]string{"department", "sở", "ngành", "sở, ngành", "sở ngành", "ban, ngành", "sở, ban, ngành", "cơ quan chuyên môn"}},
	{TypeCommune, locale.T("Xã, phường", "Commune"),
		[]string{"commune", "ward", "xã", "phường", "xã, phường", "xã/phường", "thị trấn", "đặc khu", "UBND xã", "UBND phường"}},
	{TypeUnit, locale.T("Đơn vị sự nghiệp", "Public service unit"),
		[]string{"unit", "public service unit", "đơn vị sự nghiệp", "đơn vị sự nghiệp công lập", "ĐVSN"}},
	{TypePolice, locale.T("Công an", "Police"),
		[]string{"police", "công an", "công an tỉnh"}},
	{TypeDatacenter, locale.T("Trung tâm dữ liệu", "Data centre"),
		[]string{"datacenter", "data center", "data centre", "datacentre", "trung tâm dữ liệu",
			"trung tâm tích hợp dữ liệu", "trung tâm CNTT", "trung tâm CNTT&TT"}},
	{TypeProvider, locale.T("Nhà cung cấp", "Provider"),
		[]string{"provider", "enterprise", "doanh nghiệp", "nhà cung cấp", "nhà cung cấp dịch vụ", "doanh nghiệp viễn thông"}},
	{TypeOther, locale.T("Khác", "Other"),
		[]string{"other", "khác"}},
}

// Roles are the roles an import may grant, as stored (SPEC §1).
const (
	RoleStaff      = "staff"
	RoleOfficer    = "officer"
	RoleHead       = "head"
	RoleAuthority  = "authority"
	RoleDatacenter = "datacenter"
	RolePolice     = "police"
	RoleProvider   = "provider"
	RoleLeader     = "leader"
	RoleAdmin      = "admin"
)

// roles lists the roles with their accepted spellings, in the order a
// person's roles are returned.
var roles = []term{
	{RoleStaff, locale.T("Cán bộ", "Staff"),
		[]string{"staff", "cán bộ", "nhân viên", "công chức", "viên chức", "cán bộ, công chức", "cán bộ, công chức, viên chức", "CBCCVC"}},
	{RoleOfficer, locale.T("Cán bộ chuyên trách", "Security officer"),
		[]string{"officer", "security officer", "chuyên trách", "cán bộ chuyên trách", "chuyên trách ATTT", "cán bộ chuyên trách ATTT"}},
	{RoleHead, locale.T("Thủ trưởng", "Head"),
		[]string{"head", "thủ trưởng", "thủ trưởng cơ quan", "thủ trưởng đơn vị", "thủ trưởng cơ quan, đơn vị"}},
	{RoleAuthority, locale.T("Cơ quan quản lý", "Authority"),
		[]string{"authority", "cơ quan quản lý", "cơ quan chủ trì", "cơ quan quản lý nhà nước"}},
	{RoleDatacenter, locale.T("Trung tâm dữ liệu", "Data centre"),
		[]string{"datacenter", "data center", "data centre", "trung tâm dữ liệu", "trung tâm tích hợp dữ liệu"}},
	{RolePolice, locale.T("Công an", "Police"),
		[]string{"police", "công an", "công an tỉnh"}},
	{RoleProvider, locale.T("Nhà cung cấp", "Provider"),
		[]string{"provider", "nhà cung cấp", "doanh nghiệp"}},
	{RoleLeader, locale.T("Lãnh đạo", "Leader"),
		[]string{"leader", "lãnh đạo", "lãnh đạo tỉnh", "lãnh đạo UBND tỉnh"}},
	{RoleAdmin, locale.T("Quản trị", "Administrator"),
		[]string{"admin", "administrator", "quản trị", "quản trị viên", "quản trị hệ thống"}},
}

// yesWords and noWords are the accepted values of a yes/no column; Excel's
// own TRUE and FALSE included.
var (
	yesWords = []string{"yes", "y", "true", "x", "1", "có", "c", "đúng", "✓", "✔"}
	noWords  = []string{"no", "n", "false", "0", "không", "k", "sai", "-"}
)

// lookup returns the key of the term value spells, or "".
func lookup(terms []term, value string) string {
	key := fold(value)
	if key == "" {
		return ""
	}
	for _, t := range terms {
		if matchesAny(t.aliases, key) || fold(t.key) == key {
			return t.key
		}
	}
	return ""
}

// labels lists the labels of terms for a message: “Tỉnh”; “Sở, ngành”; ….
func labels(terms []term) locale.Text {
	vi := make([]string, len(terms))
	en := make([]string, len(terms))
	for i, t := range terms {
		vi[i] = "“" + t.label.VI + "”"
		en[i] = "“" + t.key + "”"
	}
	return locale.T(strings.Join(vi, "; "), strings.Join(en, "; "))
}

// yesNo reads a yes/no cell: ok is false when it is neither.
func yesNo(value string) (yes, ok bool) {
	if value == "" {
		return false, true
	}
	key := fold(value)
	if key == "" {
		// "✓" and "-" fold to nothing: compare them as written.
		switch value {
		case "✓", "✔":
			return true, true
		case "-":
			return false, true
		}
		return false, false
	}
	switch {
	case matchesAny(yesWords, key):
		return true, true
	case matchesAny(noWords, key):
		return false, true
	}
	return false, false
}
