package incident

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
	"time"

	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/docreg"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/notify"
	"attt/internal/principal"
)

// How a report arrived.
const (
	ViaWeb     = "web"
	ViaAPI     = "api"
	ViaEmail   = "email"
	ViaMonitor = "monitor"
	ViaLogs    = "logs"
)

// ReportInput is the short form anyone fills in (Đ15.2).
type ReportInput struct {
	// OrgID is the agency it happened at; empty means the reporter's own.
	OrgID           string    `json:"org"`
	Title           string    `json:"title"`
	Description     string    `json:"description"`
	Affected        string    `json:"affected"`
	OccurredAt      time.Time `json:"occurred_at,omitzero"`
	DetectedAt      time.Time `json:"detected_at,omitzero"`
	DetectionMethod string    `json:"detection_method"`
	Contact         string    `json:"contact"`
	// Via, SourceType and SourceID are set by attt, not by the reporter.
	Via        string `json:"-"`
	SourceType string `json:"-"`
	SourceID   string `json:"-"`
}

// Upload is a file attached by a person, judged by the intake gate.
type Upload struct {
	Name string
	R    io.Reader
}

func (s *Service) checkReport(in *ReportInput) error {
	var problems []locale.Text
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	in.Affected, in.Contact = strings.TrimSpace(in.Affected), strings.TrimSpace(in.Contact)
	in.DetectionMethod = strings.TrimSpace(in.DetectionMethod)
	if in.Title == "" {
		problems = append(problems, locale.T("Hãy cho biết ngắn gọn chuyện gì đã xảy ra.", "Say briefly what happened."))
	}
	if len([]rune(in.Title)) > 200 {
		problems = append(problems, locale.T("Tiêu đề tối đa 200 ký tự.", "The title has at most 200 characters."))
	}
	if len([]rune(in.Description)) > 20000 || len([]rune(in.Affected)) > 2000 || len([]rune(in.Contact)) > 500 || len([]rune(in.DetectionMethod)) > 2000 {
		problems = append(problems, locale.T("Nội dung quá dài.", "The text is too long."))
	}
	now := s.now()
	if in.DetectedAt.IsZero() {
		in.DetectedAt = now
	}
	if in.DetectedAt.After(now.Add(5 * time.Minute)) {
		problems = append(problems, locale.T("Thời điểm phát hiện không thể ở tương lai.", "The detection time cannot be in the future."))
	}
	if !in.OccurredAt.IsZero() && in.OccurredAt.After(in.DetectedAt) {
		problems = append(problems, locale.T("Thời điểm xảy ra phải trước thời điểm phát hiện.", "The incident must have occurred before it was detected."))
	}
	if len(problems) > 0 {
		return errs.New(errs.Invalid, locale.T("Báo cáo sự cố chưa hợp lệ.", "The incident report is not valid."), problems...)
	}
	return nil
}

// Report records a suspected incident with its files and tells the
// reporter's superior and the agency's security officer at once (Đ15.2).
// Anyone reports for their own organisation; for another one they need
// incident.manage there. A refused file refuses the whole report, so
// nothing is half-stored and the reporter can send again without it.
func (s *Service) Report(ctx context.Context, in ReportInput, files []Upload) (*Incident, error) {
	p := principal.From(ctx)
	if p == nil {
		return nil, errs.New(errs.Unauthenticated, errs.MsgForbidden)
	}
	if in.OrgID == "" {
		in.OrgID = p.OrgID
	}
	if in.OrgID != p.OrgID || p.System {
		if err := s.dir.Authorize(ctx, directory.PermIncidentManage, in.OrgID); err != nil {
			return nil, err
		}
	}
	if in.Via == "" {
		in.Via = ViaWeb
	}
	if err := s.checkReport(&in); err != nil {
		return nil, err
	}
	accepted, err := s.acceptFiles(ctx, files)
	if err != nil {
		return nil, err
	}
	var id string
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.reportTx(ctx, tx, in, accepted)
		return err
	})
	if err != nil {
		s.dropBlobs(accepted)
		return nil, err
	}
	return s.Get(ctx, id)
}

