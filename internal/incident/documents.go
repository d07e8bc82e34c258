package incident

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/docgen"
	"attt/internal/docreg"
	"attt/internal/errs"
	"attt/internal/incident/forms"
	"attt/internal/locale"
	"attt/internal/principal"
)

// The forms attt issues about an incident.
const (
	FormNotice = "incident.notice"
	Form03     = "incident.mau03"
	Form04     = "incident.mau04"
)

// FormLabel names a form.
func FormLabel(form string) locale.Text {
	switch form {
	case FormNotice:
		return locale.T("Công văn thông báo sự cố vượt quá khả năng xử lý", "Notice of an incident beyond the agency's capacity")
	case Form03:
		return locale.T("Báo cáo ban đầu sự cố mạng (Mẫu 03)", "Initial incident report (Form 03)")
	case Form04:
		return locale.T("Báo cáo kết thúc ứng phó sự cố (Mẫu 04)", "Closing report (Form 04)")
	}
	return locale.T(form, form)
}

// agency is what the documents say about the issuing agency.
type agency struct {
	id, code, name, issuer, address, phone, email string
	superior, authority                           string
	head                                          forms.Person
	path                                          string
}

func (s *Service) agencyOf(ctx context.Context, q db.Querier, orgID string) (*agency, error) {
	a := &agency{id: orgID}
	err := q.QueryRowContext(ctx, `SELECT o.code, o.name, o.address, o.phone, o.email, o.path, COALESCE(p.name, '')
		FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id WHERE o.id = $1`, orgID).
		Scan(&a.code, &a.name, &a.address, &a.phone, &a.email, &a.path, &a.superior)
	if err != nil {
		return nil, fmt.Errorf("incident: agency %s: %w", orgID, err)
	}
	a.issuer = a.superior
	if a.superior == "" {
		a.superior = a.name
	}
	heads, err := directory.NearestHolders(ctx, q, a.id, principal.Head)
	if err != nil {
		return nil, err
	}
	if len(heads) > 0 {
		p, err := personInfo(ctx, q, heads[0])
		if err != nil {
			return nil, err
		}
		a.head = p
	}
	// The authority is the organisation of the nearest authority role.
	err = q.QueryRowContext(ctx, `SELECT go.name FROM grants g JOIN organisations go ON go.id = g.org_id
		WHERE g.role = 'authority' AND $1 LIKE go.path || '%' ORDER BY LENGTH(go.path) DESC LIMIT 1`, a.path).Scan(&a.authority)
	if err == sql.ErrNoRows {
		a.authority, err = "Cơ quan chuyên trách về an toàn thông tin của tỉnh", nil
	}
	return a, err
}

func personInfo(ctx context.Context, q db.Querier, id string) (forms.Person, error) {
	var p forms.Person
	err := q.QueryRowContext(ctx, `SELECT full_name, title, phone, email FROM people WHERE id = $1`, id).Scan(&p.Name, &p.Title, &p.Phone, &p.Email)
	if err == sql.ErrNoRows {
		return p, nil
	}
	return p, err
}

func (s *Service) issueHead(a *agency, at time.Time, to ...string) forms.Issue {
	is := forms.Issue{Issuer: strings.ToUpper(a.issuer), Agency: strings.ToUpper(a.name), Place: s.cfg.Place, Date: at, To: to, SignerName: a.head.Name}
	if a.head.Title != "" {
		is.SignerTitle = strings.ToUpper(a.head.Title)
	}
	return is
}

// full loads an incident with every part, for documents.
func (s *Service) full(ctx context.Context, q db.Querier, id string) (*Incident, error) {
	inc, _, err := getIncident(ctx, q, id)
	if err != nil {
		return nil, err
	}
	inc.View = View{Full: true}
	return inc, loadParts(ctx, q, inc, "")
}

