package incident

import (
	"context"
	"database/sql"
	"io"

	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/intake"
	"attt/internal/locale"
)

// MaxFilesPerUpload bounds how many files one report or upload carries.
const MaxFilesPerUpload = 10

type acceptedFile = intake.File

// acceptFiles passes every upload through the intake gate (size, type,
// malware, state-secret markings) and stores it encrypted. On a refusal
// the files already stored are removed again.
func (s *Service) acceptFiles(ctx context.Context, files []Upload) ([]acceptedFile, error) {
	if len(files) > MaxFilesPerUpload {
		return nil, errs.New(errs.Invalid, locale.Tf("Tối đa %d tệp mỗi lần.", "At most %d files at a time.", MaxFilesPerUpload))
	}
	if len(files) > 0 && s.gate == nil {
		return nil, errs.New(errs.Unavailable, locale.T("Chưa cấu hình nơi lưu tệp.", "File storage is not configured."))
	}
	var out []acceptedFile
	for _, u := range files {
		f, err := s.gate.Accept(ctx, u.Name, u.R)
		if err != nil {
			s.dropBlobs(out)
			return nil, err
		}
		out = append(out, *f)
	}
	return out, nil
}

func (s *Service) dropBlobs(files []acceptedFile) {
	for _, f := range files {
		if s.files != nil {
			_ = s.files.Delete(f.ID)
		}
	}
}

func (s *Service) attachTx(ctx context.Context, tx *sql.Tx, inc *Incident, f acceptedFile, shared bool) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO incident_files (id, incident_id, name, type, size, sha256, shared, uploaded_by, org_id, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
		f.ID, inc.ID, f.Name, string(f.Type), f.Size, f.SHA256, shared, personOf(ctx), orgOf(ctx), db.Millis(s.now()))
	if err != nil {
		return err
	}
	return s.record(ctx, tx, inc, "file", f.Name, shared, map[string]any{"file": f.ID, "name": f.Name, "sha256": f.SHA256, "size": f.Size})
}

// AddFiles attaches evidence. Participants who may contribute add files;
// files added by guests and reporters are shared with the incident's
// participants, others start internal.
func (s *Service) AddFiles(ctx context.Context, id string, files []Upload) (*Incident, error) {
	if len(files) == 0 {
		return nil, errs.New(errs.Invalid, locale.T("Hãy chọn ít nhất một tệp.", "Choose at least one file."))
	}
	if _, _, err := s.act(ctx, s.db.R, id, needContribute); err != nil {
		return nil, err
	}
	accepted, err := s.acceptFiles(ctx, files)
	if err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		inc, v, err := s.act(ctx, tx, id, needContribute)
		if err != nil {
			return err
		}
		for _, f := range accepted {
			if err := s.attachTx(ctx, tx, inc, f, !v.Full); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.dropBlobs(accepted)
		return nil, err
	}
	return s.Get(ctx, id)
}

// OpenFile returns an evidence file the viewer may see, decrypted and
// verified against its checksum as it streams (a read fails on any
// alteration).
func (s *Service) OpenFile(ctx context.Context, id, fileID string) (*File, io.ReadCloser, error) {
	inc, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range inc.Files {
		if f.ID == fileID {
			if s.files == nil {
				return nil, nil, errs.New(errs.Unavailable, locale.T("Chưa cấu hình nơi lưu tệp.", "File storage is not configured."))
			}
			rc, err := s.files.Open(f.ID, f.SHA256)
			if err != nil {
				return nil, nil, err
			}
			return &f, rc, nil
		}
	}
	return nil, nil, errs.New(errs.NotFound, locale.T("Không tìm thấy tệp.", "File not found."))
}
