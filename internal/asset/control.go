package asset

import (
	"slices"
	"time"

	"attt/internal/locale"
)

// ControlKind names a technical control kept per asset.
type ControlKind string

// The controls of S4.
const (
	// CtlPassword: the default password has been changed (Đ7.1).
	CtlPassword ControlKind = "default_password"
	// CtlAntivirus: antivirus installed, running, signatures current (Đ7.2).
	CtlAntivirus ControlKind = "antivirus"
	// CtlBackup: backup configured, last successful backup and last tested
	// restore, against the asset's required frequency (Đ7.3, Đ8.1.c).
	CtlBackup ControlKind = "backup"
	// CtlSoftware: only approved software installed (Đ6.2.f, Đ6.3.c).
	CtlSoftware ControlKind = "software"
	// CtlOffline: the designated off-network computer for secret documents
	// exists and has reported no network connection (Đ6.1.c).
	CtlOffline ControlKind = "offline"
)

// ControlKinds lists every control in display order.
func ControlKinds() []ControlKind {
	return []ControlKind{CtlPassword, CtlAntivirus, CtlBackup, CtlSoftware, CtlOffline}
}

// Valid reports whether c is a known control.
func (c ControlKind) Valid() bool { return slices.Contains(ControlKinds(), c) }

// Label names c for people, with its article.
func (c ControlKind) Label() locale.Text {
	switch c {
	case CtlPassword:
		return locale.T("Đã đổi mật khẩu mặc định (Đ7.1)", "Default password changed (Đ7.1)")
	case CtlAntivirus:
		return locale.T("Phòng chống mã độc (Đ7.2)", "Antivirus (Đ7.2)")
	case CtlBackup:
		return locale.T("Sao lưu dự phòng (Đ7.3)", "Backup (Đ7.3)")
	case CtlSoftware:
		return locale.T("Chỉ cài phần mềm được phép (Đ6.2.f)", "Approved software only (Đ6.2.f)")
	case CtlOffline:
		return locale.T("Máy soạn thảo tài liệu mật không nối mạng (Đ6.1.c)", "Off-network computer for secret documents (Đ6.1.c)")
	}
	return locale.T(string(c), string(c))
}

// Source says who established a control's state.
type Source string

// The sources of a control state.
const (
	SourceDeclared Source = "declared" // a person declared it
	SourceAgent    Source = "agent"    // the endpoint agent reported it
	SourceChecked  Source = "checked"  // attt checked it itself
)

// Label names s for people.
func (s Source) Label() locale.Text {
	switch s {
	case SourceDeclared:
		return locale.T("Cán bộ khai báo", "Declared")
	case SourceAgent:
		return locale.T("Tác tử báo cáo", "Reported by agent")
	case SourceChecked:
		return locale.T("attt kiểm tra", "Checked by attt")
	}
	return locale.T(string(s), string(s))
}

// Control is the state of one control of an asset as last observed. Which
// fields matter depends on Kind: Done means password changed, antivirus
// installed, backup configured, only approved software, or designated
// machine present; Running is the antivirus service running; Networked is
// the off-network machine having had a network route.
type Control struct {
	AssetID       string      `json:"asset_id"`
	Kind          ControlKind `json:"control"`
	Done          bool        `json:"done"`
	Running       bool        `json:"running,omitempty"`
	Networked     bool        `json:"networked,omitempty"`
	Product       string      `json:"product,omitempty"`
	SignaturesAt  time.Time   `json:"signatures_at,omitzero"`
	LastBackupAt  time.Time   `json:"last_backup_at,omitzero"`
	LastRestoreAt time.Time   `json:"last_restore_at,omitzero"`
	Source        Source      `json:"source"`
	ObservedAt    time.Time   `json:"observed_at"`
	Evidence      string      `json:"evidence,omitempty"`
	RecordedBy    string      `json:"recorded_by,omitempty"`
	// Status and Reason are computed when read, from the rules in force.
	Status Status      `json:"status"`
	Reason locale.Text `json:"reason"`
}

// ControlInput is a person's declaration of a control's state.
type ControlInput struct {
	Kind          ControlKind `json:"control"`
	Done          bool        `json:"done"`
	Running       bool        `json:"running"`
	Networked     bool        `json:"networked"`
	Product       string      `json:"product"`
	SignaturesAt  time.Time   `json:"signatures_at,omitzero"`
	LastBackupAt  time.Time   `json:"last_backup_at,omitzero"`
	LastRestoreAt time.Time   `json:"last_restore_at,omitzero"`
	ObservedAt    time.Time   `json:"observed_at,omitzero"`
	Evidence      string      `json:"evidence"`
}

// Status grades a control.
type Status string

// The grades of a control.
const (
	StatusOK      Status = "ok"
	StatusWarning Status = "warning" // in place but stale or incomplete
	StatusFailing Status = "failing"
	StatusUnknown Status = "unknown" // never observed
)

// Label names s for people.
func (s Status) Label() locale.Text {
	switch s {
	case StatusOK:
		return locale.T("Đạt", "OK")
	case StatusWarning:
		return locale.T("Cần xem lại", "Needs attention")
	case StatusFailing:
		return locale.T("Không đạt", "Failing")
	}
	return locale.T("Chưa có thông tin", "Unknown")
}

