// Package demo loads a demo province so a newcomer can click around at once:
// Hưng Yên's structure after the 2025 reform (the provincial committee's
// office, departments, communes and wards, a public service unit, the
// provincial police, the data integration centre, the network provider),
// with a few people per agency holding every role. Nobody gets a password:
// each demo account prints its one-time link.
package demo

import (
	"context"
	"fmt"
	"text/tabwriter"

	"attt/internal/app"
	"attt/internal/directory"
	"attt/internal/principal"
)

type org struct {
	code, name, parent string
	typ                directory.OrgType
}

// orgs is the demo tree, parents first. "" parent means the root.
var orgs = []org{
	{"VP-UBND", "Văn phòng UBND tỉnh", "", directory.TypeDepartment},
	{"SKHCN", "Sở Khoa học và Công nghệ", "", directory.TypeDepartment},
	{"TTCNTT", "Trung tâm Công nghệ thông tin và Truyền thông", "SKHCN", directory.TypeDatacenter},
	{"SNV", "Sở Nội vụ", "", directory.TypeDepartment},
	{"STC", "Sở Tài chính", "", directory.TypeDepartment},
	{"SYT", "Sở Y tế", "", directory.TypeDepartment},
	{"BVDK", "Bệnh viện Đa khoa tỉnh", "SYT", directory.TypeUnit},
	{"SGDDT", "Sở Giáo dục và Đào tạo", "", directory.TypeDepartment},
	{"SNNMT", "Sở Nông nghiệp và Môi trường", "", directory.TypeDepartment},
	{"P-PHOHIEN", "UBND phường Phố Hiến", "", directory.TypeCommune},
	{"P-SONNAM", "UBND phường Sơn Nam", "", directory.TypeCommune},
	{"P-MYHAO", "UBND phường Mỹ Hào", "", directory.TypeCommune},
	{"P-THAIBINH", "UBND phường Thái Bình", "", directory.TypeCommune},
	{"X-VANGIANG", "UBND xã Văn Giang", "", directory.TypeCommune},
	{"CA", "Công an tỉnh", "", directory.TypePolice},
	{"VNPT", "VNPT Hưng Yên (mạng truyền số liệu chuyên dùng)", "", directory.TypeProvider},
	{"VNCERT", "Trung tâm Ứng cứu khẩn cấp không gian mạng Việt Nam (VNCERT/CC)", "", directory.TypeOther},
}

type person struct {
	login, name, title, org string
	roles                   []principal.Role
	// on is the organisation the roles are granted on ("" = the person's own).
	on string
	// officer marks the agency's designated security officer.
	officer bool
}

// people are a few per agency with every role. Some agencies deliberately
// have no designated officer, so the dashboard has something to flag.
var people = []person{
	{"admin.demo", "Nguyễn Quản Trị", "Quản trị hệ thống", "TTCNTT", []principal.Role{principal.Admin}, "ROOT", false},
	{"lanhdao", "Trần Văn Lãnh", "Phó Chủ tịch UBND tỉnh", "VP-UBND", []principal.Role{principal.Leader}, "ROOT", false},
	{"quanly.skhcn", "Lê Thị Quản", "Trưởng phòng Công nghệ thông tin", "SKHCN", []principal.Role{principal.Authority}, "ROOT", false},
	{"chuyentrach.skhcn", "Phạm Minh Chuyên", "Chuyên viên ATTT", "SKHCN", []principal.Role{principal.Officer}, "", true},
	{"giamdoc.skhcn", "Hoàng Văn Đốc", "Giám đốc Sở", "SKHCN", []principal.Role{principal.Head}, "", false},
	{"ttdl", "Vũ Thị Dữ", "Phó Giám đốc Trung tâm", "TTCNTT", []principal.Role{principal.Datacenter, principal.Officer}, "", true},
	{"chuyentrach.vp", "Đỗ Văn Phòng", "Chuyên viên CNTT", "VP-UBND", []principal.Role{principal.Officer}, "", true},
	{"canbo.vp", "Bùi Thị Văn", "Chuyên viên", "VP-UBND", nil, "", false},
	{"chuyentrach.syt", "Ngô Văn Tế", "Chuyên viên CNTT", "SYT", []principal.Role{principal.Officer}, "", true},
	{"giamdoc.syt", "Đặng Thị Y", "Giám đốc Sở", "SYT", []principal.Role{principal.Head}, "", false},
	{"canbo.bvdk", "Dương Văn Viện", "Kỹ thuật viên", "BVDK", nil, "", false},
	{"chuyentrach.phohien", "Lý Thị Hiến", "Công chức Văn phòng - Thống kê", "P-PHOHIEN", []principal.Role{principal.Officer}, "", true},
	{"canbo.phohien", "Hồ Văn Phố", "Công chức", "P-PHOHIEN", nil, "", false},
	{"chutich.sonnam", "Trịnh Văn Nam", "Chủ tịch UBND phường", "P-SONNAM", []principal.Role{principal.Head}, "", false},
	{"canbo.snv", "Mai Thị Nội", "Chuyên viên", "SNV", nil, "", false},
	{"pa05", "Cao Văn An", "Cán bộ Phòng An ninh mạng (PA05)", "CA", []principal.Role{principal.Police, principal.Officer}, "", true},
	{"vnpt", "Tạ Thị Mạng", "Kỹ sư vận hành mạng", "VNPT", []principal.Role{principal.Provider}, "", false},
	{"vncert", "Nguyễn Văn Ứng", "Chuyên viên điều phối ứng cứu sự cố", "VNCERT", []principal.Role{principal.Provider}, "", false},
}

