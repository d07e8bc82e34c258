package forms

import (
	"strings"
	"testing"
	"time"
)

// sampleEscalation is a ransomware incident the agency cannot handle.
func sampleEscalation() *Escalation {
	is := sampleIssue()
	is.Number = "345/STC-VP"
	is.To = []string{"Công an tỉnh Hưng Yên (Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao)"}
	is.SignerTitle = "GIÁM ĐỐC"
	is.Recipients = nil
	return &Escalation{
		Issue:      is,
		Superior:   "Ủy ban nhân dân tỉnh Hưng Yên",
		Authority:  "Sở Thông tin và Truyền thông tỉnh Hưng Yên",
		Reference:  "SC-2026-0042",
		Title:      "Mã độc mã hóa dữ liệu máy chủ kế toán",
		Category:   CategoryRansomware,
		Severity:   "Nghiêm trọng",
		DetectedAt: time.Date(2026, time.November, 23, 23, 5, 0, 0, time.UTC), // 06:05 on the 24th in Hanoi
		Status:     "Đang diễn ra",
		Systems: []System{
			{Name: "Phần mềm kế toán ngân sách", Operator: "Phòng Tài chính hành chính sự nghiệp", Level: 3, IPs: []string{"10.20.1.5"}},
			{Name: "Máy chủ tệp dùng chung", Domains: []string{"files.stc.hungyen.gov.vn"}},
		},
		Description:      "Dữ liệu trên máy chủ kế toán bị mã hóa, xuất hiện thông điệp đòi tiền chuộc.",
		Impact:           "Ngừng chi trả ngân sách qua phần mềm; nguy cơ mất dữ liệu năm 2026.",
		Actions:          []string{"Ngắt kết nối mạng máy chủ bị nhiễm", "Bảo toàn ổ đĩa và nhật ký làm chứng cứ"},
		SupportRequested: "Cử chuyên gia hỗ trợ phân tích mẫu mã độc và khôi phục dữ liệu.",
		Contact:          Person{Name: "Nguyễn Thị Hường", Title: "Chuyên viên", Phone: "0912 345 678", Email: "huongnt@hungyen.gov.vn"},
	}
}

func TestEscalation(t *testing.T) {
	d, err := sampleEscalation().Document()
	if err != nil {
		t.Fatal(err)
	}
	if !d.IsOfficialLetter() {
		t.Fatalf("kind %q is not a công văn", d.Kind)
	}
	pdf, docx := both(t, d,
		"SỞ TÀI CHÍNH", "Số: 345/STC-VP", "V/v thông báo sự cố an toàn thông tin mạng vượt quá khả năng xử lý",
		"Hưng Yên, ngày 24 tháng 11 năm 2026",
		"Kính gửi: - Ủy ban nhân dân tỉnh Hưng Yên;", "- Sở Thông tin và Truyền thông tỉnh Hưng Yên;",
		"- Công an tỉnh Hưng Yên (Phòng An ninh mạng",
		"Thực hiện khoản 9 Điều 7 và khoản 3 Điều 11 Quy chế", "Quyết định số 05/2016/QĐ-UBND",
		"Sở Tài chính thông báo sự cố an toàn thông tin mạng vượt quá khả năng xử lý của đơn vị như sau:",
		"1. Thông tin về sự cố", "Tên sự cố: Mã độc mã hóa dữ liệu máy chủ kế toán", "Mã sự cố: SC-2026-0042",
		"Loại sự cố: Mã hóa phần mềm, dữ liệu, thiết bị (ransomware)", "Mức độ nghiêm trọng: Nghiêm trọng",
		"Thời điểm phát hiện: 24/11/2026 06:05", "Hiện trạng: Đang diễn ra",
		"2. Hệ thống bị ảnh hưởng", "Tên miền, địa chỉ IP", "Phần mềm kế toán ngân sách", "10.20.1.5", "Cấp độ 3",
		"Phòng Tài chính hành chính sự nghiệp", "Máy chủ tệp dùng chung", "files.stc.hungyen.gov.vn", "Chưa xác định",
		"3. Diễn biến và mức độ ảnh hưởng", "thông điệp đòi tiền chuộc",
		"Mức độ ảnh hưởng, thiệt hại: Ngừng chi trả ngân sách",
		"4. Các biện pháp đơn vị đã thực hiện", "- Ngắt kết nối mạng máy chủ bị nhiễm", "- Bảo toàn ổ đĩa",
		"5. Nội dung đề nghị hỗ trợ", "Cử chuyên gia hỗ trợ phân tích mẫu mã độc",
		"6. Đầu mối liên hệ", "Họ và tên: Nguyễn Thị Hường", "Chức vụ: Chuyên viên", "Điện thoại: 0912 345 678",
		"Email: huongnt@hungyen.gov.vn",
		"Sở Tài chính kính đề nghị Ủy ban nhân dân tỉnh Hưng Yên và Sở Thông tin và Truyền thông tỉnh Hưng Yên quan tâm, hướng dẫn, hỗ trợ đơn vị khắc phục sự cố./.",
		"Nơi nhận:", "- Như trên;", "- Lưu: VT.", "GIÁM ĐỐC", "Trần Văn Đức",
	)
	wantInOrder(t, "PDF", pdf, "V/v thông báo sự cố", "Kính gửi:", "Thực hiện", "1. Thông tin về sự cố", "2. Hệ thống bị ảnh hưởng",
		"3. Diễn biến", "4. Các biện pháp", "5. Nội dung đề nghị hỗ trợ", "6. Đầu mối liên hệ", "Nơi nhận:", "Trần Văn Đức")
	if strings.Contains(pdf, "CÔNG VĂN") || strings.Contains(docx, "CÔNG VĂN") {
		t.Error("a công văn must not print a kind line")
	}
	// The long third addressee is wrapped, never cut off.
	wantAll(t, "PDF", pdf, "- Công an tỉnh Hưng Yên (Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao).")
	wantAll(t, "DOCX", collapse(docx), "- Công an tỉnh Hưng Yên (Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao).")
}