func formSystems(inc *Incident) []forms.System {
	var out []forms.System
	for _, sys := range inc.Systems {
		out = append(out, forms.System{Name: sys.Name, Level: sys.Level, Operator: sys.Operator, Owner: sys.Owner, OS: sys.OS,
			Services: splitWords(sys.Services), Protections: splitWords(sys.Protections), IPs: splitWords(sys.IPs), Domains: splitWords(sys.Domain)})
	}
	if len(out) == 0 {
		name := inc.Affected
		if name == "" {
			name = "Chưa xác định"
		}
		out = append(out, forms.System{Name: name})
	}
	return out
}

func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
}

// contact is the incident's owner, else the acting person, else the
// agency's designated officer.
func (s *Service) contact(ctx context.Context, q db.Querier, inc *Incident) (forms.Person, error) {
	for _, id := range []string{inc.OwnerID, personOf(ctx)} {
		if id != "" {
			return personInfo(ctx, q, id)
		}
	}
	officer, err := officerOf(ctx, q, inc.OrgID)
	if err != nil || len(officer) == 0 {
		return forms.Person{}, err
	}
	return personInfo(ctx, q, officer[0])
}

func (s *Service) form03(ctx context.Context, q db.Querier, inc *Incident, a *agency, at time.Time) (*forms.Report03, error) {
	contact, err := s.contact(ctx, q, inc)
	if err != nil {
		return nil, err
	}
	notified := []string{}
	if !inc.EscalatedAt.IsZero() {
		notified = append(notified, a.superior, a.authority)
	}
	for _, sh := range inc.Shares {
		notified = append(notified, sh.OrgName)
	}
	var files []string
	for _, f := range inc.Files {
		files = append(files, f.Name)
	}
	method := []string{}
	if inc.DetectionMethod != "" {
		method = append(method, inc.DetectionMethod)
	}
	return &forms.Report03{
		Issue:    s.issueHead(a, at, a.authority),
		Reporter: forms.Reporter{Name: a.name, Address: a.address, Phone: a.phone, Email: a.email},
		Contact:  contact, System: formSystems(inc)[0], Category: string(inc.Category),
		Description: strings.TrimSpace(inc.Title + ". " + inc.Description), DetectedAt: inc.DetectedAt,
		Status: inc.Status.Label().VI, DetectionMethods: method, Notified: notified, Attachments: files,
		SupportRequested: inc.SupportRequested, ReportedAt: at,
	}, nil
}

func (s *Service) notice(ctx context.Context, q db.Querier, inc *Incident, a *agency, at time.Time) (*forms.Escalation, error) {
	contact, err := s.contact(ctx, q, inc)
	if err != nil {
		return nil, err
	}
	var actions []string
	if inc.Containment != "" {
		actions = append(actions, inc.Containment)
	}
	for _, t := range inc.Tasks {
		if !t.DoneAt.IsZero() {
			actions = append(actions, t.Title)
		}
	}
	support := inc.SupportRequested
	if support == "" {
		support = inc.EscalationReason
	}
	return &forms.Escalation{
		Issue: s.issueHead(a, at), Superior: a.superior, Authority: a.authority, Reference: inc.Ref, Title: inc.Title,
		Category: string(inc.Category), Severity: inc.Severity.Label().VI, DetectedAt: inc.DetectedAt, Status: inc.Status.Label().VI,
		Systems: formSystems(inc), Description: strings.TrimSpace(inc.Description + "\n" + inc.EscalationReason), Impact: inc.Impact,
		Actions: actions, SupportRequested: support, Contact: contact,
	}, nil
}

