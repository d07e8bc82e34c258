package export

import (
	"context"
	"net/http"
	"time"

	"attt/internal/audit"
	"attt/internal/directory"
	"attt/internal/locale"
)

// File is a finished export waiting to be sent: its rows are in the spool,
// and the service has recorded it in the audit trail.
type File struct {
	Writer
	Format Format
	// Name is the download name, e.g. "cán-bộ-24-11-2026.xlsx".
	Name string
}

// Send writes the download headers and the file to w, then releases the
// spool. Once headers are out an error can only be logged.
func (x *File) Send(w http.ResponseWriter) error {
	defer x.Close()
	SetHeaders(w.Header(), x.Format, x.Name)
	_, err := x.WriteTo(w)
	return err
}

// NewFile starts an export of table t in format f, headed in the
// language of ctx, for services that export their own records.
func NewFile(ctx context.Context, t Table, f Format) (*File, error) { return newFile(ctx, t, f) }

func newFile(ctx context.Context, t Table, f Format) (*File, error) {
	lang := locale.FromContext(ctx)
	w, err := New(f, t, lang)
	if err != nil {
		return nil, err
	}
	return &File{Writer: w, Format: f, Name: FileName(t, f, time.Now(), lang)}, nil
}

// PeopleTable is the table of a people export. Its first six headers are
// those of the people import template.
var PeopleTable = Table{Name: locale.T("Cán bộ", "People"), Columns: []Column{
	{Title: locale.T("Tên đăng nhập", "Login"), Width: 18},
	{Title: locale.T("Họ và tên", "Full name"), Width: 26},
	{Title: locale.T("Mã đơn vị", "Organisation code"), Width: 14},
	{Title: locale.T("Chức vụ", "Title"), Width: 22},
	{Title: locale.T("Email", "Email"), Width: 28},
	{Title: locale.T("Số điện thoại", "Phone"), Width: 16},
	{Title: locale.T("Tên đơn vị", "Organisation"), Width: 34},
	{Title: locale.T("Trạng thái", "Status"), Width: 18},
	{Title: locale.T("Ngày tạo", "Created"), Kind: Date},
	{Title: locale.T("Cập nhật lần cuối", "Last updated"), Kind: DateTime},
}}

// People exports the people ListPeople shows for f; the directory checks
// the principal's scope and records the export.
func People(ctx context.Context, dir *directory.Service, f directory.PersonFilter, format Format) (*File, error) {
	// Lookups first: once the export is recorded, only writing may fail.
	orgs, err := orgIndex(ctx, dir)
	if err != nil {
		return nil, err
	}
	people, err := dir.ExportPeople(ctx, f, string(format))
	if err != nil {
		return nil, err
	}
	file, err := newFile(ctx, PeopleTable, format)
	if err != nil {
		return nil, err
	}
	lang := locale.FromContext(ctx)
	for i := range people {
		p := &people[i]
		if err := file.Row(p.Login, p.FullName, orgs[p.OrgID].Code, p.Title, p.Email, p.Phone, p.OrgName,
			p.Status.Label().In(lang), p.CreatedAt, p.UpdatedAt); err != nil {
			file.Close()
			return nil, err
		}
	}
	return file, nil
}

// OrgsTable is the table of an organisation export. Its first seven
// headers are those of the organisation import template.
var OrgsTable = Table{Name: locale.T("Đơn vị", "Organisations"), Columns: []Column{
	{Title: locale.T("Mã đơn vị", "Code"), Width: 16},
	{Title: locale.T("Tên đơn vị", "Name"), Width: 40},
	{Title: locale.T("Loại", "Type"), Width: 22},
	{Title: locale.T("Mã đơn vị cấp trên", "Parent code"), Width: 16},
	{Title: locale.T("Email", "Email"), Width: 28},
	{Title: locale.T("Số điện thoại", "Phone"), Width: 16},
	{Title: locale.T("Địa chỉ", "Address"), Width: 36},
	{Title: locale.T("Cán bộ chuyên trách", "Security officer"), Width: 18},
	{Title: locale.T("Trạng thái", "Status"), Width: 18},
	{Title: locale.T("Ngày tạo", "Created"), Kind: Date},
}}

