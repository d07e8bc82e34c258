package importfile

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"attt/internal/errs"
)

// wantOrgs is what every spelling of the same small file must give.
var wantOrgs = []OrgRow{
	{Line: 2, Code: "UBND", Name: "Ủy ban nhân dân tỉnh", Type: TypeProvince},
	{Line: 3, Code: "SO-KHCN", Name: "Sở Khoa học và Công nghệ", Type: TypeDepartment, ParentCode: "UBND",
		Email: "skhcn@example.gov.vn", Phone: "0221 3863 456", Address: "Phố Hiến, Hưng Yên"},
}

func TestParseOrgsCSV(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"english comma", "code,name,type,parent_code,email,phone,address\n" +
			"UBND,Ủy ban nhân dân tỉnh,province,,,,\n" +
			"SO-KHCN,Sở Khoa học và Công nghệ,department,UBND,skhcn@example.gov.vn,0221 3863 456,\"Phố Hiến, Hưng Yên\"\n"},
		{"vietnamese semicolon crlf", "Mã đơn vị;Tên đơn vị;Loại;Mã đơn vị cấp trên;Email;Số điện thoại;Địa chỉ\r\n" +
			"UBND;Ủy ban nhân dân tỉnh;Tỉnh;;;;\r\n" +
			"SO-KHCN;Sở Khoa học và Công nghệ;Sở, ngành;UBND;skhcn@example.gov.vn;0221 3863 456;Phố Hiến, Hưng Yên\r\n"},
		{"bom, shuffled, upper case without diacritics", "\xef\xbb\xbfDIA CHI,LOAI,MA DON VI,TEN DON VI,SDT,DON VI CAP TREN,E-MAIL\n" +
			",TỈNH,UBND,Ủy ban nhân dân tỉnh,,,\n" +
			"\"Phố Hiến, Hưng Yên\",sở,SO-KHCN,Sở Khoa học và Công nghệ,0221 3863 456,UBND,skhcn@example.gov.vn\n"},
		{"excel sep line", "sep=;\nMã;Tên;Loại;Cấp trên;Thư điện tử;Điện thoại;Trụ sở\n" +
			"UBND;Ủy ban nhân dân tỉnh;tinh;;;;\n" +
			"SO-KHCN;Sở Khoa học và Công nghệ;So nganh;UBND;skhcn@example.gov.vn;0221 3863 456;Phố Hiến, Hưng Yên\n"},
		{"tab, spaces and nbsp around cells", "code\tname\ttype\tparent\temail\tphone\taddress\n" +
			" UBND \t Ủy ban  nhân dân tỉnh\t\u00a0province\t\t\t\t\n" +
			"SO-KHCN\tSở Khoa học và Công nghệ\tDEPARTMENT\tUBND\tskhcn@example.gov.vn\t0221 3863 456\tPhố Hiến,   Hưng Yên\n"},
		{"decomposed headers", "Ma\u0303 \u0111o\u031b\u0300n vi\u0323,Te\u0302\u0309n,Loa\u0323i,Ca\u0302\u0301p tre\u0302n,Email,Phone,Address\n" +
			"UBND,Ủy ban nhân dân tỉnh,Tỉnh,,,,\n" +
			"SO-KHCN,Sở Khoa học và Công nghệ,Sở,UBND,skhcn@example.gov.vn,0221 3863 456,\"Phố Hiến, Hưng Yên\"\n"},
		{"classic mac line ends", "code,name,type,parent_code,email,phone,address\r" +
			"UBND,Ủy ban nhân dân tỉnh,province,,,,\r" +
			"SO-KHCN,Sở Khoa học và Công nghệ,department,UBND,skhcn@example.gov.vn,0221 3863 456,\"Phố Hiến, Hưng Yên\"\r"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, format := range []Format{FormatCSV, FormatAuto} {
				rows, rep := MustParseOrgs(t, []byte(tt.data), format)
				MustClean(t, rep)
				if len(rep.Warnings) != 0 {
					t.Errorf("warnings: %+v", rep.Warnings)
				}
				if !reflect.DeepEqual(rows, wantOrgs) {
					t.Errorf("rows:\n got %+v\nwant %+v", rows, wantOrgs)
				}
				if rep.Rows != 2 {
					t.Errorf("Rows = %d", rep.Rows)
				}
			}
		})
	}
}

