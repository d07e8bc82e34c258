package forms

import (
	"strings"

	"attt/internal/docgen"
)

// Reporter is the organisation or person filing a report (thông tin về tổ
// chức/cá nhân báo cáo sự cố).
type Reporter struct {
	// Name is the organisation's or person's name; required.
	Name    string
	Address string
	Phone   string
	Email   string
}

// fields returns the reporter's lines in the form's order.
func (r *Reporter) fields() docgen.Block {
	return contactFields(field("Tên tổ chức/cá nhân báo cáo sự cố", orUnknown(r.Name)), field("Địa chỉ", orNone(r.Address)), r.Phone, r.Email)
}

// Person is a named contact (người liên hệ, đầu mối).
type Person struct {
	// Name is the full name; required where the form asks for a contact.
	Name string
	// Title is the position, e.g. "Chuyên viên Phòng CNTT".
	Title string
	Phone string
	Email string
}

// fields returns the contact's lines.
func (c *Person) fields() docgen.Block {
	return contactFields(field("Họ và tên", orUnknown(c.Name)), field("Chức vụ", orNone(c.Title)), c.Phone, c.Email)
}

// contactFields returns a name line, a second line, then phone and email.
func contactFields(name, second docgen.Field, phone, email string) docgen.Block {
	return docgen.Fields(name, second, field("Điện thoại", orNone(phone)), field("Email", orNone(email)))
}

// System is the information system struck by the incident (thông tin chi
// tiết về hệ thống bị sự cố) and, for Mẫu 03, what else is known about it.
type System struct {
	// Name is the system's name, e.g. "Cổng thông tin điện tử"; required.
	Name string
	// Operator is the unit running the system (or hired to run it).
	Operator string
	// Owner is its cơ quan chủ quản.
	Owner string
	// Level is its security level under Nghị định 85/2016 (1–5); 0 when it
	// has not been classified.
	Level int
	// SecurityProvider is the organisation providing security services to
	// it, if any.
	SecurityProvider string
	// ConnectivityProvider is its external connection (Internet, WAN)
	// provider, if any.
	ConnectivityProvider string
	// OS and OSVersion are its operating system.
	OS        string
	OSVersion string
	// Services are the services it runs (web, mail, DNS, …).
	Services []string
	// Protections are the security measures in place (firewall, IPS,
	// antivirus, …).
	Protections []string
	// IPs are its public IP addresses (not internal ones).
	IPs []string
	// Domains are its domain names.
	Domains []string
	// Purpose is what the system is mainly used for.
	Purpose string
}

// identity returns the lines that identify the system, shared by Mẫu 03
// and Mẫu 04.
func (s *System) identity() []docgen.Field {
	return []docgen.Field{
		field("Tên đơn vị vận hành hệ thống thông tin", orUnknown(s.Operator)),
		field("Cơ quan chủ quản", orNone(s.Owner)),
		field("Tên hệ thống bị sự cố", orUnknown(s.Name)),
		field("Phân loại cấp độ của hệ thống thông tin", levelText(s.Level)),
	}
}

// details returns Mẫu 03's further lines about the system.
func (s *System) details() docgen.Block {
	os := strings.TrimSpace(strings.TrimSpace(s.OS) + " " + strings.TrimSpace(s.OSVersion))
	return docgen.Fields(
		field("Hệ điều hành (phiên bản)", orUnknown(os)),
		field("Các dịch vụ có trên hệ thống", joinOrNone(s.Services)),
		field("Các biện pháp an toàn thông tin đã triển khai", joinOrNone(s.Protections)),
		field("Các địa chỉ IP của hệ thống", joinOrNone(s.IPs)),
		field("Các tên miền của hệ thống", joinOrNone(s.Domains)),
		field("Mục đích chính sử dụng hệ thống", orNone(s.Purpose)),
	)
}

// addresses returns the system's domains and IPs on one line.
func (s *System) addresses() string {
	return joinOrNone(append(append([]string(nil), s.Domains...), s.IPs...))
}
