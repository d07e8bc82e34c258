package forms

import (
	"testing"
	"time"
)

// sample03 is a complete initial report of a defacement.
func sample03() *Report03 {
	return &Report03{
		Issue:            sampleIssue(),
		Reporter:         Reporter{Name: "Sở Tài chính tỉnh Hưng Yên", Address: "Số 2 đường Chùa Chuông, phường Hiến Nam", Phone: "0221 3 862 345", Email: "stc@hungyen.gov.vn"},
		Contact:          Person{Name: "Nguyễn Thị Hường", Title: "Chuyên viên phụ trách công nghệ thông tin", Phone: "0912 345 678", Email: "huongnt@hungyen.gov.vn"},
		System:           sampleSystem(),
		Category:         CategoryDefacement,
		Description:      "Trang chủ cổng thông tin bị thay bằng nội dung quảng cáo cá cược; chưa phát hiện rò rỉ dữ liệu.",
		DetectedAt:       time.Date(2026, time.November, 23, 1, 15, 0, 0, time.UTC), // 08:15 in Hanoi
		Status:           "Đã ngăn chặn, đang khôi phục",
		DetectionMethods: []string{"Hệ thống giám sát toàn vẹn trang web của attt", "Người dùng phản ánh"},
		Notified:         []string{"Sở Thông tin và Truyền thông", "Công an tỉnh (Phòng An ninh mạng)"},
		Attachments:      []string{"Ảnh chụp màn hình trang bị thay đổi", "Nhật ký máy chủ web"},
		Confidential:     true,
		SupportRequested: "Đề nghị hỗ trợ phân tích mã độc và rà soát lỗ hổng ứng dụng.",
		ReportedAt:       at(23, 10, 30),
	}
}

func TestReport03(t *testing.T) {
	d, err := sample03().Document()
	if err != nil {
		t.Fatal(err)
	}
	_, docx := both(t, d,
		"SỞ TÀI CHÍNH", "Số: 15/BC-STC", "Hưng Yên, ngày 24 tháng 11 năm 2026",
		"BÁO CÁO BAN ĐẦU SỰ CỐ MẠNG",
		"Sự cố thay đổi giao diện (deface) tại hệ thống Cổng thông tin điện tử Sở Tài chính",
		"Kính gửi: Trung tâm Giám sát an toàn không gian mạng quốc gia; Sở Thông tin và Truyền thông tỉnh Hưng Yên",
		"Mẫu số 03", "Thông tư số 20/2017/TT-BTTTT",
		"1. Thông tin về tổ chức/cá nhân báo cáo sự cố",
		"Tên tổ chức/cá nhân báo cáo sự cố: Sở Tài chính tỉnh Hưng Yên",
		"Địa chỉ: Số 2 đường Chùa Chuông, phường Hiến Nam", "Điện thoại: 0221 3 862 345", "Email: stc@hungyen.gov.vn",
		"2. Người liên hệ", "Họ và tên: Nguyễn Thị Hường", "Chức vụ: Chuyên viên phụ trách công nghệ thông tin",
		"Điện thoại: 0912 345 678", "Email: huongnt@hungyen.gov.vn",
		"3. Thông tin chi tiết về hệ thống bị sự cố",
		"Tên đơn vị vận hành hệ thống thông tin: Văn phòng Sở Tài chính",
		"Cơ quan chủ quản: Sở Tài chính tỉnh Hưng Yên",
		"Tên hệ thống bị sự cố: Cổng thông tin điện tử Sở Tài chính",
		"Phân loại cấp độ của hệ thống thông tin: Cấp độ 2",
		"Tổ chức cung cấp dịch vụ an toàn thông tin: Công ty An Ninh Mạng Phố Hiến",
		"Nhà cung cấp dịch vụ kết nối bên ngoài: VNPT Hưng Yên",
		"4. Mô tả sơ bộ về sự cố", "Loại sự cố: Thay đổi giao diện (deface)",
		"nội dung quảng cáo cá cược",
		"Thời điểm phát hiện sự cố: 23/11/2026 08:15", "Hiện trạng sự cố: Đã ngăn chặn, đang khôi phục",
		"5. Cách thức phát hiện", "- Hệ thống giám sát toàn vẹn trang web của attt", "- Người dùng phản ánh",
		"6. Đã gửi thông báo sự cố cho", "- Sở Thông tin và Truyền thông", "- Công an tỉnh (Phòng An ninh mạng)",
		"7. Thông tin bổ sung về hệ thống xảy ra sự cố",
		"Hệ điều hành (phiên bản): Ubuntu Server 22.04",
		"Các dịch vụ có trên hệ thống: Web (HTTP/HTTPS), Thư điện tử",
		"Các biện pháp an toàn thông tin đã triển khai: Tường lửa, Phần mềm phòng chống mã độc",
		"Các địa chỉ IP của hệ thống: 203.0.113.10, 203.0.113.11",
		"Các tên miền của hệ thống: stc.hungyen.gov.vn",
		"Mục đích chính sử dụng hệ thống: Công khai thông tin ngân sách",
		"Thông tin gửi kèm: Ảnh chụp màn hình trang bị thay đổi, Nhật ký máy chủ web",
		"phải được giữ bí mật: Có",
		"8. Kiến nghị, đề xuất hỗ trợ", "Đề nghị hỗ trợ phân tích mã độc",
		"Thời gian thực hiện báo cáo sự cố: 23/11/2026 10:30",
		"Nơi nhận:", "- Như trên;", "- Lưu: VT, VP.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Đức",
	)
	wantLines(t, "DOCX", docx, "Hiện trạng sự cố: Đã ngăn chặn, đang khôi phục", "Email: stc@hungyen.gov.vn")
}

