package forms

import "attt/internal/locale"

// Category is one incident type of Thông tư 20/2017/TT-BTTTT (the rows of
// Mẫu 05): a stable code to store and the label to print.
type Category struct {
	// Code is stable and lower-case: dos, phishing, malware, intrusion,
	// defacement, ransomware, destruction, theft, combined, other.
	Code string
	// Label is the Vietnamese label of the form, with an English gloss.
	Label locale.Text
}

// The category codes, in the order of Mẫu 05.
const (
	CategoryDoS         = "dos"
	CategoryPhishing    = "phishing"
	CategoryMalware     = "malware"
	CategoryIntrusion   = "intrusion"
	CategoryDefacement  = "defacement"
	CategoryRansomware  = "ransomware"
	CategoryDestruction = "destruction"
	CategoryTheft       = "theft"
	CategoryCombined    = "combined"
	CategoryOther       = "other"
)

// Categories returns the ten incident types in the order Mẫu 05 lists them.
// The slice is new on every call, so callers may keep or change it.
func Categories() []Category {
	return []Category{
		{CategoryDoS, locale.T("Tấn công từ chối dịch vụ (DoS, DDoS)", "Denial of service (DoS, DDoS)")},
		{CategoryPhishing, locale.T("Tấn công giả mạo (phishing)", "Phishing")},
		{CategoryMalware, locale.T("Tấn công sử dụng mã độc", "Malware")},
		{CategoryIntrusion, locale.T("Truy cập trái phép, chiếm quyền điều khiển", "Unauthorised access, takeover")},
		{CategoryDefacement, locale.T("Thay đổi giao diện (deface)", "Defacement")},
		{CategoryRansomware, locale.T("Mã hóa phần mềm, dữ liệu, thiết bị (ransomware)", "Encryption of software, data or devices (ransomware)")},
		{CategoryDestruction, locale.T("Phá hoại thông tin, dữ liệu, phần mềm", "Destruction of information, data or software")},
		{CategoryTheft, locale.T("Nghe trộm, gián điệp, lấy cắp thông tin, dữ liệu", "Eavesdropping, espionage, theft of information or data")},
		{CategoryCombined, locale.T("Tấn công tổng hợp sử dụng kết hợp nhiều hình thức", "Combined attack using several techniques")},
		{CategoryOther, locale.T("Các hình thức tấn công khác", "Other attacks")},
	}
}

// LookupCategory returns the category with code, reporting whether it exists.
func LookupCategory(code string) (Category, bool) {
	for _, c := range Categories() {
		if c.Code == code {
			return c, true
		}
	}
	return Category{}, false
}
