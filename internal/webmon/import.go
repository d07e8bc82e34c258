package webmon

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

// ImportMonitors registers the web sites listed in a CSV or XLSX file
// (organisation code, URL, name, interval, crawl depth). Like the
// directory's imports it is all or nothing: every row is checked — the
// organisation exists and is in the principal's reach, the settings are
// valid — and a file with any problem registers nothing and names each bad
// row.
func (s *Service) ImportMonitors(ctx context.Context, name string, r io.Reader) (*directory.ImportResult, error) {
	data, format, err := importfile.ReadUpload(name, r)
	if err != nil {
		return nil, err
	}
	rows, rep, err := importfile.ParseMonitors(bytes.NewReader(data), format)
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
			return s.trail.Append(ctx, tx, audit.Event{Action: "monitor.import", After: map[string]int{"created": created, "rows": rep.Rows}})
		})
}

// importRow checks and registers one row, recording its problems in rep;
// err is only for a failure of attt itself.
func (s *Service) importRow(ctx context.Context, tx *sql.Tx, row importfile.MonitorRow, rep *importfile.Report) (bool, error) {
	org, err := s.dir.GetOrgByCode(ctx, row.OrgCode)
	if err != nil {
		rep.Add(row.Line, rep.Col(importfile.FieldOrg), locale.T("Không có đơn vị với mã này trong phạm vi của bạn.", "No organisation with this code within your reach."))
		return false, nil
	}
	in := MonitorInput{OrgID: org.ID, URL: row.URL, Name: row.Name}
	if row.Interval != "" {
		d, perr := time.ParseDuration(row.Interval)
		if perr != nil {
			rep.Add(row.Line, rep.Col(importfile.FieldInterval), locale.T("Chu kỳ viết như 5m, 30m, 1h.", "Write the interval like 5m, 30m, 1h."))
			return false, nil
		}
		in.Interval = Duration(d)
	}
	if row.Depth != "" {
		depth, perr := strconv.Atoi(row.Depth)
		if perr != nil {
			rep.Add(row.Line, rep.Col(importfile.FieldDepth), locale.T("Độ sâu là một số từ 0 đến 3.", "The depth is a number from 0 to 3."))
			return false, nil
		}
		in.CrawlDepth = &depth
	}
	if err := s.check(&in); err != nil {
		rep.Add(row.Line, rep.Col(importfile.FieldURL), errs.As(err).Msg)
		for _, d := range errs.As(err).Details {
			rep.Add(row.Line, "", d)
		}
		return false, nil
	}
	err = db.Savepoint(ctx, tx, func() error { _, err := s.createMonitorTx(ctx, tx, in); return err })
	if err != nil {
		if errs.CodeOf(err) == errs.Internal {
			return false, err
		}
		rep.Add(row.Line, rep.Col(importfile.FieldOrg), errs.As(err).Msg)
		return false, nil
	}
	return true, nil
}
