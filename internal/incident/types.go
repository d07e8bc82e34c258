package incident

import (
	"slices"
	"time"

	"attt/internal/incident/forms"
	"attt/internal/locale"
)

// Status is where an incident is in its life.
type Status string

// The statuses, in order. Rejected ends a report that turned out not to be
// an incident; it needs no closing report.
const (
	StatusReported   Status = "reported"
	StatusTriaged    Status = "triaged"
	StatusResponding Status = "responding"
	StatusResolved   Status = "resolved"
	StatusClosed     Status = "closed"
	StatusRejected   Status = "rejected"
)

// Statuses lists every status in order.
func Statuses() []Status {
	return []Status{StatusReported, StatusTriaged, StatusResponding, StatusResolved, StatusClosed, StatusRejected}
}

// Label names the status.
func (s Status) Label() locale.Text {
	switch s {
	case StatusReported:
		return locale.T("Mới tiếp nhận", "Reported")
	case StatusTriaged:
		return locale.T("Đã phân loại", "Triaged")
	case StatusResponding:
		return locale.T("Đang ứng cứu", "Responding")
	case StatusResolved:
		return locale.T("Đã xử lý xong, chờ báo cáo kết thúc", "Response ended, closing report due")
	case StatusClosed:
		return locale.T("Đã đóng", "Closed")
	case StatusRejected:
		return locale.T("Không phải sự cố", "Not an incident")
	}
	return locale.T(string(s), string(s))
}

// Open reports whether the incident still needs work.
func (s Status) Open() bool { return s != StatusClosed && s != StatusRejected }

// Severity is the officer's grading.
type Severity string

// The severities.
const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Severities lists every severity, lowest first.
func Severities() []Severity {
	return []Severity{SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}
}

// Label names the severity.
func (s Severity) Label() locale.Text {
	switch s {
	case SeverityLow:
		return locale.T("Thấp", "Low")
	case SeverityMedium:
		return locale.T("Trung bình", "Medium")
	case SeverityHigh:
		return locale.T("Cao", "High")
	case SeverityCritical:
		return locale.T("Rất cao", "Critical")
	}
	return locale.T("Chưa đánh giá", "Not graded")
}

// Category is a Thông tư 20/2017 incident type.
type Category string

// Categories lists the incident types of Thông tư 20/2017/TT-BTTTT, in the
// order of Mẫu 05.
func Categories() []Category {
	var out []Category
	for _, c := range forms.Categories() {
		out = append(out, Category(c.Code))
	}
	return out
}

// Label names the type.
func (c Category) Label() locale.Text {
	if f, ok := forms.LookupCategory(string(c)); ok {
		return f.Label
	}
	return locale.T("Chưa phân loại", "Not classified")
}

func (c Category) valid() bool { return slices.Contains(Categories(), c) }

