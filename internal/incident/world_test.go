package incident_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"path/filepath"
	"testing"
	"time"

	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/incident"
	"attt/internal/intake"
	"attt/internal/notify"
	"attt/internal/testutil/fixture"
	"attt/internal/testutil/pdftext"
)

type world struct {
	p     *fixture.Province
	inc   *incident.Service
	note  *notify.Service
	blobs string
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	p := fixture.New(t, d)
	blobs := t.TempDir()
	store, err := intake.NewStore(blobs, bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	gate, err := intake.New(intake.Options{Store: store, TempDir: t.TempDir(), MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	note := notify.New(d, p.Trail, p.Dir, notify.DefaultConfig(), p.Clock.Now)
	svc := incident.New(incident.Deps{DB: d, Trail: p.Trail, Dir: p.Dir, Gate: gate, Files: store, Notify: note, Now: p.Clock.Now}, incident.DefaultConfig())
	return &world{p: p, inc: svc, note: note, blobs: blobs}
}

func (w *world) as(login string) context.Context { return w.p.As(login) }

// inbox returns the links of login's notifications of kind, newest first.
func (w *world) inbox(t *testing.T, login, kind string) []string {
	t.Helper()
	ns, err := w.note.Inbox(w.as(login), notify.InboxFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		if n.Kind == kind {
			out = append(out, n.Link)
		}
	}
	return out
}

// report files a report as login and fails the test on error.
func (w *world) report(t *testing.T, login, title string, files ...incident.Upload) *incident.Incident {
	t.Helper()
	inc, err := w.inc.Report(w.as(login), incident.ReportInput{Title: title, Description: "Phát hiện lúc kiểm tra nhật ký.", Affected: "Cổng thông tin điện tử"}, files)
	if err != nil {
		t.Fatalf("report %q as %s: %v", title, login, err)
	}
	return inc
}

// triage grades an incident as A's officer.
func (w *world) triage(t *testing.T, id string, sev incident.Severity) *incident.Incident {
	t.Helper()
	inc, err := w.inc.Triage(w.as(fixture.LoginAOfficer), id, incident.TriageInput{
		Title: "Tấn công thay đổi giao diện cổng thông tin", Description: "Trang chủ bị thay bằng nội dung “hacked by”.",
		Category: "defacement", Severity: sev, SeriousChecks: []string{"disruption"},
		Systems: []incident.System{{Name: "Cổng thông tin điện tử Sở Tài chính", Level: 2, Domain: "stc.hungyen.gov.vn", IPs: "10.1.2.3", OS: "Ubuntu 22.04", Services: "HTTP, HTTPS"}},
	})
	if err != nil {
		t.Fatalf("triage: %v", err)
	}
	return inc
}

func wantCode(t *testing.T, err error, code errs.Code) {
	t.Helper()
	if !errs.Is(err, code) {
		t.Fatalf("error = %v, want code %s", err, code)
	}
}

func blobCount(t *testing.T, dir string) int {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*.enc"))
	return len(m)
}

// pdfText extracts the text of a PDF as a reader shows it.
func pdfText(t *testing.T, pdf []byte) string { t.Helper(); return pdftext.Layout(t, pdf) }

var day = 24 * time.Hour

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