func TestWrap(t *testing.T) {
	got := wrap("- Công an tỉnh Hưng Yên (Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao).", 46)
	for _, l := range got {
		if n := len([]rune(l)); n > 46 {
			t.Errorf("line %q has %d letters", l, n)
		}
	}
	if strings.Join(got, " ") != "- Công an tỉnh Hưng Yên (Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao)." || len(got) != 2 {
		t.Errorf("wrap = %q", got)
	}
	if got := wrap("Ủy ban nhân dân tỉnh", 46); len(got) != 1 {
		t.Errorf("short line wrapped: %q", got)
	}
}

func TestEscalationDefaults(t *testing.T) {
	e := sampleEscalation()
	e.To, e.SignerTitle, e.Category, e.Severity, e.Reference, e.Status, e.Impact, e.Actions = nil, "", "", "", "", "", "", nil
	e.Basis = "Điều 7 Quy chế mới của tỉnh"
	d, err := e.Document()
	if err != nil {
		t.Fatal(err)
	}
	pdf, docx := both(t, d, "Kính gửi: - Ủy ban nhân dân tỉnh Hưng Yên;", "- Sở Thông tin và Truyền thông tỉnh Hưng Yên.",
		"Thực hiện Điều 7 Quy chế mới của tỉnh, Sở Tài chính thông báo", "THỦ TRƯỞNG CƠ QUAN")
	lines := []string{"Mã sự cố: (không có)", "Loại sự cố: Chưa xác định", "Mức độ nghiêm trọng: Chưa xác định",
		"Hiện trạng: Chưa xác định", "Mức độ ảnh hưởng, thiệt hại: Chưa xác định", "- (không có)"}
	wantLines(t, "DOCX", docx, lines...)
	wantAll(t, "PDF", pdf, lines...)
	if strings.Contains(pdf, "05/2016") {
		t.Error("a given basis must replace the default one")
	}
}

func TestEscalationInvalid(t *testing.T) {
	_, err := (&Escalation{}).Document()
	wantInvalid(t, err, "Thiếu cơ quan cấp trên quản lý trực tiếp", "Thiếu cơ quan chuyên trách về an toàn thông tin của tỉnh",
		"Thiếu tên sự cố", "Thiếu mô tả diễn biến sự cố", "Thiếu nội dung đề nghị hỗ trợ", "Thiếu đầu mối liên hệ",
		"Thiếu thời điểm phát hiện sự cố", "Chưa nêu hệ thống bị ảnh hưởng")
	e := sampleEscalation()
	e.Systems = append(e.Systems, System{Level: 6})
	e.Category = "worm"
	_, err = e.Document()
	wantInvalid(t, err, "Hệ thống thứ 3 thiếu tên", "không phải 6", `Loại sự cố không hợp lệ: "worm"`)
}

// TestEscalationSuperiorIsAuthority: when the superior agency is also the
// authority (an agency directly under the province), it is addressed once.
func TestEscalationSuperiorIsAuthority(t *testing.T) {
	e := sampleEscalation()
	e.To, e.Authority = nil, e.Superior
	d, err := e.Document()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(d.Salutation, "Kính gửi: "+e.Superior+".") {
		t.Errorf("salutation = %q", d.Salutation)
	}
	pdf, _ := both(t, d, "kính đề nghị "+e.Superior+" quan tâm")
	if strings.Count(pdf, e.Superior) > 2 {
		t.Errorf("the superior is named %d times", strings.Count(pdf, e.Superior))
	}
}