// Incident is one reported incident.
type Incident struct {
	ID               string    `json:"id"`
	Ref              string    `json:"ref"`
	OrgID            string    `json:"org_id"`
	OrgName          string    `json:"org_name"`
	Title            string    `json:"title"`
	Description      string    `json:"description"`
	Affected         string    `json:"affected"`
	OccurredAt       time.Time `json:"occurred_at,omitzero"`
	DetectedAt       time.Time `json:"detected_at"`
	DetectionMethod  string    `json:"detection_method"`
	ReportedVia      string    `json:"reported_via"`
	ReporterID       string    `json:"reporter_id"`
	ReporterName     string    `json:"reporter_name"`
	ReporterContact  string    `json:"reporter_contact"`
	SourceType       string    `json:"source_type,omitempty"`
	SourceID         string    `json:"source_id,omitempty"`
	Category         Category  `json:"category"`
	Severity         Severity  `json:"severity"`
	SeriousChecks    []string  `json:"serious_checks"`
	Status           Status    `json:"status"`
	OwnerID          string    `json:"owner_id"`
	OwnerName        string    `json:"owner_name"`
	Containment      string    `json:"containment"`
	Cause            string    `json:"cause"`
	Impact           string    `json:"impact"`
	ActionsTaken     string    `json:"actions_taken"`
	Lessons          string    `json:"lessons"`
	Damage           int64     `json:"damage"`
	SupportRequested string    `json:"support_requested"`
	AcknowledgedAt   time.Time `json:"acknowledged_at,omitzero"`
	EscalatedAt      time.Time `json:"escalated_at,omitzero"`
	EscalatedBy      string    `json:"escalated_by,omitempty"`
	EscalationReason string    `json:"escalation_reason,omitempty"`
	ResolvedAt       time.Time `json:"resolved_at,omitzero"`
	ClosedAt         time.Time `json:"closed_at,omitzero"`
	InitialReportDue time.Time `json:"initial_report_due,omitzero"`
	InitialReportAt  time.Time `json:"initial_report_at,omitzero"`
	ClosingReportDue time.Time `json:"closing_report_due,omitzero"`
	ClosingReportAt  time.Time `json:"closing_report_at,omitzero"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`

	// Filled by Get for people who may see them.
	Systems      []System   `json:"systems"`
	Tasks        []Task     `json:"tasks"`
	Entries      []Entry    `json:"timeline"`
	Files        []File     `json:"files"`
	Shares       []Share    `json:"shares"`
	Coordinators []Person   `json:"coordinators"`
	Documents    []Document `json:"documents"`
	// View says what the viewer may do.
	View View `json:"view"`
}

// Serious applies the test of Quyết định 05/2017/QĐ-TTg to the ticked
// checklist: a level 4–5 or critical system, one grave effect, and beyond
// the owner's capacity.
func (i *Incident) Serious() bool { return Serious(i.SeriousChecks, i.Systems) }

// System is an affected information system.
type System struct {
	Name        string `json:"name"`
	Level       int    `json:"level"`
	Operator    string `json:"operator"`
	Owner       string `json:"owner"`
	Domain      string `json:"domain"`
	IPs         string `json:"ips"`
	OS          string `json:"os"`
	Services    string `json:"services"`
	Protections string `json:"protections"`
}

// Task is a piece of the response with an owner and a deadline.
type Task struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	OwnerID   string    `json:"owner_id"`
	OwnerName string    `json:"owner_name"`
	OrgID     string    `json:"org_id"`
	DueAt     time.Time `json:"due_at,omitzero"`
	DoneAt    time.Time `json:"done_at,omitzero"`
	Shared    bool      `json:"shared"`
	CreatedAt time.Time `json:"created_at"`
}

// Overdue reports whether an open task is past its deadline.
func (t *Task) Overdue(now time.Time) bool {
	return t.DoneAt.IsZero() && !t.DueAt.IsZero() && now.After(t.DueAt)
}

// Entry is one line of the timeline.
type Entry struct {
	ID        string    `json:"id"`
	At        time.Time `json:"at"`
	ActorID   string    `json:"actor_id"`
	ActorName string    `json:"actor_name"`
	Kind      string    `json:"kind"`
	Body      string    `json:"body"`
	Shared    bool      `json:"shared"`
}

// File is an evidence file.
type File struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Type       string    `json:"type"`
	Size       int64     `json:"size"`
	SHA256     string    `json:"sha256"`
	Shared     bool      `json:"shared"`
	UploadedBy string    `json:"uploaded_by"`
	CreatedAt  time.Time `json:"created_at"`
}

// Share is an outside organisation invited to the incident.
type Share struct {
	ID        string    `json:"id"`
	OrgID     string    `json:"org_id"`
	OrgName   string    `json:"org_name"`
	Note      string    `json:"note"`
	InvitedBy string    `json:"invited_by"`
	InvitedAt time.Time `json:"invited_at"`
}

// Person is a name behind an id.
type Person struct {
	ID       string `json:"id"`
	FullName string `json:"full_name"`
}

// Document is an official document issued about the incident.
type Document struct {
	ID       string    `json:"id"`
	Form     string    `json:"form"`
	Number   string    `json:"number"`
	Summary  string    `json:"summary"`
	IssuedAt time.Time `json:"issued_at"`
}
