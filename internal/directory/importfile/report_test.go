package importfile

import (
	"errors"
	"strings"
	"testing"

	"attt/internal/errs"
	"attt/internal/locale"
)

func TestReportErr(t *testing.T) {
	_, rep := MustParseOrgs(t, []byte("Mã đơn vị,Tên,Loại,Cấp trên\nA,Sở A,sở,\nB B,Sở B,sở,\n"), FormatCSV)
	if len(rep.Problems) != 1 {
		t.Fatalf("want the code with a space as the one problem, got %+v", rep.Problems)
	}
	// The service adds a database problem on an earlier line, naming the
	// column the way the file does.
	rep.Add(2, rep.Col(FieldParent), locale.T("Mã đơn vị cấp trên không tồn tại.", "The parent code does not exist."))
	rep.Add(0, "", locale.T("Trùng với dữ liệu đã có.", "Clashes with stored data."))
	err := rep.Err()
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Invalid {
		t.Fatalf("Err() = %v", err)
	}
	if e.Msg.VI != "Tệp nhập có 3 lỗi; chưa có dữ liệu nào được nhập." ||
		e.Msg.EN != "The import file has 3 errors; nothing has been imported." {
		t.Errorf("msg = %+v", e.Msg)
	}
	wantVI := []string{
		"Trùng với dữ liệu đã có.",
		"Dòng 2, cột “Cấp trên”: Mã đơn vị cấp trên không tồn tại.",
		"Dòng 3, cột “Mã đơn vị”: Mã “B B” chứa “ ”",
	}
	wantEN := []string{
		"Clashes with stored data.",
		"Line 2, column “Cấp trên”: The parent code does not exist.",
		"Line 3, column “Mã đơn vị”: Code “B B” contains",
	}
	if len(e.Details) != 3 {
		t.Fatalf("details = %+v", e.Details)
	}
	for i, d := range e.Details {
		if !strings.HasPrefix(d.VI, wantVI[i]) || !strings.HasPrefix(d.EN, wantEN[i]) {
			t.Errorf("detail %d = %q / %q", i, d.VI, d.EN)
		}
	}
	if lines := rep.ProblemLines(); !lines[2] || !lines[3] || lines[1] {
		t.Errorf("ProblemLines = %v", lines)
	}
}

func TestReportOK(t *testing.T) {
	var rep Report
	if !rep.OK() || rep.Err() != nil {
		t.Fatal("empty report not OK")
	}
	rep.Warn(3, "x", locale.T("chú ý", "note"))
	if !rep.OK() || rep.Err() != nil {
		t.Fatal("warnings must not block")
	}
	rep.Add(4, "", locale.T("lỗi", "error"))
	e := errs.As(rep.Err())
	if e.Msg.EN != "The import file has 1 error; nothing has been imported." || e.Details[0].VI != "Dòng 4: lỗi" {
		t.Errorf("Err() = %+v", e)
	}
	if got := (Problem{Column: "Loại", Msg: locale.T("a", "b")}).Text(); got.VI != "Cột “Loại”: a" || got.EN != "Column “Loại”: b" {
		t.Errorf("Text() = %+v", got)
	}
}

func TestReportCol(t *testing.T) {
	var rep Report
	if got := rep.Col(FieldParent); got != "Mã đơn vị cấp trên" || rep.Col(FieldLogin) != "Tên đăng nhập" {
		t.Errorf("zero Report Col = %q", got)
	}
	_, people := MustParsePeople(t, []byte("login,name,org\nnva,A,SO\n"), FormatCSV)
	if people.Col(FieldOrg) != "org" || people.Col(FieldRoles) != "Vai trò" {
		t.Errorf("Col = %q, %q", people.Col(FieldOrg), people.Col(FieldRoles))
	}
}

func TestReportErrCapsDetails(t *testing.T) {
	var rep Report
	for i := range 700 {
		rep.Add(700-i, "", locale.T("lỗi", "error"))
	}
	e := errs.As(rep.Err())
	if len(e.Details) != maxDetails+1 || e.Details[0].VI != "Dòng 1: lỗi" || e.Details[maxDetails].VI != "… và 200 lỗi khác." {
		t.Errorf("details: %d, first %q, last %q", len(e.Details), e.Details[0].VI, e.Details[len(e.Details)-1].VI)
	}
	if len(rep.Problems) != 700 {
		t.Errorf("Problems trimmed to %d", len(rep.Problems))
	}
}
