package docgen

import (
	"fmt"
	"testing"
	"time"

	"attt/internal/locale"
)

// sampleDate is 24/11/2026 09:00 in Hanoi time.
func sampleDate(tb testing.TB) time.Time {
	tb.Helper()
	return time.Date(2026, time.November, 24, 9, 0, 0, 0, locale.Zone)
}

// sampleReport is an annual BÁO CÁO with every kind of block.
func sampleReport(tb testing.TB) *Document {
	tb.Helper()
	return &Document{
		Issuer:  "Ủy ban nhân dân tỉnh Hưng Yên",
		Agency:  "Sở Khoa học và Công nghệ",
		Number:  "12/BC-SKHCN",
		Place:   "Hưng Yên",
		Date:    sampleDate(tb),
		Kind:    "BÁO CÁO",
		Summary: "Kết quả đảm bảo an toàn thông tin năm 2026",
		Body: []Block{
			Paragraph("Thực hiện Quy chế bảo đảm an toàn thông tin mạng trong hoạt động của các cơ quan nhà nước trên địa bàn tỉnh, Sở Khoa học và Công nghệ báo cáo kết quả đảm bảo an toàn thông tin năm 2026 như sau:"),
			Heading("I. TÌNH HÌNH CHUNG"),
			Paragraph("Trong năm, đơn vị đã triển khai đầy đủ các biện pháp kỹ thuật theo mô hình bốn lớp; 100% máy trạm được cài đặt phần mềm phòng chống mã độc có bản quyền và cập nhật thường xuyên."),
			List("Tổ chức 02 lớp tập huấn nhận thức về an toàn thông tin cho 85 lượt cán bộ;", "Rà soát, đánh giá điểm yếu 12 hệ thống thông tin."),
			Table([]string{"STT", "Loại sự cố", "Số lượng", "Kết quả xử lý"}, [][]string{
				{"1", "Tấn công từ chối dịch vụ (DoS)", "1", "Đã khắc phục"},
				{"2", "Lừa đảo (phishing)", "3", "Đã cảnh báo người dùng, chặn tên miền"},
			}),
			Fields(Field{"Đầu mối liên hệ", "Nguyễn Thị Hường, Phòng Công nghệ thông tin"}, Field{"Điện thoại", "0221 3 555 666"}),
		},
		SignerTitle: "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
		SignerName:  "Trần Văn Đức",
		Recipients:  []string{"Ủy ban nhân dân tỉnh (để b/c)", "Bộ Khoa học và Công nghệ", "Lưu: VT, CNTT"},
	}
}

// sampleLetter is a CÔNG VĂN about an incident, with a table.
func sampleLetter(tb testing.TB) *Document {
	tb.Helper()
	return &Document{
		Issuer:     "UBND tỉnh Hưng Yên",
		Agency:     "Sở Tài chính",
		Number:     "345/STC-VP",
		Place:      "Hưng Yên",
		Date:       sampleDate(tb),
		Summary:    "thông báo sự cố",
		Salutation: "Kính gửi: Sở Khoa học và Công nghệ tỉnh Hưng Yên",
		Body: []Block{
			Paragraph("Ngày 23/11/2026, hệ thống cổng thông tin điện tử của Sở Tài chính phát hiện dấu hiệu bị thay đổi giao diện trái phép. Vượt quá khả năng xử lý của đơn vị, Sở Tài chính đề nghị hỗ trợ ứng cứu."),
			Table([]string{"Hệ thống", "Địa chỉ IP", "Cấp độ"}, [][]string{
				{"Cổng thông tin điện tử", "203.0.113.10", "2"},
				{"Hệ thống thư điện tử", "203.0.113.11", "3"},
			}),
			Paragraph("Trân trọng./."),
		},
		SignerTitle: "GIÁM ĐỐC",
		SignerName:  "Lê Thị Ánh",
		Recipients:  []string{"Như trên", "Trung tâm VNCERT/CC", "Lưu: VT, VP"},
	}
}

// longTable is a document whose body is a table of n rows.
func longTable(tb testing.TB, n int) *Document {
	tb.Helper()
	d := sampleReport(tb)
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = []string{fmt.Sprint(i + 1), fmt.Sprintf("Đơn vị số %d", i+1), "Đạt", "Không có ghi chú"}
	}
	d.Body = []Block{Paragraph("Danh sách các đơn vị:"), Table([]string{"STT", "Tên đơn vị", "Kết quả", "Ghi chú"}, rows)}
	return d
}