// Orgs exports the organisations ListOrgs shows for f, in tree order; the
// directory checks scope and records the export.
func Orgs(ctx context.Context, dir *directory.Service, f directory.OrgFilter, format Format) (*File, error) {
	orgs, err := orgIndex(ctx, dir)
	if err != nil {
		return nil, err
	}
	flagged, err := dir.OrgsWithoutOfficer(ctx)
	if err != nil {
		return nil, err
	}
	list, err := dir.ExportOrgs(ctx, f, string(format))
	if err != nil {
		return nil, err
	}
	noOfficer := map[string]bool{}
	for _, o := range flagged {
		noOfficer[o.ID] = true
	}
	file, err := newFile(ctx, OrgsTable, format)
	if err != nil {
		return nil, err
	}
	lang := locale.FromContext(ctx)
	for i := range list {
		o := &list[i]
		officer, status := locale.T("Đã chỉ định", "Designated"), locale.T("Đang hoạt động", "Active")
		if noOfficer[o.ID] {
			officer = locale.T("Chưa có", "None")
		}
		if !o.Active {
			officer, status = locale.T("—", "—"), locale.T("Ngừng hoạt động", "Deactivated")
		}
		if err := file.Row(o.Code, o.Name, o.Type.Label().In(lang), orgs[o.ParentID].Code, o.Email, o.Phone, o.Address,
			officer.In(lang), status.In(lang), o.CreatedAt); err != nil {
			file.Close()
			return nil, err
		}
	}
	return file, nil
}

// AuditTable is the table of an audit trail export: every field of each
// record, so the file can be checked against the chain (the hash column).
var AuditTable = Table{Name: locale.T("Nhật ký hệ thống", "Audit trail"), Columns: []Column{
	{Title: locale.T("Số thứ tự", "Sequence"), Kind: Number},
	{Title: locale.T("Thời gian", "Time"), Kind: DateTime},
	{Title: locale.T("Người thực hiện", "Actor"), Width: 18},
	{Title: locale.T("Hành động", "Action"), Width: 22},
	{Title: locale.T("Loại đối tượng", "Target type"), Width: 14},
	{Title: locale.T("Đối tượng", "Target"), Width: 28},
	{Title: locale.T("Đơn vị", "Organisation"), Width: 30},
	{Title: locale.T("Địa chỉ IP", "Address"), Width: 16},
	{Title: locale.T("Trình duyệt, ứng dụng", "User agent"), Width: 30},
	{Title: locale.T("Ghi chú", "Note"), Width: 28},
	{Title: locale.T("Trước khi thay đổi", "Before"), Width: 40},
	{Title: locale.T("Sau khi thay đổi", "After"), Width: 40},
	{Title: locale.T("Mã băm", "Hash"), Width: 20},
}}

// Audit exports the records of the trail matching f that the principal may
// see, newest first, at most audit.MaxExportRows; the trail records the
// export. Rows stream from the trail to the spool a page at a time.
func Audit(ctx context.Context, trail *audit.Trail, dir *directory.Service, f audit.Filter, format Format) (*File, error) {
	orgs, err := orgIndex(ctx, dir)
	if err != nil {
		return nil, err
	}
	file, err := newFile(ctx, AuditTable, format)
	if err != nil {
		return nil, err
	}
	_, err = trail.Export(ctx, f, string(format), func(r *audit.Record) error {
		org := r.OrgID
		if o, ok := orgs[r.OrgID]; ok {
			org = o.Name
		}
		return file.Row(r.Seq, r.At, r.ActorLogin, r.Action, r.TargetType, r.TargetID, org, r.IP, r.UserAgent, r.Note,
			r.Before, r.After, r.Hash)
	})
	if err != nil {
		file.Close()
		return nil, err
	}
	return file, nil
}

// orgIndex maps the ids of the organisations the principal may read,
// retired ones included, to their code and name.
func orgIndex(ctx context.Context, dir *directory.Service) (map[string]directory.Org, error) {
	list, err := dir.ListOrgs(ctx, directory.OrgFilter{IncludeRetired: true})
	if err != nil {
		return nil, err
	}
	m := make(map[string]directory.Org, len(list))
	for _, o := range list {
		m[o.ID] = o
	}
	return m, nil
}