// issueTx checks that a form renders and registers it in the agency's
// yearly numbering.
func (s *Service) issueTx(ctx context.Context, tx *sql.Tx, inc *Incident, a *agency, form, kindCode, summary string, data interface {
	Document() (*docgen.Document, error)
}) (*docreg.Document, error) {
	if _, err := data.Document(); err != nil {
		return nil, err
	}
	d, err := docreg.IssueTx(ctx, tx, docreg.Issue{OrgID: inc.OrgID, OrgCode: a.code, KindCode: kindCode, Form: form, Summary: summary,
		ObjectType: "incident", ObjectID: inc.ID, IssuedBy: personOf(ctx), At: s.now(), Data: data})
	if err != nil {
		return nil, err
	}
	return d, s.record(ctx, tx, inc, "document", FormLabel(form).VI+" số "+d.Number, true, map[string]string{"document": d.ID, "number": d.Number, "form": form})
}

// issueEscalationTx issues the written notice and, unless one was filed,
// the initial report of an escalated incident.
func (s *Service) issueEscalationTx(ctx context.Context, tx *sql.Tx, id string) error {
	inc, err := s.full(ctx, tx, id)
	if err != nil {
		return err
	}
	a, err := s.agencyOf(ctx, tx, inc.OrgID)
	if err != nil {
		return err
	}
	n, err := s.notice(ctx, tx, inc, a, s.now())
	if err != nil {
		return err
	}
	if _, err := s.issueTx(ctx, tx, inc, a, FormNotice, "", forms.EscalationSubject, n); err != nil {
		return err
	}
	if !inc.InitialReportAt.IsZero() {
		return nil
	}
	return s.initialReportTx(ctx, tx, inc, a)
}

func (s *Service) initialReportTx(ctx context.Context, tx *sql.Tx, inc *Incident, a *agency) error {
	r, err := s.form03(ctx, tx, inc, a, s.now())
	if err != nil {
		return err
	}
	if _, err := s.issueTx(ctx, tx, inc, a, Form03, "BC", "Báo cáo ban đầu sự cố mạng", r); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE incidents SET initial_report_at = $1 WHERE id = $2`, db.Millis(s.now()), inc.ID)
	return err
}

// FileInitialReport issues the initial report (Mẫu 03) to the authority,
// due within 5 days of detection. The authority then sees the incident.
func (s *Service) FileInitialReport(ctx context.Context, id string) (*Incident, error) {
	return s.file(ctx, id, func(inc *Incident) error {
		if !inc.InitialReportAt.IsZero() {
			return errs.New(errs.Conflict, locale.T("Báo cáo ban đầu đã được lập.", "The initial report was already filed."))
		}
		return nil
	}, s.initialReportTx)
}

// FileClosingReport issues the closing report (Mẫu 04) of an incident
// whose response has ended; the incident may then be closed.
func (s *Service) FileClosingReport(ctx context.Context, id string) (*Incident, error) {
	return s.file(ctx, id, func(inc *Incident) error {
		if inc.Status != StatusResolved {
			return errs.New(errs.Conflict, locale.T("Hãy ghi nhận kết thúc ứng cứu trước khi lập báo cáo kết thúc.", "Record the end of the response before the closing report."))
		}
		if !inc.ClosingReportAt.IsZero() {
			return errs.New(errs.Conflict, locale.T("Báo cáo kết thúc đã được lập.", "The closing report was already filed."))
		}
		return nil
	}, s.closingReportTx)
}

// file runs a filing: the principal must manage the incident, ready says
// whether the incident is ready for it, and issue files the document.
func (s *Service) file(ctx context.Context, id string, ready func(*Incident) error,
	issue func(ctx context.Context, tx *sql.Tx, inc *Incident, a *agency) error) (*Incident, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, _, err := s.act(ctx, tx, id, needManage); err != nil {
			return err
		}
		inc, err := s.full(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := ready(inc); err != nil {
			return err
		}
		a, err := s.agencyOf(ctx, tx, inc.OrgID)
		if err != nil {
			return err
		}
		return issue(ctx, tx, inc, a)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

func (s *Service) closingReportTx(ctx context.Context, tx *sql.Tx, inc *Incident, a *agency) error {
	if _, err := s.issueTx(ctx, tx, inc, a, Form04, "BC", "Báo cáo kết thúc ứng phó sự cố", s.form04(inc, a)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE incidents SET closing_report_at = $1 WHERE id = $2`, db.Millis(s.now()), inc.ID)
	return err
}