func TestParseOrgsLineNumbers(t *testing.T) {
	data := "DANH SÁCH ĐƠN VỊ,,\n" + // a title above the header
		"\n" +
		"Mã đơn vị,Tên đơn vị,Loại\n" + // line 3
		"A,\"Tên\nhai dòng\",khác\n" + // line 4, one spreadsheet row
		",,\n" + // line 5, blank
		"\n" + // line 6, blank
		"B,Bê,khác\n" + // line 7
		"C,,khác\n" // line 8: name missing
	rows, rep := MustParseOrgs(t, []byte(data), FormatCSV)
	var lines []int
	for _, r := range rows {
		lines = append(lines, r.Line)
	}
	if !reflect.DeepEqual(lines, []int{4, 7, 8}) {
		t.Errorf("lines = %v", lines)
	}
	if rows[0].Name != "Tên hai dòng" {
		t.Errorf("name = %q", rows[0].Name)
	}
	MustHave(t, rep.Problems, want{8, "Tên đơn vị", "Thiếu giá trị", "required"})
}

func TestParseOrgsProblems(t *testing.T) {
	const head = "Mã đơn vị,Tên đơn vị,Loại,Mã đơn vị cấp trên,Email,Điện thoại,Địa chỉ\n"
	long := strings.Repeat("x", 256)
	tests := []struct {
		name  string
		lines string
		want  []want
	}{
		{"required fields", ",,,,,,x\n", []want{
			{2, "Mã đơn vị", "Thiếu giá trị bắt buộc", "required"},
			{2, "Tên đơn vị", "Thiếu giá trị bắt buộc", "required"},
			{2, "Loại", "Thiếu giá trị bắt buộc", "required"}}},
		{"code with diacritics", "SỞ-A,Sở A,sở,,,,\n", []want{{2, "Mã đơn vị", "chứa “Ở”", "contains “Ở”"}}},
		{"code with space", "SO A,Sở A,sở,,,,\n", []want{{2, "Mã đơn vị", "chữ cái không dấu", "unaccented"}}},
		{"code too long", strings.Repeat("A", 65) + ",Sở A,sở,,,,\n", []want{{2, "Mã đơn vị", "tối đa 64", "at most 64"}}},
		{"bad parent code", "A,Sở A,sở,Ủy ban,,,\n", []want{{2, "Mã đơn vị cấp trên", "chứa “Ủ”", "contains"}}},
		{"unknown type", "A,Huyện A,huyện,,,,\n", []want{{2, "Loại", "Loại “huyện” không hợp lệ; dùng một trong: “Tỉnh”; “Sở, ngành”", "Type “huyện” is not valid; use one of: “province”"}}},
		{"name too long", "A," + long + ",sở,,,,\n", []want{{2, "Tên đơn vị", "Dài 256 ký tự, tối đa 255", "at most 255"}}},
		{"address too long", "A,Sở A,sở,,,," + strings.Repeat("đ", 501) + "\n", []want{{2, "Địa chỉ", "tối đa 500", "at most 500"}}},
		{"bad emails", "A,Sở A,sở,,a@@b,,\nB,Sở B,sở,,Văn thư <vt@example.gov.vn>,,\nC,Sở C,sở,,vt@localhost,,\nD,Sở D,sở,,a@x.vn; b@x.vn,,\n", []want{
			{2, "Email", "Email “a@@b” không hợp lệ", "is not valid"},
			{3, "Email", "không hợp lệ", "is not valid"},
			{4, "Email", "không hợp lệ", "is not valid"},
			{5, "Email", "không hợp lệ", "is not valid"}}},
		{"bad phones", "A,Sở A,sở,,,0221 386 abc,\nB,Sở B,sở,,,0912345678 / 0987654321,\nC,Sở C,sở,,,1234,\nD,Sở D,sở,,,09+12345678,\n", []want{
			{2, "Điện thoại", "chứa “a”", "contains “a”"},
			{3, "Điện thoại", "chứa “/”", "contains “/”"},
			{4, "Điện thoại", "có 4 chữ số", "has 4 digits"},
			{5, "Điện thoại", "chứa “+”", "contains “+”"}}},
		{"control character", "A,Sở\x01A,sở,,,,\n", []want{{2, "Tên đơn vị", "ký tự điều khiển", "control character"}}},
		{"duplicate codes", "A,Sở A,sở,,,,\nB,Sở B,sở,,,,\nA,Sở A2,sở,,,,\nA,Sở A3,sở,,,,\n", []want{
			{2, "Mã đơn vị", "Mã đơn vị “A” bị trùng ở các dòng 2, 4, 5.", "Organisation code “A” is repeated on lines 2, 4, 5."},
			{4, "Mã đơn vị", "bị trùng", "repeated"},
			{5, "Mã đơn vị", "bị trùng", "repeated"}}},
		{"own parent", "A,Sở A,sở,A,,,\n", []want{{2, "Mã đơn vị cấp trên", "cấp trên của chính nó", "its own parent"}}},
		{"cycle", "A,Sở A,sở,C,,,\nB,Sở B,sở,A,,,\nC,Sở C,sở,B,,,\nD,Sở D,sở,C,,,\nE,Sở E,sở,,,,\n", []want{
			{2, "Mã đơn vị cấp trên", "vòng lặp: A → C → B → A", "cycle: A → C → B → A"},
			{3, "Mã đơn vị cấp trên", "vòng lặp", "cycle"},
			{4, "Mã đơn vị cấp trên", "vòng lặp", "cycle"}}},
		{"bare quote stops reading", "A,Sở A,sở,,,,\nB,Sở \"B\",sở,,,,\nC,,,,,,\n", []want{
			{3, "", "lỗi cú pháp CSV", "CSV syntax error"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rep := MustParseOrgs(t, []byte(head+tt.lines), FormatCSV)
			MustHave(t, rep.Problems, tt.want...)
			if rep.Err() == nil {
				t.Error("Err() = nil with problems")
			}
		})
	}
}

func TestParseOrgsParentsFirst(t *testing.T) {
	data := "code,name,type,parent\n" +
		"XA-1,Xã 1,xã,SO-A\n" + // parent defined below
		"SO-A,Sở A,sở,UBND\n" +
		"UBND,Tỉnh,tỉnh,\n" +
		"XA-2,Xã 2,xã,DB-ONLY\n" // parent in the database
	rows, rep := MustParseOrgs(t, []byte(data), FormatCSV)
	MustClean(t, rep)
	var codes []string
	for _, r := range rows {
		codes = append(codes, r.Code)
	}
	if want := []string{"UBND", "SO-A", "XA-1", "XA-2"}; !reflect.DeepEqual(codes, want) {
		t.Errorf("order = %v, want %v", codes, want)
	}
}

func TestParseOrgsWarnings(t *testing.T) {
	data := "STT,Mã đơn vị,Tên đơn vị,Loại,Ghi chú,Số fax,,Điện thoại\n" +
		"1,A,Sở A,sở,mới,0221,,221386345\n" +
		"2,B,Sở B,sở,,,lạc,0221386345\n" +
		"3,,,,,,,\n" + // numbered in advance, otherwise empty
		"4,,,,chưa có,,,\n"
	rows, rep := MustParseOrgs(t, []byte(data), FormatCSV)
	MustClean(t, rep)
	if len(rows) != 2 || rep.Rows != 2 {
		t.Errorf("%d rows, Rows = %d", len(rows), rep.Rows)
	}
	MustHave(t, rep.Warnings,
		want{1, "Số fax", "không được nhận ra", "not recognised"},
		want{3, "G", "không có tiêu đề", "no header"},
		want{2, "Điện thoại", "thiếu số 0 ở đầu", "leading 0"})
	if rows[0].Phone != "0221386345" {
		t.Errorf("phone = %q", rows[0].Phone)
	}
}

func TestParseOrgsFileErrors(t *testing.T) {
	big := bytes.Repeat([]byte("x"), MaxBytes+1)
	var many strings.Builder
	many.WriteString("code,name,type\n")
	for i := range MaxRows + 1 {
		fmt.Fprintf(&many, "C%d,Đơn vị %d,khác\n", i, i)
	}
	tests := []struct {
		name   string
		data   []byte
		format Format
		code   errs.Code
		vi, en string
	}{
		{"too large", big, FormatCSV, errs.TooLarge, "lớn hơn 10 MiB", "larger than 10 MiB"},
		{"too many rows", []byte(many.String()), FormatCSV, errs.TooLarge, "hơn 20000 dòng", "more than 20000"},
		{"missing columns", []byte("Mã đơn vị,Tên\nA,B\n"), FormatCSV, errs.Invalid, "thiếu cột bắt buộc: “Loại”", "lacks required columns: “Type”"},
		{"no header", []byte("a,b,c\n1,2,3\n"), FormatCSV, errs.Invalid, "“Mã đơn vị”, “Tên đơn vị”, “Loại”", "“Code”, “Name”, “Type”"},
		{"only blank lines", []byte("\n,,\n  \n"), FormatCSV, errs.Invalid, "không tìm thấy dòng tiêu đề", "no header row"},
		{"header only", []byte("STT,code,name,type\n1,,,\n\n"), FormatCSV, errs.Invalid, "chưa có dòng dữ liệu", "no data rows"},
		{"header too low", []byte(strings.Repeat("\n", 10) + "code,name,type\n"), FormatCSV, errs.Invalid, "thiếu cột", "lacks"},
		{"same column twice", []byte("code,Mã đơn vị,name,type\n"), FormatCSV, errs.Invalid, "cùng là “Mã đơn vị”", "both mean “Code”"},
		{"not utf-8", []byte("code,name,type\nA,S\xf5 A,s\xf5\n"), FormatCSV, errs.Invalid, "UTF-8 (lỗi ở dòng 2)", "not UTF-8"},
		{"utf-16", []byte{0xFF, 0xFE, 'c', 0}, FormatCSV, errs.Invalid, "UTF-16", "UTF-16"},
		{"broken xlsx", []byte("PK\x03\x04 not really"), FormatAuto, errs.Invalid, "Không đọc được tệp XLSX", "Could not read the XLSX"},
		{"csv given as xlsx", []byte("code,name,type\n"), FormatXLSX, errs.Invalid, "XLSX", "XLSX"},
		{"unknown format", []byte("code,name,type\n"), Format("ods"), errs.Invalid, "không được hỗ trợ", "not supported"},
		{"quote before header", []byte("\"code,name,type\n"), FormatCSV, errs.Invalid, "Dòng 1", "Line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, rep, err := ParseOrgs(bytes.NewReader(tt.data), tt.format)
			MustFail(t, err, tt.code, tt.vi, tt.en)
			if rows != nil || rep != nil {
				t.Error("rows or report returned with a file-level error")
			}
		})
	}
}

