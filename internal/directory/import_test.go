package directory_test

import (
	"strings"
	"testing"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

// TestImportIsAllOrNothing: a file whose rows clash with the database (a
// code already used, an unknown parent) imports nothing and names each bad
// line; the corrected file imports every row, parents before children.
func TestImportIsAllOrNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		ctx := p.As(fixture.LoginAuthority)
		bad := "Mã đơn vị,Tên đơn vị,Loại,Mã đơn vị cấp trên\n" +
			"SXD,Sở Xây dựng,sở,\n" +
			"STC,Sở Tài chính (trùng),sở,\n" +
			"SXD-TT,Trung tâm Kiểm định,đơn vị sự nghiệp,SXD\n" +
			"X-LAC,Xã Lạc Đạo,xã,KHONG-CO\n"
		_, err := p.Dir.ImportOrgs(ctx, "don-vi.csv", strings.NewReader(bad))
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("import with clashes: %v", err)
		}
		details := ""
		for _, d := range errs.As(err).Details {
			details += d.VI + "\n"
		}
		if !strings.Contains(details, "Dòng 3") || !strings.Contains(details, "Dòng 5") || strings.Contains(details, "Dòng 2") {
			t.Errorf("the report must name lines 3 and 5 only:\n%s", details)
		}
		if _, err := p.Dir.GetOrgByCode(ctx, "SXD"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("nothing may be imported from a file with problems: %v", err)
		}
		good := strings.Replace(strings.Replace(bad, "STC,Sở Tài chính (trùng)", "SNV,Sở Nội vụ", 1), "KHONG-CO", "", 1)
		res, err := p.Dir.ImportOrgs(ctx, "don-vi.csv", strings.NewReader(good))
		if err != nil || res.Created != 4 {
			t.Fatalf("corrected import: %+v %v", res, err)
		}
		child, err := p.Dir.GetOrgByCode(ctx, "SXD-TT")
		must(t, err, "imported child")
		parent, _ := p.Dir.GetOrgByCode(ctx, "SXD")
		if child.ParentID != parent.ID || child.Type != directory.TypeUnit {
			t.Errorf("child %+v not under %s", child, parent.ID)
		}

		people := "Tên đăng nhập,Họ và tên,Mã đơn vị,Vai trò,Chuyên trách ATTT\n" +
			"sxd.ct,Nguyễn Văn Xây,SXD,cán bộ,có\n" +
			"a.staff,Trùng Tên Đăng Nhập,SXD,,\n"
		_, err = p.Dir.ImportPeople(ctx, "can-bo.csv", strings.NewReader(people))
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("people import with a taken login: %v", err)
		}
		res, err = p.Dir.ImportPeople(ctx, "can-bo.csv", strings.NewReader(strings.Replace(people, "a.staff", "sxd.cb", 1)))
		if err != nil || res.Created != 2 {
			t.Fatalf("people import: %+v %v", res, err)
		}
		sxd, _ := p.Dir.GetOrgByCode(ctx, "SXD")
		if sxd.OfficerID == "" {
			t.Error("the person marked as security officer must be designated")
		}
		// An officer of department A cannot import into another agency.
		_, err = p.Dir.ImportPeople(p.As(fixture.LoginAOfficer), "can-bo.csv", strings.NewReader("Tên đăng nhập,Họ và tên,Mã đơn vị\nx.y,Người Lạ,SYT\n"))
		if !errs.Is(err, errs.Invalid) || !strings.Contains(errs.As(err).Details[0].VI, "Dòng 2") {
			t.Errorf("import outside scope: %v", err)
		}
	})
}