// Opener opens an incident inside another room's transaction (Service
// implements it); webmon and logs hold one.
type Opener interface {
	OpenTx(ctx context.Context, tx *sql.Tx, in ReportInput) (string, error)
}

var _ Opener = (*Service)(nil)

// OpenTx opens an incident inside another room's transaction, for events
// attt itself detects (a confirmed website defacement, a log alert). The
// caller has already checked that the principal may act on the
// organisation; the report is checked, numbered, recorded and notified as
// any other.
func (s *Service) OpenTx(ctx context.Context, tx *sql.Tx, in ReportInput) (string, error) {
	// A device's clock may run ahead of attt's: detection is never later
	// than now.
	if now := s.now(); in.DetectedAt.After(now) {
		in.DetectedAt = now
	}
	if err := s.checkReport(&in); err != nil {
		return "", err
	}
	return s.reportTx(ctx, tx, in, nil)
}

func (s *Service) reportTx(ctx context.Context, tx *sql.Tx, in ReportInput, files []acceptedFile) (string, error) {
	var code string
	if err := tx.QueryRowContext(ctx, `SELECT code FROM organisations WHERE id = $1 AND active`, in.OrgID).Scan(&code); err != nil {
		return "", errs.New(errs.Invalid, locale.T("Đơn vị không tồn tại hoặc đã ngừng hoạt động.", "The organisation does not exist or is inactive."))
	}
	now := s.now()
	year := in.DetectedAt.In(locale.Zone).Year()
	seq, err := docreg.Next(ctx, tx, in.OrgID, "incident", year)
	if err != nil {
		return "", err
	}
	inc := &Incident{ID: db.NewID(), Ref: fmt.Sprintf("SC-%s-%d-%03d", code, year, seq), OrgID: in.OrgID, Title: in.Title}
	_, err = tx.ExecContext(ctx, `INSERT INTO incidents (id, org_id, ref, title, description, search_text, affected, occurred_at,
		detected_at, detection_method, reported_via, reporter_id, reporter_contact, source_type, source_id, status,
		initial_report_due, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$18)`,
		inc.ID, in.OrgID, inc.Ref, in.Title, in.Description, locale.Fold(inc.Ref+" "+in.Title+" "+in.Description), in.Affected,
		optMillis(in.OccurredAt), db.Millis(in.DetectedAt), in.DetectionMethod, in.Via, personOf(ctx), in.Contact,
		in.SourceType, in.SourceID, StatusReported, db.Millis(in.DetectedAt.Add(s.cfg.InitialReportWithin)), db.Millis(now))
	if err != nil {
		return "", fmt.Errorf("incident: report: %w", err)
	}
	if err := s.record(ctx, tx, inc, "report", in.Title, true, in); err != nil {
		return "", err
	}
	for _, f := range files {
		if err := s.attachTx(ctx, tx, inc, f, true); err != nil {
			return "", err
		}
	}
	to, err := s.firstResponders(ctx, tx, in.OrgID)
	if err != nil {
		return "", err
	}
	return inc.ID, s.tell(ctx, tx, notify.Message{
		Kind: "incident.reported", OrgID: in.OrgID, To: without(to, personOf(ctx)), Link: "/incidents/" + inc.ID,
		Subject: locale.Tf("[%s] Báo cáo sự cố mới: %s", "[%s] New incident report: %s", inc.Ref, in.Title),
		Body: locale.Tf("Có báo cáo sự cố mới tại đơn vị của anh/chị, phát hiện lúc %s. Vui lòng tiếp nhận và phân loại.",
			"A new incident was reported at your organisation, detected at %s. Please acknowledge and triage it.", locale.DateTime(in.DetectedAt)),
	})
}

// firstResponders are the agency's security officer (designated, and
// officers nearest the organisation) and the reporter's superior (the
// nearest head).
func (s *Service) firstResponders(ctx context.Context, q db.Querier, orgID string) ([]string, error) {
	officer, err := officerOf(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	officers, err := directory.NearestHolders(ctx, q, orgID, principal.Officer)
	if err != nil {
		return nil, err
	}
	heads, err := directory.NearestHolders(ctx, q, orgID, principal.Head)
	if err != nil {
		return nil, err
	}
	return append(append(officer, officers...), heads...), nil
}
