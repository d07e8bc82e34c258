package forms

import "testing"

// sample04 closes the defacement of sample03.
func sample04() *Report04 {
	return &Report04{
		Issue:           sampleIssue(),
		Reporter:        Reporter{Name: "Sở Tài chính tỉnh Hưng Yên", Address: "Số 2 đường Chùa Chuông", Phone: "0221 3 862 345", Email: "stc@hungyen.gov.vn"},
		InitialNumber:   "12/BC-STC",
		InitialDate:     at(23, 10, 30),
		System:          sampleSystem(),
		Category:        CategoryDefacement,
		Description:     "Cổng thông tin điện tử bị thay đổi giao diện, chèn nội dung cá cược.",
		DetectedAt:      at(23, 8, 15),
		ResponseEndedAt: at(23, 17, 40),
		Course:          "Kẻ tấn công tải tệp lên qua chức năng đính kèm, rồi sửa trang chủ.",
		Cause:           "Lỗ hổng tải tệp tin chưa được vá trong mô-đun đính kèm.",
		Impact:          "Cổng ngừng phục vụ 9 giờ; không mất dữ liệu.",
		Actions:         []string{"Cô lập máy chủ web", "Khôi phục từ bản sao lưu ngày 22/11/2026", "Vá lỗ hổng và đổi toàn bộ mật khẩu quản trị"},
		Result:          "Cổng hoạt động bình thường trở lại lúc 17:40 ngày 23/11/2026.",
		Recommendations: "Rà soát định kỳ lỗ hổng ứng dụng; bật giám sát toàn vẹn trên mọi cổng.",
		Timeline: []Step{
			{At: at(23, 8, 15), What: "Phát hiện trang chủ bị thay đổi", Who: "attt (giám sát trang web)"},
			{At: at(23, 8, 40), What: "Cô lập máy chủ web", Who: "Nguyễn Thị Hường"},
			{At: at(23, 17, 40), What: "Khôi phục dịch vụ"},
		},
		Attachments: []string{"Báo cáo diễn biến sự cố", "Tệp nhật ký máy chủ"},
	}
}

func TestReport04(t *testing.T) {
	d, err := sample04().Document()
	if err != nil {
		t.Fatal(err)
	}
	_, docx := both(t, d,
		"BÁO CÁO KẾT THÚC ỨNG PHÓ SỰ CỐ", "Sự cố thay đổi giao diện (deface) tại hệ thống Cổng thông tin điện tử Sở Tài chính",
		"Mẫu số 04",
		"1. Thông tin về tổ chức/cá nhân báo cáo sự cố", "Tên tổ chức/cá nhân báo cáo sự cố: Sở Tài chính tỉnh Hưng Yên",
		"2. Ký hiệu báo cáo ban đầu sự cố", "Số ký hiệu: 12/BC-STC", "Ngày báo cáo: 23/11/2026",
		"3. Thông tin chi tiết về hệ thống bị sự cố", "Tên đơn vị vận hành hệ thống thông tin: Văn phòng Sở Tài chính",
		"Cơ quan chủ quản: Sở Tài chính tỉnh Hưng Yên", "Phân loại cấp độ của hệ thống thông tin: Cấp độ 2",
		"4. Tên/Mô tả về sự cố", "Loại sự cố: Thay đổi giao diện (deface)", "chèn nội dung cá cược",
		"Thời điểm phát hiện sự cố: 23/11/2026 08:15", "Thời điểm kết thúc ứng phó sự cố: 23/11/2026 17:40",
		"5. Kết quả xử lý sự cố", "Diễn biến sự cố: Kẻ tấn công tải tệp lên", "Nguyên nhân: Lỗ hổng tải tệp tin",
		"Mức độ ảnh hưởng, thiệt hại: Cổng ngừng phục vụ 9 giờ", "Các biện pháp đã thực hiện",
		"- Cô lập máy chủ web", "- Khôi phục từ bản sao lưu ngày 22/11/2026", "- Vá lỗ hổng",
		"Kết quả: Cổng hoạt động bình thường", "Bài học kinh nghiệm, đề xuất: Rà soát định kỳ",
		"6. Diễn biến xử lý theo thời gian", "Thời gian", "Nội dung", "Người thực hiện",
		"23/11/2026 08:15", "Phát hiện trang chủ bị thay đổi", "attt (giám sát trang web)",
		"23/11/2026 17:40", "Khôi phục dịch vụ",
		"7. Các tài liệu đính kèm", "- Báo cáo diễn biến sự cố", "- Tệp nhật ký máy chủ",
		"Nơi nhận:", "Trần Văn Đức",
	)
	// The last step names nobody: its cell prints the placeholder.
	wantInOrder(t, "DOCX", docx, "Khôi phục dịch vụ\n", "(không có)\n", "7. Các tài liệu đính kèm")
}

func TestReport04Placeholders(t *testing.T) {
	r := &Report04{
		Issue:           Issue{Agency: "Sở Tài chính", Date: at(24, 9, 0)},
		Reporter:        Reporter{Name: "Sở Tài chính"},
		System:          System{Name: "Cổng thông tin điện tử"},
		Description:     "Trang chủ bị thay đổi.",
		DetectedAt:      at(23, 8, 15),
		ResponseEndedAt: at(23, 17, 40),
	}
	d, err := r.Document()
	if err != nil {
		t.Fatal(err)
	}
	lines := []string{
		"Số ký hiệu: (không có)", "Ngày báo cáo: (không có)", "Loại sự cố: Chưa xác định",
		"Diễn biến sự cố: (không có)", "Nguyên nhân: Chưa xác định", "Mức độ ảnh hưởng, thiệt hại: Chưa xác định",
		"- (không có)", "Kết quả: Chưa xác định", "Bài học kinh nghiệm, đề xuất: (không có)", "(không có)",
	}
	pdf, docx := both(t, d, "BÁO CÁO KẾT THÚC ỨNG PHÓ SỰ CỐ")
	wantLines(t, "DOCX", docx, lines...)
	wantAll(t, "PDF", pdf, lines...)
}

func TestReport04Invalid(t *testing.T) {
	_, err := (&Report04{}).Document()
	wantInvalid(t, err, "Thiếu tên tổ chức/cá nhân báo cáo sự cố", "Thiếu tên hệ thống bị sự cố",
		"Thiếu mô tả về sự cố", "Thiếu thời điểm phát hiện sự cố", "Thiếu thời điểm kết thúc ứng phó sự cố")
	r := sample04()
	r.ResponseEndedAt = at(22, 8, 0)
	r.Timeline = append(r.Timeline, Step{At: at(23, 18, 0), What: "  "})
	_, err = r.Document()
	wantInvalid(t, err, "Thời điểm kết thúc ứng phó sớm hơn thời điểm phát hiện sự cố", "Dòng 4 của diễn biến xử lý thiếu nội dung")
}