// Load creates the demo province when the database holds only the root,
// and prints every demo account's one-time link. It does nothing on a
// database already in use.
func Load(ctx context.Context, m *app.Main) error {
	sys := m.System(ctx, "demo")
	existing, err := m.Dir.ListOrgs(sys, directory.OrgFilter{IncludeRetired: true})
	if err != nil {
		return err
	}
	if len(existing) > 1 {
		fmt.Fprintln(m.Out, "Dữ liệu mẫu: cơ sở dữ liệu đã có dữ liệu, bỏ qua. / Demo: the database is in use, skipped.")
		return nil
	}
	root := existing[0]
	ids := map[string]string{"ROOT": root.ID, "": root.ID}
	for _, o := range orgs {
		created, err := m.Dir.CreateOrg(sys, directory.OrgInput{Code: o.code, Name: o.name, Type: o.typ, ParentID: ids[o.parent]})
		if err != nil {
			return fmt.Errorf("demo: %s: %w", o.code, err)
		}
		ids[o.code] = created.ID
	}
	personIDs := map[string]string{}
	w := tabwriter.NewWriter(m.Out, 0, 2, 2, ' ', 0)
	fmt.Fprintln(w, "\nTài khoản mẫu (mỗi đường dẫn dùng một lần để đặt mật khẩu) / Demo accounts (one-time links to set a password):")
	for _, p := range people {
		created, err := m.Dir.CreatePerson(sys, directory.PersonInput{Login: p.login, FullName: p.name, Title: p.title, OrgID: ids[p.org]})
		if err != nil {
			return fmt.Errorf("demo: %s: %w", p.login, err)
		}
		personIDs[p.login] = created.ID
		on := ids[p.on]
		if p.on == "" {
			on = ids[p.org]
		}
		for _, r := range p.roles {
			if err := m.Dir.Grant(sys, created.ID, on, r); err != nil {
				return fmt.Errorf("demo: %s: %w", p.login, err)
			}
		}
		if p.officer {
			if err := m.Dir.DesignateOfficer(sys, ids[p.org], created.ID); err != nil {
				return fmt.Errorf("demo: %s: %w", p.login, err)
			}
		}
		token, _, err := m.Auth.IssueLink(sys, created.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s\t%s\t%s\t%s/link/%s\n", p.login, roleList(p.roles), p.org, m.Cfg.URL(), token)
	}
	if err := loadIncidents(ctx, m, personIDs, ids); err != nil {
		return err
	}
	if err := loadAssets(ctx, m, personIDs, ids); err != nil {
		return err
	}
	return w.Flush()
}

func roleList(rs []principal.Role) string {
	s := "staff"
	for _, r := range rs {
		s += "," + string(r)
	}
	return s
}
