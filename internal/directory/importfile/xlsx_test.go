package importfile

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestParseOrgsXLSX(t *testing.T) {
	data := MustXLSX(t,
		sheet{"Ghi chú", [][]any{{"Trang này không phải dữ liệu"}}},
		sheet{"Đơn vị", [][]any{
			{"DANH SÁCH CƠ QUAN, ĐƠN VỊ"},
			nil, // absent row
			{"STT", "Mã đơn vị", "Tên đơn vị", "Loại", "Đơn vị cấp trên", "Số điện thoại"},
			{1, "UBND", "Ủy ban nhân dân tỉnh", "Tỉnh", "", 2213862345}, // phone typed as a number
			nil,
			{2, "SO-KHCN", "Sở Khoa học và Công nghệ", "Sở, ngành", "UBND", "0221 3863 456"},
			{3, 1234, "Đơn vị mã số", "khác", "SO-KHCN"}, // a numeric code
		}},
	)
	rows, rep := MustParseOrgs(t, data, FormatXLSX)
	MustClean(t, rep)
	wantRows := []OrgRow{
		{Line: 4, Code: "UBND", Name: "Ủy ban nhân dân tỉnh", Type: TypeProvince, Phone: "02213862345"},
		{Line: 6, Code: "SO-KHCN", Name: "Sở Khoa học và Công nghệ", Type: TypeDepartment, ParentCode: "UBND", Phone: "0221 3863 456"},
		{Line: 7, Code: "1234", Name: "Đơn vị mã số", Type: TypeOther, ParentCode: "SO-KHCN"},
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("rows:\n got %+v\nwant %+v", rows, wantRows)
	}
	MustHave(t, rep.Warnings, want{4, "Số điện thoại", "thiếu số 0", "leading 0"})
}

func TestParsePeopleXLSX(t *testing.T) {
	data := MustXLSX(t,
		sheet{"Sheet1", [][]any{
			{"Tài khoản", "Họ tên", "Mã đơn vị", "Vai trò", "Chuyên trách"},
			{"nva", "Nguyễn Văn A", "SO-KHCN", "Cán bộ\nChuyên trách", true}, // Alt+Enter and a boolean cell
			{"nvb", "Nguyễn Văn B", "SO-KHCN", "", false},
			{"nvc", "Nguyễn Văn C", "SO-KHCN", "bí thư", 2},
		}},
	)
	rows, rep := MustParsePeople(t, data, FormatAuto)
	wantRows := []PersonRow{
		{Line: 2, Login: "nva", FullName: "Nguyễn Văn A", OrgCode: "SO-KHCN", Roles: []string{RoleStaff, RoleOfficer}, Officer: true},
		{Line: 3, Login: "nvb", FullName: "Nguyễn Văn B", OrgCode: "SO-KHCN", Roles: []string{RoleStaff}},
		{Line: 4, Login: "nvc", FullName: "Nguyễn Văn C", OrgCode: "SO-KHCN", Roles: []string{RoleStaff}},
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("rows:\n got %+v\nwant %+v", rows, wantRows)
	}
	MustHave(t, rep.Problems,
		want{4, "Vai trò", "“bí thư” không hợp lệ", "“bí thư” is not valid"},
		want{4, "Chuyên trách", "“2” không hợp lệ", "“2” is not valid"})
}

func TestParseXLSXPicksNamedSheet(t *testing.T) {
	data := MustXLSX(t,
		sheet{"Đơn vị", [][]any{{"code", "name", "type"}, {"A", "Sở A", "sở"}}},
		sheet{"CÁN BỘ", [][]any{{"login", "name", "org"}, {"nva", "Nguyễn Văn A", "A"}}},
	)
	orgs, rep := MustParseOrgs(t, data, FormatXLSX)
	MustClean(t, rep)
	people, rep := MustParsePeople(t, data, FormatXLSX)
	MustClean(t, rep)
	if len(orgs) != 1 || orgs[0].Code != "A" || len(people) != 1 || people[0].Login != "nva" {
		t.Errorf("orgs %+v people %+v", orgs, people)
	}
}

// TestParseXLSXDisplayedValue checks that a number formatted to show its
// leading zeros is read as shown, the way officials keep phone numbers.
func TestParseXLSXDisplayedValue(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	format := "0000000000"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		t.Fatal(err)
	}
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"code", "name", "type", "phone"})
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"A", "Sở A", "sở", 912345678})
	if err := f.SetCellStyle("Sheet1", "D2", "D2", style); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "phone.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, rep := MustParseOrgs(t, data, FormatXLSX)
	MustClean(t, rep)
	if rows[0].Phone != "0912345678" || len(rep.Warnings) != 0 {
		t.Errorf("phone = %q, warnings %+v", rows[0].Phone, rep.Warnings)
	}
}

func TestParseXLSXTooManyRows(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	_ = sw.SetRow("A1", []any{"code", "name", "type"})
	for i := 2; i <= MaxRows+2; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		if err := sw.SetRow(cell, []any{"C", "N", "khác"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = ParseOrgs(buf, FormatXLSX)
	MustFail(t, err, "too_large", "hơn 20000 dòng", "more than 20000")
}