func (s *Service) form04(inc *Incident, a *agency) *forms.Report04 {
	r := &forms.Report04{
		Issue:    s.issueHead(a, s.now(), a.authority),
		Reporter: forms.Reporter{Name: a.name, Address: a.address, Phone: a.phone, Email: a.email},
		System:   formSystems(inc)[0], Category: string(inc.Category), Description: strings.TrimSpace(inc.Title + ". " + inc.Description),
		DetectedAt: inc.DetectedAt, ResponseEndedAt: inc.ResolvedAt, Cause: inc.Cause, Impact: inc.Impact,
		Actions: splitLines(inc.ActionsTaken), Result: StatusResolved.Label().VI, Recommendations: inc.Lessons,
	}
	for _, d := range inc.Documents {
		if d.Form == Form03 {
			r.InitialNumber, r.InitialDate = d.Number, d.IssuedAt
		}
	}
	var course []string
	for _, e := range inc.Entries {
		if e.Kind == "comment" {
			continue
		}
		r.Timeline = append(r.Timeline, forms.Step{At: e.At, What: entryLabel(e.Kind).VI + ": " + e.Body, Who: e.ActorName})
		course = append(course, locale.DateTime(e.At)+" "+entryLabel(e.Kind).VI)
	}
	r.Course = strings.Join(course, "; ")
	for _, f := range inc.Files {
		r.Attachments = append(r.Attachments, f.Name)
	}
	return r
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Rendered is a document ready to download.
type Rendered struct {
	Name        string
	ContentType string
	Body        []byte
}

// RenderDocument renders an issued document as "pdf" or "docx". Only
// those who see the whole incident may download its documents.
func (s *Service) RenderDocument(ctx context.Context, id, docID, format string) (*Rendered, error) {
	inc, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !inc.View.Full {
		return nil, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	d, err := docreg.Get(ctx, s.db.R, docID)
	if err != nil || d.ObjectType != "incident" || d.ObjectID != id {
		return nil, errs.New(errs.NotFound, locale.T("Không tìm thấy văn bản.", "Document not found."))
	}
	doc, err := decodeForm(d)
	if err != nil {
		return nil, err
	}
	return Render(doc, strings.NewReplacer("/", "-").Replace(d.Number)+"-"+inc.Ref, format)
}

func decodeForm(d *docreg.Document) (*docgen.Document, error) {
	var form interface {
		Document() (*docgen.Document, error)
	}
	switch d.Form {
	case FormNotice:
		form = &forms.Escalation{}
	case Form03:
		form = &forms.Report03{}
	case Form04:
		form = &forms.Report04{}
	default:
		return nil, fmt.Errorf("incident: unknown form %q", d.Form)
	}
	if err := json.Unmarshal(d.Data, form); err != nil {
		return nil, fmt.Errorf("incident: decode %s: %w", d.Number, err)
	}
	doc, err := form.Document()
	if err != nil {
		return nil, err
	}
	doc.Number = d.Number
	return doc, nil
}

// Render renders a document as "pdf" or "docx" named base plus the extension.
func Render(doc *docgen.Document, base, format string) (*Rendered, error) {
	var buf bytes.Buffer
	switch format {
	case "pdf":
		if err := docgen.PDF(&buf, doc); err != nil {
			return nil, err
		}
		return &Rendered{Name: base + ".pdf", ContentType: "application/pdf", Body: buf.Bytes()}, nil
	case "docx":
		if err := docgen.DOCX(&buf, doc); err != nil {
			return nil, err
		}
		return &Rendered{Name: base + ".docx", ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Body: buf.Bytes()}, nil
	}
	return nil, errs.New(errs.Invalid, locale.T("Định dạng phải là pdf hoặc docx.", "The format must be pdf or docx."))
}