func TestParseOrgsMissingColumnDetails(t *testing.T) {
	_, _, err := ParseOrgs(strings.NewReader("Tên đơn vị\nA\n"), FormatCSV)
	e := errs.As(err)
	if len(e.Details) != 2 || !strings.Contains(e.Details[0].VI, "“mã đơn vị”") || !strings.Contains(e.Details[1].EN, "Column “Type” may be headed") {
		t.Errorf("details = %+v", e.Details)
	}
}

func TestOrgTypes(t *testing.T) {
	tests := map[string]string{
		"Tỉnh": TypeProvince, "UBND tỉnh": TypeProvince,
		"Sở": TypeDepartment, "sở, ngành": TypeDepartment, "SO, NGANH": TypeDepartment,
		"Xã": TypeCommune, "phường": TypeCommune, "Xã, phường": TypeCommune, "đặc khu": TypeCommune,
		"Đơn vị sự nghiệp": TypeUnit, "unit": TypeUnit,
		"Công an": TypePolice, "Trung tâm dữ liệu": TypeDatacenter, "Trung tâm tích hợp dữ liệu": TypeDatacenter,
		"Doanh nghiệp": TypeProvider, "nhà cung cấp": TypeProvider, "Khác": TypeOther, "OTHER": TypeOther,
		"huyện": "", "": "", "-": "",
	}
	for in, want := range tests {
		if got := lookup(orgTypes, in); got != want {
			t.Errorf("lookup(%q) = %q, want %q", in, got, want)
		}
	}
}
