package asset

import (
	"context"
	"database/sql"
	"errors"
	"io"

	"attt/internal/asset/agentwire"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
)

// Software is one installed program of an asset.
type Software struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Publisher string `json:"publisher,omitempty"`
	Source    string `json:"source,omitempty"`
}

// SoftwareOf returns the software the agent last reported for an asset.
func (s *Service) SoftwareOf(ctx context.Context, assetID string) ([]Software, error) {
	if _, err := s.Get(ctx, assetID); err != nil {
		return nil, err
	}
	return softwareOf(ctx, s.db.R, assetID)
}

var msgBadOffline = locale.T("Tệp báo cáo ngoại tuyến không hợp lệ, sai chữ ký hoặc đã được tải lên.",
	"The offline report file is not valid, its signature is wrong, or it was already uploaded.")

// UploadOffline applies a signed report file written by the agent on the
// off-network computer for secret documents (Đ6.1.c). The officer who
// uploads it must manage the agency the offline token belongs to; the
// file's signature, its nonce (each file is accepted once) and its body
// are checked as an online report's are, except that the file may be old
// (it travels by hand, so there is no time window); its nonce is kept for
// good. The asset is marked as the designated computer.
func (s *Service) UploadOffline(ctx context.Context, r io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, agentwire.MaxBody+8192))
	if err != nil {
		return "", errs.Wrap(errs.Invalid, msgBadOffline, err)
	}
	f, err := agentwire.DecodeOffline(data)
	if err != nil {
		return "", errs.Wrap(errs.Invalid, msgBadOffline, err)
	}
	var orgID, key string
	var revoked bool
	err = s.db.R.QueryRowContext(ctx, `SELECT org_id, offline_key, revoked FROM agent_enrolments WHERE id = $1 AND offline`, f.KeyID).Scan(&orgID, &key, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.New(errs.Invalid, msgBadOffline)
	}
	if err != nil {
		return "", err
	}
	if err := s.dir.Authorize(ctx, directory.PermAssetManage, orgID); err != nil {
		return "", err
	}
	if revoked || !agentwire.Verify(key, f.Timestamp, f.Nonce, []byte(f.Body), f.Signature) {
		return "", errs.New(errs.Invalid, msgBadOffline)
	}
	rep, err := agentwire.DecodeReport([]byte(f.Body))
	if err != nil {
		return "", errs.Wrap(errs.Invalid, msgBadOffline, err)
	}
	var assetID string
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.useNonce(ctx, tx, "offline:"+f.KeyID, f.Nonce); err != nil {
			return errs.New(errs.Conflict, msgBadOffline)
		}
		if assetID, err = s.hostAsset(ctx, tx, orgID, rep.Hostname, true); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assets SET secret_machine = TRUE, updated_at = $1 WHERE id = $2`, db.Millis(s.now()), assetID); err != nil {
			return err
		}
		return s.apply(ctx, tx, orgID, assetID, "offline:"+f.KeyID, rep)
	})
	return assetID, err
}
