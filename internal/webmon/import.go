package webmon

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
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

var errImportProblems = errors.New("webmon: import has problems")

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
	res := &directory.ImportResult{Report: rep}
	bad := rep.ProblemLines()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, row := range rows {
			if bad[row.Line] {
				continue
			}
			org, err := s.dir.GetOrgByCode(ctx, row.OrgCode)
			if err != nil {
				rep.Add(row.Line, rep.Col(importfile.FieldOrg), locale.T("Không có đơn vị với mã này trong phạm vi của bạn.", "No organisation with this code within your reach."))
				continue
			}
			in := MonitorInput{OrgID: org.ID, URL: row.URL, Name: row.Name}
			if row.Interval != "" {
				d, perr := time.ParseDuration(row.Interval)
				if perr != nil {
					rep.Add(row.Line, rep.Col(importfile.FieldInterval), locale.T("Chu kỳ viết như 5m, 30m, 1h.", "Write the interval like 5m, 30m, 1h."))
					continue
				}
				in.Interval = Duration(d)
			}
			if row.Depth != "" {
				depth, perr := strconv.Atoi(row.Depth)
				if perr != nil {
					rep.Add(row.Line, rep.Col(importfile.FieldDepth), locale.T("Độ sâu là một số từ 0 đến 3.", "The depth is a number from 0 to 3."))
					continue
				}
				in.CrawlDepth = &depth
			}
			if err := s.check(&in); err != nil {
				rep.Add(row.Line, rep.Col(importfile.FieldURL), errs.As(err).Msg)
				for _, d := range errs.As(err).Details {
					rep.Add(row.Line, "", d)
				}
				continue
			}
			err = db.Savepoint(ctx, tx, func() error { _, err := s.createMonitorTx(ctx, tx, in); return err })
			if err != nil {
				if errs.CodeOf(err) == errs.Internal {
					return err
				}
				rep.Add(row.Line, rep.Col(importfile.FieldOrg), errs.As(err).Msg)
				continue
			}
			res.Created++
		}
		if !rep.OK() {
			return errImportProblems
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "monitor.import", After: map[string]int{"created": res.Created, "rows": rep.Rows}})
	})
	if errors.Is(err, errImportProblems) {
		rep.Sort()
		res.Created = 0
		return res, rep.Err()
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}
