package importfile

import (
	"reflect"
	"strings"
	"testing"
)

func TestParsePeopleCSV(t *testing.T) {
	wantRows := []PersonRow{
		{Line: 2, Login: "nguyenvana", FullName: "Nguyễn Văn A", OrgCode: "SO-KHCN", Title: "Chuyên viên",
			Email: "a@example.gov.vn", Phone: "0912 345 678", Roles: []string{RoleStaff}},
		{Line: 3, Login: "tran.thi-b_2", FullName: "Trần Thị B", OrgCode: "SO-KHCN",
			Roles: []string{RoleStaff, RoleOfficer}, Officer: true},
		{Line: 4, Login: "levanc", FullName: "Lê Văn C", OrgCode: "UBND",
			Roles: []string{RoleHead, RoleAuthority, RoleLeader}},
	}
	tests := []struct {
		name string
		data string
	}{
		{"vietnamese semicolon", "Tên đăng nhập;Họ và tên;Đơn vị;Chức vụ;Email;SĐT;Vai trò;Chuyên trách ATTT\n" +
			"nguyenvana;Nguyễn Văn A;SO-KHCN;Chuyên viên;a@example.gov.vn;0912 345 678;;\n" +
			"Tran.Thi-B_2;Trần Thị B;SO-KHCN;;;;cán bộ, chuyên trách;Có\n" +
			"levanc;Lê Văn C;UBND;;;;\"Thủ trưởng; cơ quan quản lý; lãnh đạo\";không\n"},
		{"english comma bom", "\xef\xbb\xbflogin,full_name,org_code,title,email,phone,roles,officer\n" +
			"nguyenvana,Nguyễn Văn A,SO-KHCN,Chuyên viên,a@example.gov.vn,0912 345 678,staff,no\n" +
			"tran.thi-b_2,Trần Thị B,SO-KHCN,,,,staff,yes\n" +
			"levanc,Lê Văn C,UBND,,,,\"leader;head,authority\",\n"},
		{"diacritic-free headers and values", "TAI KHOAN,HO TEN,MA DON VI,CHUC VU,EMAIL,DIEN THOAI,VAI TRO,CHUYEN TRACH\n" +
			"nguyenvana,Nguyễn Văn A,SO-KHCN,Chuyên viên,a@example.gov.vn,0912 345 678,nhan vien,\n" +
			"tran.thi-b_2,Trần Thị B,SO-KHCN,,,,,x\n" + // officer alone: staff + officer
			"levanc,Lê Văn C,UBND,,,,\"THU TRUONG\nCO QUAN QUAN LY\nLANH DAO\",0\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, rep := MustParsePeople(t, []byte(tt.data), FormatAuto)
			MustClean(t, rep)
			if !reflect.DeepEqual(rows, wantRows) {
				t.Errorf("rows:\n got %+v\nwant %+v", rows, wantRows)
			}
		})
	}
}