// TestReport03Placeholders fills only what the form requires: every other
// line prints a placeholder, never a blank.
func TestReport03Placeholders(t *testing.T) {
	r := &Report03{
		Issue:       Issue{Agency: "Sở Tài chính", Date: at(24, 9, 0)},
		Reporter:    Reporter{Name: "Sở Tài chính"},
		Contact:     Person{Name: "Nguyễn Thị Hường"},
		System:      System{Name: "Cổng thông tin điện tử"},
		Description: "Trang chủ bị thay đổi.",
		DetectedAt:  at(23, 8, 15),
	}
	d, err := r.Document()
	if err != nil {
		t.Fatal(err)
	}
	lines := []string{
		"Địa chỉ: (không có)", "Điện thoại: (không có)", "Email: (không có)", "Chức vụ: (không có)",
		"Tên đơn vị vận hành hệ thống thông tin: Chưa xác định", "Cơ quan chủ quản: (không có)",
		"Phân loại cấp độ của hệ thống thông tin: Chưa xác định",
		"Tổ chức cung cấp dịch vụ an toàn thông tin: (không có)",
		"Nhà cung cấp dịch vụ kết nối bên ngoài: (không có)",
		"Loại sự cố: Chưa xác định", "Hiện trạng sự cố: Chưa xác định",
		"- (không có)", "Hệ điều hành (phiên bản): Chưa xác định",
		"Các dịch vụ có trên hệ thống: (không có)", "Các địa chỉ IP của hệ thống: (không có)",
		"Các tên miền của hệ thống: (không có)", "Thông tin gửi kèm: (không có)",
		"Các thông tin cung cấp trong báo cáo này phải được giữ bí mật: Không",
		"Thời gian thực hiện báo cáo sự cố: 24/11/2026 09:00",
	}
	pdf, docx := both(t, d, "BÁO CÁO BAN ĐẦU SỰ CỐ MẠNG", "Sự cố an toàn thông tin mạng tại hệ thống Cổng thông tin điện tử")
	wantLines(t, "DOCX", docx, lines...)
	wantAll(t, "PDF", pdf, lines...)
	wantAll(t, "PDF", pdf, "NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT", "- Lưu: VT.")
}

func TestReport03Invalid(t *testing.T) {
	_, err := (&Report03{}).Document()
	details := wantInvalid(t, err, "Thiếu tên cơ quan ban hành", "Thiếu ngày ban hành",
		"Thiếu tên tổ chức/cá nhân báo cáo sự cố", "Thiếu họ tên người liên hệ", "Thiếu tên hệ thống bị sự cố",
		"Thiếu mô tả về sự cố", "Thiếu thời điểm phát hiện sự cố")
	if len(details) != 7 {
		t.Errorf("%d details, want 7: %v", len(details), details)
	}
	r := sample03()
	r.Category = "ddos"
	r.System.Level = 7
	_, err = r.Document()
	wantInvalid(t, err, `Loại sự cố không hợp lệ: "ddos"`, "Cấp độ hệ thống phải từ 1 đến 5, không phải 7")
}
