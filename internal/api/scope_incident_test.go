package api_test

import (
	"strings"
	"testing"

	"attt/internal/directory"
	"attt/internal/incident"
	"attt/internal/testutil/e2e"
)

// newScopeIncident gives organisation orgID an escalated incident with a
// task, an evidence file, issued documents, and a share with an outside
// organisation nobody in the matrix holds a role on.
func newScopeIncident(t *testing.T, in *e2e.Instance, orgID string) *incident.Incident {
	t.Helper()
	sys := in.System()
	ext := in.Org(t, "EXT-CERT", "Trung tâm ứng cứu bên ngoài", directory.TypeProvider, "")
	svc := in.Main.Incidents
	inc, err := svc.Report(sys, incident.ReportInput{OrgID: orgID, Title: "Máy chủ bệnh án bị mã hóa", Description: "Tệp có đuôi .locked"},
		[]incident.Upload{{Name: "ransom-note.txt", R: strings.NewReader("Your files are encrypted")}})
	if err != nil {
		t.Fatal(err)
	}
	id := inc.ID
	steps := []func() (*incident.Incident, error){
		func() (*incident.Incident, error) {
			return svc.Triage(sys, id, incident.TriageInput{Title: inc.Title, Category: "ransomware", Severity: "high",
				Systems: []incident.System{{Name: "Máy chủ bệnh án điện tử", Level: 3}}})
		},
		func() (*incident.Incident, error) {
			return svc.AddTask(sys, id, incident.TaskInput{Title: "Cô lập máy chủ"})
		},
		func() (*incident.Incident, error) {
			return svc.Escalate(sys, id, incident.EscalateInput{Reason: "Cần hỗ trợ giải mã"})
		},
		func() (*incident.Incident, error) { return svc.Share(sys, id, ext.ID, "Phối hợp phân tích") },
	}
	for _, step := range steps {
		if inc, err = step(); err != nil {
			t.Fatal(err)
		}
	}
	return inc
}
