package forms

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sample05 is a first-half summary for the whole province; defacement
// figures come in two entries that must be added up.
func sample05() *Report05 {
	is := sampleIssue()
	is.Agency = "Sở Thông tin và Truyền thông"
	is.Number = "45/BC-STTTT"
	is.To = []string{"Trung tâm Giám sát an toàn không gian mạng quốc gia"}
	return &Report05{
		Issue:      is,
		Period:     Period{Year: 2026, Half: 1},
		Org:        "Sở Thông tin và Truyền thông tỉnh Hưng Yên",
		Address:    "Số 8 đường Hải Thượng Lãn Ông, thành phố Hưng Yên",
		MemberCode: "HY-012",
		Coverage:   "Các cơ quan nhà nước trên địa bàn tỉnh (32 đơn vị)",
		Counts: []TypeCount{
			{Category: CategoryDoS, Handling: Handling{Total: 3, SelfHandled: 2, Supported: 1, Damage: 15_000_000}},
			{Category: CategoryPhishing, Handling: Handling{Total: 7, SelfHandled: 7}},
			{Category: CategoryDefacement, Handling: Handling{Total: 2, SelfHandled: 1, Supported: 1, SupportRequested: 1, Damage: 2_500_000}},
			{Category: CategoryDefacement, Handling: Handling{Total: 1, ForeignSupported: 1}},
			{Category: CategoryRansomware, Handling: Handling{Total: 1, Supported: 1, SupportRequested: 1, Damage: 120_000_000}},
		},
		Supporters:        []string{"Trung tâm Giám sát an toàn không gian mạng quốc gia", "VNPT Hưng Yên"},
		ForeignSupporters: []string{"Cloudflare, Inc."},
		Proposals:         "Đề nghị tổ chức diễn tập ứng cứu sự cố tấn công mã hóa dữ liệu cho các đơn vị.",
	}
}

func TestReport05Rows(t *testing.T) {
	rows, total, err := sample05().Rows()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 10 || rows[0].Category.Code != CategoryDoS || rows[9].Category.Code != CategoryOther {
		t.Fatalf("rows not in Categories order: %v", rows)
	}
	def := rows[4]
	if def.Category.Code != CategoryDefacement || def.Total != 3 || def.SelfHandled != 1 || def.Supported != 1 || def.ForeignSupported != 1 || def.SupportRequested != 1 {
		t.Errorf("defacement row %+v, want the two entries added up", def)
	}
	want := Handling{Total: 14, SelfHandled: 10, Supported: 3, ForeignSupported: 1, SupportRequested: 2, Damage: 137_500_000}
	if total != want {
		t.Errorf("total %+v, want %+v", total, want)
	}
	if rows[9].Handling != (Handling{}) {
		t.Errorf("a type without figures counts %+v", rows[9].Handling)
	}
}

func TestReport05Document(t *testing.T) {
	d, err := sample05().Document()
	if err != nil {
		t.Fatal(err)
	}
	_, docx := both(t, d,
		"SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Số: 45/BC-STTTT",
		"BÁO CÁO TỔNG HỢP 06 THÁNG VỀ HOẠT ĐỘNG TIẾP NHẬN VÀ XỬ LÝ SỰ CỐ", "Từ tháng 01/2026 đến tháng 06/2026",
		"Kính gửi: Trung tâm Giám sát an toàn không gian mạng quốc gia", "Mẫu số 05",
		"Thời gian báo cáo: Từ tháng 01/2026 đến tháng 06/2026",
		"Tên cơ quan/tổ chức: Sở Thông tin và Truyền thông tỉnh Hưng Yên",
		"Địa chỉ: Số 8 đường Hải Thượng Lãn Ông", "Mã thành viên mạng lưới: HY-012",
		"Phạm vi tổng hợp: Các cơ quan nhà nước trên địa bàn tỉnh (32 đơn vị)",
		"1. Số lượng sự cố và cách thức xử lý", "Loại sự cố/tấn công mạng", "Số lượng", "Thiệt hại",
		"Tấn công từ chối dịch vụ (DoS, DDoS)", "15.000.000", "Tấn công giả mạo (phishing)", "Tấn công sử dụng mã độc",
		"Truy cập trái phép, chiếm quyền điều khiển", "Thay đổi giao diện (deface)", "2.500.000",
		"Mã hóa phần mềm, dữ liệu, thiết bị (ransomware)", "120.000.000",
		"Phá hoại thông tin, dữ liệu, phần mềm", "Nghe trộm, gián điệp, lấy cắp thông tin, dữ liệu",
		"Tấn công tổng hợp sử dụng kết hợp nhiều hình thức", "Các hình thức tấn công khác",
		"Tổng cộng", "137.500.000",
		"2. Danh sách các tổ chức hỗ trợ xử lý sự cố", "- VNPT Hưng Yên",
		"3. Danh sách các tổ chức nước ngoài hỗ trợ xử lý sự cố", "- Cloudflare, Inc.",
		"4. Đề xuất, kiến nghị", "diễn tập ứng cứu sự cố tấn công mã hóa dữ liệu",
		"KT. GIÁM ĐỐC", "Trần Văn Đức",
	)
	// In DOCX every table cell is a paragraph: check the narrow heading
	// cells (which pdftotext reads across columns, line by line) and whole
	// rows.
	wantLines(t, "DOCX", docx, header05()...)
	wantInOrder(t, "DOCX", docx,
		"Tấn công từ chối dịch vụ (DoS, DDoS)\n3\n2\n1\n0\n0\n15.000.000\n",
		"Thay đổi giao diện (deface)\n3\n1\n1\n1\n1\n2.500.000\n",
		"Các hình thức tấn công khác\n0\n0\n0\n0\n0\n0\n",
		"Tổng cộng\n14\n10\n3\n1\n2\n137.500.000\n")
}

