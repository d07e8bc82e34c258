package directory

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory/importfile"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

// ImportResult says what an import did, with the file's report (its
// warnings are worth showing even on success).
type ImportResult struct {
	Created int                `json:"created"`
	Report  *importfile.Report `json:"-"`
}

// errRollback aborts an import transaction after its report filled up.
var errRollback = errors.New("directory: import has problems")

// ImportOrgs creates the organisations listed in a CSV or XLSX file. The file
// is checked whole — format, rows, parents, codes already in use, the
// principal's right on every parent — and either every row is created or
// none is, with a report naming each bad row.
func (s *Service) ImportOrgs(ctx context.Context, name string, r io.Reader) (*ImportResult, error) {
	data, err := readUpload(r)
	if err != nil {
		return nil, err
	}
	rows, rep, err := importfile.ParseOrgs(bytes.NewReader(data), formatOf(name, data))
	if err != nil {
		return nil, err
	}
	res := &ImportResult{Report: rep}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		ids := map[string]string{}
		bad := rep.ProblemLines()
		for _, row := range rows {
			if bad[row.Line] {
				continue
			}
			parentID, ok := ids[row.ParentCode]
			if !ok && row.ParentCode != "" {
				if err := tx.QueryRowContext(ctx, `SELECT id FROM organisations WHERE code = $1`, row.ParentCode).Scan(&parentID); err != nil {
					rep.Add(row.Line, rep.Col(importfile.FieldParent), locale.Tf("Không có đơn vị cấp trên mã “%s”.", "No parent organisation with code “%s”.", row.ParentCode))
					continue
				}
			}
			if row.ParentCode == "" {
				root, err := s.Root(ctx)
				if err != nil {
					return err
				}
				parentID = root.ID
			}
			var org *Org
			err := db.Savepoint(ctx, tx, func() error {
				var err error
				org, err = s.createOrg(ctx, tx, OrgInput{Code: row.Code, Name: row.Name, Type: OrgType(row.Type), ParentID: parentID,
					Email: row.Email, Phone: row.Phone, Address: row.Address})
				return err
			})
			if err != nil {
				if e := errs.As(err); e.Code == errs.Internal {
					return err
				}
				rep.Add(row.Line, rep.Col(importfile.FieldCode), errs.As(err).Msg)
				continue
			}
			ids[row.Code] = org.ID
			res.Created++
		}
		return s.finishImport(ctx, tx, rep, "org.import", res.Created)
	})
	return finish(res, rep, err)
}

// ImportPeople creates the people listed in a file as pending accounts (each
// activates through a one-time link), with their roles on their own agency
// and the designated security officers marked. All or nothing, as ImportOrgs.
func (s *Service) ImportPeople(ctx context.Context, name string, r io.Reader) (*ImportResult, error) {
	data, err := readUpload(r)
	if err != nil {
		return nil, err
	}
	rows, rep, err := importfile.ParsePeople(bytes.NewReader(data), formatOf(name, data))
	if err != nil {
		return nil, err
	}
	res := &ImportResult{Report: rep}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		bad := rep.ProblemLines()
		for _, row := range rows {
			if bad[row.Line] {
				continue
			}
			var orgID string
			if err := tx.QueryRowContext(ctx, `SELECT id FROM organisations WHERE code = $1`, row.OrgCode).Scan(&orgID); err != nil {
				rep.Add(row.Line, rep.Col(importfile.FieldOrg), locale.Tf("Không có đơn vị mã “%s”.", "No organisation with code “%s”.", row.OrgCode))
				continue
			}
			var roles []principal.Role
			for _, r := range row.Roles {
				// Staff comes with every account; a designated officer gets the
				// officer role from designateTx.
				role := principal.Role(r)
				if role == principal.Staff || (role == principal.Officer && row.Officer) {
					continue
				}
				roles = append(roles, role)
			}
			err := db.Savepoint(ctx, tx, func() error {
				p, err := s.CreatePersonTx(ctx, tx, PersonInput{Login: row.Login, FullName: row.FullName, Email: row.Email, Phone: row.Phone,
					Title: row.Title, OrgID: orgID, Roles: roles})
				if err == nil && row.Officer {
					err = s.designateTx(ctx, tx, orgID, p.ID)
				}
				return err
			})
			if err != nil {
				if e := errs.As(err); e.Code == errs.Internal {
					return err
				}
				rep.Add(row.Line, rep.Col(importfile.FieldLogin), errs.As(err).Msg)
				continue
			}
			res.Created++
		}
		return s.finishImport(ctx, tx, rep, "person.import", res.Created)
	})
	return finish(res, rep, err)
}

func (s *Service) finishImport(ctx context.Context, tx *sql.Tx, rep *importfile.Report, action string, n int) error {
	if !rep.OK() {
		return errRollback
	}
	return s.trail.Append(ctx, tx, audit.Event{Action: action, After: map[string]int{"created": n, "rows": rep.Rows}})
}

func finish(res *ImportResult, rep *importfile.Report, err error) (*ImportResult, error) {
	if errors.Is(err, errRollback) {
		rep.Sort()
		res.Created = 0
		return res, rep.Err()
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

func readUpload(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, importfile.MaxBytes+1))
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, locale.T("Không đọc được tệp tải lên.", "The uploaded file could not be read."), err)
	}
	if len(data) > importfile.MaxBytes {
		return nil, errs.New(errs.TooLarge, locale.T("Tệp quá lớn (tối đa 10 MiB).", "The file is too large (at most 10 MiB)."))
	}
	return data, nil
}

func formatOf(name string, data []byte) importfile.Format {
	f, err := importfile.DetectFormat(name, data[:min(len(data), 512)])
	if err != nil {
		return importfile.FormatAuto
	}
	return f
}