// Rules are the thresholds controls are graded against.
type Rules struct {
	// MaxSignatureAge is how old antivirus signatures may be (Đ7.2).
	MaxSignatureAge time.Duration
	// RestoreTestEvery is how often a restore must be tested (Đ7.3).
	RestoreTestEvery time.Duration
	// DefaultBackupEvery applies to servers and information systems
	// without their own frequency.
	DefaultBackupEvery time.Duration
	// StaleAfter flags an agent that has not reported for this long.
	StaleAfter time.Duration
}

// DefaultRules are the shipped thresholds.
func DefaultRules() Rules {
	return Rules{MaxSignatureAge: 7 * 24 * time.Hour, RestoreTestEvery: 180 * 24 * time.Hour,
		DefaultBackupEvery: 7 * 24 * time.Hour, StaleAfter: 3 * 24 * time.Hour}
}

// backupEvery is the backup frequency a required of a: its own, else the
// default for servers and information systems, else none.
func (r Rules) backupEvery(a *Asset) time.Duration {
	if a.BackupEveryHours > 0 {
		return time.Duration(a.BackupEveryHours) * time.Hour
	}
	if a.Kind == KindServer || a.Kind == KindSystem || a.Kind == KindStorage {
		return r.DefaultBackupEvery
	}
	return 0
}

// Grade computes c's status and reason for asset a at now.
func (r Rules) Grade(a *Asset, c *Control, now time.Time) {
	c.Status, c.Reason = r.grade(a, c, now)
}

func (r Rules) grade(a *Asset, c *Control, now time.Time) (Status, locale.Text) {
	switch c.Kind {
	case CtlPassword:
		if c.Done {
			return StatusOK, locale.T("Đã đổi mật khẩu mặc định.", "The default password was changed.")
		}
		return StatusFailing, locale.T("Vẫn dùng mật khẩu mặc định.", "The default password is still in use.")
	case CtlAntivirus:
		return r.gradeAntivirus(c, now)
	case CtlBackup:
		return r.gradeBackup(a, c, now)
	case CtlSoftware:
		if c.Done {
			return StatusOK, locale.T("Chỉ có phần mềm được phép.", "Only approved software.")
		}
		return StatusFailing, locale.T("Có phần mềm chưa được phép.", "Unapproved software is installed.")
	case CtlOffline:
		switch {
		case !c.Done:
			return StatusFailing, locale.T("Chưa bố trí máy soạn thảo tài liệu mật riêng.", "No designated computer for secret documents.")
		case c.Networked:
			return StatusFailing, locale.T("Máy soạn thảo tài liệu mật đã có kết nối mạng.", "The secret-document computer had a network connection.")
		}
		return StatusOK, locale.T("Máy không nối mạng.", "The computer is off the network.")
	}
	return StatusUnknown, locale.T("Chưa có thông tin.", "No information.")
}

func (r Rules) gradeAntivirus(c *Control, now time.Time) (Status, locale.Text) {
	switch {
	case !c.Done:
		return StatusFailing, locale.T("Chưa cài phần mềm phòng chống mã độc.", "No antivirus installed.")
	case !c.Running:
		return StatusFailing, locale.T("Phần mềm phòng chống mã độc không chạy.", "The antivirus is not running.")
	case c.SignaturesAt.IsZero():
		return StatusWarning, locale.T("Không rõ ngày cập nhật mẫu nhận diện.", "The signature date is unknown.")
	case now.Sub(c.SignaturesAt) > r.MaxSignatureAge:
		return StatusWarning, locale.Tf("Mẫu nhận diện cập nhật ngày %s, quá %d ngày.", "Signatures dated %s, older than %d days.",
			locale.Date(c.SignaturesAt), int(r.MaxSignatureAge.Hours()/24))
	}
	return StatusOK, locale.Tf("Đang chạy, mẫu nhận diện ngày %s.", "Running, signatures of %s.", locale.Date(c.SignaturesAt))
}

func (r Rules) gradeBackup(a *Asset, c *Control, now time.Time) (Status, locale.Text) {
	every := r.backupEvery(a)
	switch {
	case !c.Done:
		return StatusFailing, locale.T("Chưa cấu hình sao lưu.", "Backup is not configured.")
	case c.LastBackupAt.IsZero():
		return StatusFailing, locale.T("Chưa có bản sao lưu thành công.", "No successful backup yet.")
	case every > 0 && now.Sub(c.LastBackupAt) > every:
		return StatusFailing, locale.Tf("Quá hạn sao lưu: lần cuối ngày %s.", "Backup overdue: last on %s.", locale.Date(c.LastBackupAt))
	case c.LastRestoreAt.IsZero():
		return StatusWarning, locale.T("Chưa thử khôi phục từ bản sao lưu.", "No restore has been tested.")
	case now.Sub(c.LastRestoreAt) > r.RestoreTestEvery:
		return StatusWarning, locale.Tf("Lần thử khôi phục cuối ngày %s, đã quá lâu.", "Last restore test on %s is too long ago.", locale.Date(c.LastRestoreAt))
	}
	return StatusOK, locale.Tf("Sao lưu gần nhất ngày %s.", "Last backup on %s.", locale.Date(c.LastBackupAt))
}
