package asset

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"strconv"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/directory/importfile"
	"attt/internal/errs"
	"attt/internal/locale"
)

// Import adds the assets listed in a CSV or XLSX inventory file. Like the
// directory's imports it is all or nothing: every row is checked — the
// organisation exists and is in the principal's reach, the kind, level and
// addresses are valid, the name is not taken — and a file with any problem
// adds nothing and names each bad row.
func (s *Service) Import(ctx context.Context, name string, r io.Reader) (*directory.ImportResult, error) {
	data, format, err := importfile.ReadUpload(name, r)
	if err != nil {
		return nil, err
	}
	rows, rep, err := importfile.ParseAssets(bytes.NewReader(data), format)
	if err != nil {
		return nil, err
	}
	lines := make([]int, len(rows))
	for i, row := range rows {
		lines[i] = row.Line
	}
	return directory.ImportEach(ctx, s.db, rep, lines,
		func(tx *sql.Tx, i int) (bool, error) { return s.importRow(ctx, tx, rows[i], rep) },
		func(tx *sql.Tx, created int) error {
			return s.trail.Append(ctx, tx, audit.Event{Action: "asset.import", After: map[string]int{"created": created, "rows": rep.Rows}})
		})
}

// importRow checks and adds one row, recording its problems in rep; err is
// only for a failure of attt itself.
func (s *Service) importRow(ctx context.Context, tx *sql.Tx, row importfile.AssetRow, rep *importfile.Report) (bool, error) {
	in, problems := s.rowInput(ctx, row)
	for f, msg := range problems {
		rep.Add(row.Line, rep.Col(f), msg)
	}
	if len(problems) > 0 {
		return false, nil
	}
	if err := check(&in); err != nil {
		for _, d := range errs.As(err).Details {
			rep.Add(row.Line, "", d)
		}
		return false, nil
	}
	err := db.Savepoint(ctx, tx, func() error { _, err := s.createTx(ctx, tx, in); return err })
	if err != nil {
		if errs.CodeOf(err) == errs.Internal {
			return false, err
		}
		rep.Add(row.Line, rep.Col(importfile.FieldName), errs.As(err).Msg)
		return false, nil
	}
	return true, nil
}

// rowInput reads a row's vocabulary into an Input.
func (s *Service) rowInput(ctx context.Context, row importfile.AssetRow) (Input, map[importfile.Field]locale.Text) {
	problems := map[importfile.Field]locale.Text{}
	in := Input{Name: row.Name, Owner: row.Owner, Location: row.Location, Addresses: splitList(row.IPs),
		Hostnames: splitList(row.Hostnames), LevelDecision: row.Decision, LevelApprovedBy: row.ApprovedBy, SecretMachine: row.Secret, Notes: row.Notes}
	if row.ApprovedAt != "" {
		t, err := time.ParseInLocation("02/01/2006", row.ApprovedAt, locale.Zone)
		if err != nil {
			problems[importfile.FieldApprovedAt] = locale.T("Ngày viết dạng dd/mm/yyyy, ví dụ 05/03/2025.", "Write the date as dd/mm/yyyy, e.g. 05/03/2025.")
		}
		in.LevelApprovedAt = t
	}
	org, err := s.dir.GetOrgByCode(ctx, row.OrgCode)
	if err != nil {
		problems[importfile.FieldOrg] = locale.T("Không có đơn vị với mã này trong phạm vi của bạn.", "No organisation with this code within your reach.")
	} else {
		in.OrgID = org.ID
	}
	var ok bool
	if in.Kind, ok = ParseKind(row.Kind); !ok {
		problems[importfile.FieldKind] = locale.T("Loại tài sản là: máy chủ, máy trạm, máy tính xách tay, thiết bị lưu trữ, thiết bị mạng, thiết bị bảo mật, hệ thống thông tin, trang thông tin điện tử.",
			"The kind is one of: server, workstation, laptop, storage, network, security, system, website.")
	}
	if in.Criticality, ok = ParseCriticality(row.Criticality); !ok {
		problems[importfile.FieldCritical] = locale.T("Mức quan trọng là: thấp, trung bình, cao, rất quan trọng.", "Criticality is one of: low, medium, high, critical.")
	}
	if in.SecurityLevel, ok = ParseLevel(row.Level); !ok {
		problems[importfile.FieldLevel] = locale.T("Cấp độ là một số từ 1 đến 5.", "The level is a number from 1 to 5.")
	}
	if row.BackupHours != "" {
		n, err := strconv.Atoi(row.BackupHours)
		if err != nil || n < 0 {
			problems[importfile.FieldBackupHours] = locale.T("Tần suất sao lưu là số giờ (ví dụ 24).", "The backup frequency is a number of hours (e.g. 24).")
		}
		in.BackupEveryHours = n
	}
	return in, problems
}