func TestReport05YearPlaceholders(t *testing.T) {
	r := &Report05{Issue: Issue{Agency: "Sở Tài chính", Date: at(24, 9, 0)}, Period: Period{Year: 2026}, Org: "Sở Tài chính"}
	d, err := r.Document()
	if err != nil {
		t.Fatal(err)
	}
	pdf, docx := both(t, d, "BÁO CÁO TỔNG HỢP 01 NĂM VỀ HOẠT ĐỘNG TIẾP NHẬN VÀ XỬ LÝ SỰ CỐ", "Từ tháng 01/2026 đến tháng 12/2026")
	lines := []string{"Địa chỉ: (không có)", "Mã thành viên mạng lưới: (không có)", "Phạm vi tổng hợp: Chưa xác định", "- (không có)", "(không có)"}
	wantLines(t, "DOCX", docx, lines...)
	wantAll(t, "PDF", pdf, lines...)
	wantInOrder(t, "DOCX", docx, "Tổng cộng\n0\n0\n0\n0\n0\n0\n")
	if got := (Period{Year: 2026, Half: 2}).Span(); got != "từ tháng 07/2026 đến tháng 12/2026" {
		t.Errorf("second half span %q", got)
	}
}

func TestReport05XLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := sample05().WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(Sheet05)
	if err != nil {
		t.Fatal(err)
	}
	byLabel := map[string][]string{}
	var text []string
	for _, r := range rows {
		if len(r) > 0 {
			byLabel[r[0]] = r
			text = append(text, r...)
		}
	}
	for _, w := range []string{
		"BÁO CÁO TỔNG HỢP 06 THÁNG VỀ HOẠT ĐỘNG TIẾP NHẬN VÀ XỬ LÝ SỰ CỐ", "Từ tháng 01/2026 đến tháng 06/2026",
		"Sở Thông tin và Truyền thông tỉnh Hưng Yên", "HY-012", "Số sự cố đề nghị VNCERT/CC hỗ trợ xử lý",
		"VNPT Hưng Yên", "Cloudflare, Inc.", "Đề nghị tổ chức diễn tập ứng cứu sự cố tấn công mã hóa dữ liệu cho các đơn vị.",
	} {
		if !contains(text, w) {
			t.Errorf("workbook lacks %q", w)
		}
	}
	want := map[string][]int64{
		"Tấn công từ chối dịch vụ (DoS, DDoS)":            {3, 2, 1, 0, 0, 15_000_000},
		"Thay đổi giao diện (deface)":                     {3, 1, 1, 1, 1, 2_500_000},
		"Mã hóa phần mềm, dữ liệu, thiết bị (ransomware)": {1, 0, 1, 0, 1, 120_000_000},
		"Các hình thức tấn công khác":                     {0, 0, 0, 0, 0, 0},
		"Tổng cộng":                                       {14, 10, 3, 1, 2, 137_500_000},
	}
	for label, nums := range want {
		r, ok := byLabel[label]
		if !ok || len(r) < 7 {
			t.Errorf("no row %q: %v", label, r)
			continue
		}
		for i, n := range nums {
			raw, err := f.GetCellValue(Sheet05, cellOf(t, f, label, i+2), excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if got, err := strconv.ParseInt(raw, 10, 64); err != nil || got != n {
				t.Errorf("%s column %d = %q, want the number %d", label, i+2, raw, n)
			}
		}
	}
	if typ, _ := f.GetCellType(Sheet05, cellOf(t, f, "Tổng cộng", 2)); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("total is stored as %v, want a number", typ)
	}
}

// contains reports whether want is one of items.
func contains(items []string, want string) bool {
	for _, it := range items {
		if it == want {
			return true
		}
	}
	return false
}

// cellOf returns the name of column col on the row whose column A is label.
func cellOf(t *testing.T, f *excelize.File, label string, col int) string {
	t.Helper()
	rows, err := f.GetRows(Sheet05)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == label {
			name, _ := excelize.CoordinatesToCellName(col, i+1)
			return name
		}
	}
	t.Fatalf("no row %q", label)
	return ""
}

func TestReport05Invalid(t *testing.T) {
	_, err := (&Report05{Period: Period{Year: 26, Half: 3}}).Document()
	wantInvalid(t, err, "Thiếu tên cơ quan ban hành", "Thiếu tên cơ quan/tổ chức báo cáo", "Năm báo cáo không hợp lệ: 26",
		"Kỳ báo cáo phải là 6 tháng đầu (1), 6 tháng cuối (2) hoặc cả năm (0), không phải 3")
	r := sample05()
	r.Counts = append(r.Counts,
		TypeCount{Category: "botnet", Handling: Handling{Total: 1}},
		TypeCount{Category: CategoryMalware, Handling: Handling{Total: 2, SelfHandled: 3}},
		TypeCount{Category: CategoryTheft, Handling: Handling{Total: -1}},
		TypeCount{Category: CategoryOther, Handling: Handling{Damage: -5}})
	_, err = r.Document()
	want := []string{`Loại sự cố không hợp lệ: "botnet"`,
		"Tấn công sử dụng mã độc: số sự cố theo cách xử lý vượt quá tổng số 2",
		"Nghe trộm, gián điệp, lấy cắp thông tin, dữ liệu: số liệu không được âm",
		"Các hình thức tấn công khác: thiệt hại không được âm"}
	wantInvalid(t, err, want...)
	wantInvalid(t, r.WriteXLSX(&bytes.Buffer{}), want...)
	_, _, err = r.Rows()
	wantInvalid(t, err, want...)
}
