package export

import (
	"context"
	"strings"

	"attt/internal/asset"
	"attt/internal/locale"
)

// AssetsTable is the table of an asset inventory export.
var AssetsTable = Table{Name: locale.T("Tài sản", "Assets"), Columns: []Column{
	{Title: locale.T("Đơn vị", "Organisation"), Width: 30},
	{Title: locale.T("Tên tài sản", "Name"), Width: 36},
	{Title: locale.T("Loại tài sản", "Kind"), Width: 24},
	{Title: locale.T("Mức quan trọng", "Criticality"), Width: 16},
	{Title: locale.T("Người quản lý", "Owner"), Width: 24},
	{Title: locale.T("Vị trí", "Location"), Width: 24},
	{Title: locale.T("Địa chỉ IP", "IP addresses"), Width: 24},
	{Title: locale.T("Tên máy", "Host names"), Width: 24},
	{Title: locale.T("Hệ điều hành", "Operating system"), Width: 24},
	{Title: locale.T("Cấp độ HTTT", "Security level"), Kind: Number},
	{Title: locale.T("Quyết định phê duyệt cấp độ", "Level approval"), Width: 36},
	{Title: locale.T("Ngày phê duyệt", "Approved on"), Kind: Date},
	{Title: locale.T("Tần suất sao lưu (giờ)", "Backup every (hours)"), Kind: Number},
	{Title: locale.T("Máy soạn thảo tài liệu mật", "Secret-document computer"), Width: 14},
	{Title: locale.T("Lần cuối tác tử báo cáo", "Last seen by agent"), Kind: DateTime},
}}

// Assets exports the assets List shows for f; the service checks scope and
// records the export.
func Assets(ctx context.Context, svc *asset.Service, f asset.Filter, format Format) (*File, error) {
	list, err := svc.Export(ctx, f, string(format))
	if err != nil {
		return nil, err
	}
	file, err := newFile(ctx, AssetsTable, format)
	if err != nil {
		return nil, err
	}
	lang := locale.FromContext(ctx)
	for i := range list {
		a := &list[i]
		secret := ""
		if a.SecretMachine {
			secret = locale.T("Có", "Yes").In(lang)
		}
		osName := strings.TrimSpace(a.OS + " " + a.OSVersion)
		if err := file.Row(a.OrgName, a.Name, a.Kind.Label().In(lang), a.Criticality.Label().In(lang), a.Owner, a.Location,
			strings.Join(a.Addresses, ", "), strings.Join(a.Hostnames, ", "), osName, a.SecurityLevel, a.LevelDecision,
			a.LevelApprovedAt, a.BackupEveryHours, secret, a.LastSeenAt); err != nil {
			file.Close()
			return nil, err
		}
	}
	return file, nil
}