func TestParsePeopleProblems(t *testing.T) {
	const head = "Tên đăng nhập,Họ và tên,Mã đơn vị,Chức vụ,Email,Điện thoại,Vai trò,Chuyên trách ATTT\n"
	tests := []struct {
		name  string
		lines string
		want  []want
	}{
		{"required fields", ",,,Chuyên viên,,,,\n", []want{
			{2, "Tên đăng nhập", "Thiếu giá trị bắt buộc", "required"},
			{2, "Họ và tên", "Thiếu giá trị bắt buộc", "required"},
			{2, "Mã đơn vị", "Thiếu giá trị bắt buộc", "required"}}},
		{"login too short", "ab,Nguyễn Văn A,SO,,,,,\n", []want{{2, "Tên đăng nhập", "dài 2 ký tự; cần từ 3 đến 64", "2 characters long"}}},
		{"login too long", strings.Repeat("a", 65) + ",Nguyễn Văn A,SO,,,,,\n", []want{{2, "Tên đăng nhập", "dài 65 ký tự", "65 characters"}}},
		{"login with diacritics", "nguyễnvăna,Nguyễn Văn A,SO,,,,,\n", []want{{2, "Tên đăng nhập", "chứa “ễ”", "contains “ễ”"}}},
		{"login with space", "nguyen van a,Nguyễn Văn A,SO,,,,,\n", []want{{2, "Tên đăng nhập", "chữ thường không dấu", "lower-case"}}},
		{"login with at", "a@example.gov.vn,Nguyễn Văn A,SO,,,,,\n", []want{{2, "Tên đăng nhập", "chứa “@”", "contains “@”"}}},
		{"bad org code", "nva,Nguyễn Văn A,Sở KHCN,,,,,\n", []want{{2, "Mã đơn vị", "chứa “ở”", "contains “ở”"}}},
		{"unknown roles", "nva,Nguyễn Văn A,SO,,,,cán bộ; giám đốc; kế toán,\n", []want{
			{2, "Vai trò", "Vai trò “giám đốc” không hợp lệ; dùng một hoặc nhiều trong: “Cán bộ”", "Role “giám đốc” is not valid; use one or more of: “staff”"},
			{2, "Vai trò", "“kế toán”", "“kế toán”"}}},
		{"bad officer", "nva,Nguyễn Văn A,SO,,,,,có lẽ\n", []want{{2, "Chuyên trách ATTT", "Giá trị “có lẽ” không hợp lệ", "Value “có lẽ” is not valid"}}},
		{"bad email and phone", "nva,Nguyễn Văn A,SO,,nva@,09 12,,\n", []want{
			{2, "Email", "không hợp lệ", "not valid"},
			{2, "Điện thoại", "có 4 chữ số", "has 4 digits"}}},
		{"title too long", "nva,Nguyễn Văn A,SO," + strings.Repeat("c", 300) + ",,,,\n", []want{{2, "Chức vụ", "tối đa 255", "at most 255"}}},
		{"duplicate logins, case-insensitive", "nva,Nguyễn Văn A,SO,,,,,\nNVA,Nguyễn Văn An,SO,,,,,\n", []want{
			{2, "Tên đăng nhập", "Tên đăng nhập “nva” bị trùng ở các dòng 2, 3.", "Login “nva” is repeated on lines 2, 3."},
			{3, "Tên đăng nhập", "bị trùng", "repeated"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rep := MustParsePeople(t, []byte(head+tt.lines), FormatCSV)
			MustHave(t, rep.Problems, tt.want...)
		})
	}
}

func TestParsePeopleSharedEmail(t *testing.T) {
	data := "login,name,org,email\nnva,A,SO,vanthu@example.gov.vn\nnvb,B,SO,VanThu@example.gov.vn\nnvc,C,SO,\nnvd,D,SO,\n"
	_, rep := MustParsePeople(t, []byte(data), FormatCSV)
	MustClean(t, rep)
	MustHave(t, rep.Warnings,
		want{2, "email", "dùng chung cho các dòng 2, 3", "shared by lines 2, 3"},
		want{3, "email", "dùng chung", "shared"})
}

func TestRoles(t *testing.T) {
	tests := map[string]string{
		"cán bộ": RoleStaff, "Nhân viên": RoleStaff, "chuyên trách": RoleOfficer, "Cán bộ chuyên trách": RoleOfficer,
		"thủ trưởng": RoleHead, "Cơ quan quản lý": RoleAuthority, "trung tâm dữ liệu": RoleDatacenter,
		"công an": RolePolice, "nhà cung cấp": RoleProvider, "lãnh đạo": RoleLeader, "quản trị": RoleAdmin,
		"ADMIN": RoleAdmin, "kế toán": "",
	}
	for in, want := range tests {
		if got := lookup(roles, in); got != want {
			t.Errorf("lookup(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestYesNo(t *testing.T) {
	for _, s := range []string{"yes", "Có", "CÓ", "co", "x", "X", "1", "true", "TRUE", "✓"} {
		if yes, ok := yesNo(s); !yes || !ok {
			t.Errorf("yesNo(%q) = %v, %v", s, yes, ok)
		}
	}
	for _, s := range []string{"", "no", "Không", "0", "FALSE", "-"} {
		if yes, ok := yesNo(s); yes || !ok {
			t.Errorf("yesNo(%q) = %v, %v", s, yes, ok)
		}
	}
	for _, s := range []string{"maybe", "2", "?"} {
		if _, ok := yesNo(s); ok {
			t.Errorf("yesNo(%q) accepted", s)
		}
	}
}
