package asset_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"attt/internal/asset"
	"attt/internal/asset/agentwire"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/notify"
	"attt/internal/testutil/fixture"
)

// report enrols an agent for org (once per host) and applies a report with
// the given programs, as the server does after checking the signature.
func (w *world) report(t *testing.T, orgID, host string, pkgs ...agentwire.Package) string {
	t.Helper()
	e, err := w.svc.CreateEnrolment(w.p.System(bg), asset.EnrolmentInput{OrgID: orgID})
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.Enroll(bg, agentwire.EnrollRequest{Token: e.Token, Hostname: host})
	if err != nil {
		t.Fatal(err)
	}
	w.send(t, res, host, pkgs...)
	return res.AssetID
}

func (w *world) send(t *testing.T, res *agentwire.EnrollResponse, host string, pkgs ...agentwire.Package) {
	t.Helper()
	body, _ := json.Marshal(agentwire.Report{Hostname: host, Software: pkgs, CollectedAt: w.p.Clock.Now().UTC()})
	ts, nonce := agentwire.Timestamp(w.p.Clock.Now()), agentwire.NewNonce()
	err := w.svc.Report(bg, asset.SignedReport{AgentID: res.AgentID, Timestamp: ts, Nonce: nonce, Signature: agentwire.Sign(res.Secret, ts, nonce, body), Body: body})
	if err != nil {
		t.Fatal(err)
	}
}

func TestApprovedSoftwareAndFindings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		n := notify.New(d, w.p.Trail, w.p.Dir, notify.DefaultConfig(), w.p.Clock.Now)
		w.svc.UseNotify(n)
		auth, officer := w.p.As(fixture.LoginAuthority), w.p.As(fixture.LoginAOfficer)
		// The province default approves office software; A adds its own.
		if _, err := w.svc.AddApproval(auth, asset.ApprovalInput{OrgID: w.p.Root.ID, Name: "Microsoft Office*", Publisher: "Microsoft*"}); err != nil {
			t.Fatal(err)
		}
		_, err := w.svc.AddApproval(officer, asset.ApprovalInput{OrgID: w.p.Root.ID, Name: "*"})
		wantCode(t, err, errs.Forbidden)
		if _, err := w.svc.AddApproval(officer, asset.ApprovalInput{OrgID: w.p.DeptA.ID, Name: "Bộ gõ unikey"}); err != nil {
			t.Fatal(err)
		}
		id := w.report(t, w.p.DeptA.ID, "ketoan-01",
			agentwire.Package{Name: "Microsoft Office Professional Plus 2019", Publisher: "Microsoft Corporation", Version: "16.0"},
			agentwire.Package{Name: "Bộ gõ Unikey", Version: "4.3"},
			agentwire.Package{Name: "UltraViewer", Version: "6.6"},
			agentwire.Package{Name: "uTorrent", Version: "3.6"})
		open, err := w.svc.ListFindings(officer, asset.FindingFilter{})
		if err != nil || len(open) != 2 || open[0].AssetID != id {
			t.Fatalf("findings %+v %v", open, err)
		}
		byName := map[string]asset.Finding{}
		for _, f := range open {
			byName[f.Name] = f
		}
		if inbox, _ := n.Inbox(officer, notify.InboxFilter{}); len(inbox) != 1 || inbox[0].Kind != "asset.unapproved_software" || !strings.Contains(inbox[0].SubjectText, "2 phần mềm") {
			t.Errorf("officer not told of the unapproved programs: %+v", inbox)
		}
		cs, _ := w.svc.Controls(officer, id)
		if statusOf(cs, asset.CtlSoftware) != asset.StatusFailing {
			t.Errorf("software control %+v", cs)
		}
		// B sees none of A's findings and cannot resolve them.
		if got, _ := w.svc.ListFindings(w.p.As(fixture.LoginBOfficer), asset.FindingFilter{Status: "all"}); len(got) != 0 {
			t.Errorf("B sees %+v", got)
		}
		_, err = w.svc.ResolveFinding(w.p.As(fixture.LoginBOfficer), byName["uTorrent"].ID, asset.Resolution{Action: "remove"})
		wantCode(t, err, errs.Forbidden)

		// An exception needs a reason and an expiry within a year.
		_, err = w.svc.ResolveFinding(officer, byName["UltraViewer"].ID, asset.Resolution{Action: "except"})
		wantCode(t, err, errs.Invalid)
		exp := w.p.Clock.Now().AddDate(0, 0, 30)
		if _, err := w.svc.ResolveFinding(officer, byName["UltraViewer"].ID, asset.Resolution{Action: "except", Reason: "Hỗ trợ từ xa của nhà thầu", Expires: exp}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.ResolveFinding(officer, byName["uTorrent"].ID, asset.Resolution{Action: "remove", Reason: "Đã gỡ"}); err != nil {
			t.Fatal(err)
		}
		cs, _ = w.svc.Controls(officer, id)
		if statusOf(cs, asset.CtlSoftware) != asset.StatusOK {
			t.Errorf("after resolving: %+v", cs)
		}
		// The exception expires: the finding reopens.
		w.p.Clock.Advance(31 * 24 * time.Hour)
		if n, err := w.svc.ReopenExpired(bg); err != nil || n != 1 {
			t.Fatalf("reopen %d %v", n, err)
		}
		open, _ = w.svc.ListFindings(officer, asset.FindingFilter{})
		if len(open) != 1 || open[0].Name != "UltraViewer" {
			t.Errorf("open after expiry %+v", open)
		}
		// A distribution's packages approved by source: a dpkg package
		// passes, the same name from the registry does not.
		if _, err := w.svc.AddApproval(auth, asset.ApprovalInput{OrgID: w.p.Root.ID, Name: "*", Source: "dpkg", Note: "Gói của bản phân phối Debian"}); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.AddApproval(auth, asset.ApprovalInput{OrgID: w.p.Root.ID, Name: "*", Source: "apt-get"})
		wantCode(t, err, errs.Invalid)
		srv := w.report(t, w.p.DeptA.ID, "srv-01", agentwire.Package{Name: "nmap", Version: "7.93", Source: "dpkg"},
			agentwire.Package{Name: "Wireshark", Version: "4.2", Source: "registry"})
		open, _ = w.svc.ListFindings(officer, asset.FindingFilter{AssetID: srv})
		if len(open) != 1 || open[0].Name != "Wireshark" {
			t.Errorf("findings by source %+v", open)
		}
		open, _ = w.svc.ListFindings(officer, asset.FindingFilter{AssetID: id})
		// Approving adds it to A's list.
		if _, err := w.svc.ResolveFinding(officer, open[0].ID, asset.Resolution{Action: "approve", Reason: "Được phép"}); err != nil {
			t.Fatal(err)
		}
		list, _ := w.svc.Approvals(officer, w.p.DeptA.ID)
		if len(list) != 4 || !list[0].Inherited || list[0].OrgID != w.p.Root.ID {
			t.Errorf("A's list %+v", list)
		}
		for _, action := range []string{"software.approve", "software.finding.except", "software.finding.remove", "software.finding.reopen", "software.finding.approve"} {
			if w.p.AuditCount(action) == 0 {
				t.Errorf("%s not audited", action)
			}
		}
	})
}

// TestStaleAgents: an agent silent for three days is flagged once, its
// agency's designated officer is told through the notifier, and a report
// clears the flag.
func TestStaleAgents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		n := notify.New(d, w.p.Trail, w.p.Dir, notify.DefaultConfig(), w.p.Clock.Now)
		w.svc.UseNotify(n)
		e, err := w.svc.CreateEnrolment(w.p.As(fixture.LoginAOfficer), asset.EnrolmentInput{OrgID: w.p.DeptA.ID})
		if err != nil {
			t.Fatal(err)
		}
		res, err := w.svc.Enroll(bg, agentwire.EnrollRequest{Token: e.Token, Hostname: "ketoan-02"})
		if err != nil {
			t.Fatal(err)
		}
		w.send(t, res, "ketoan-02")
		w.p.Clock.Advance(2 * 24 * time.Hour)
		if k, err := w.svc.FlagStale(bg); err != nil || k != 0 {
			t.Fatalf("flagged too early: %d %v", k, err)
		}
		w.p.Clock.Advance(2 * 24 * time.Hour)
		for i, want := range []int{1, 0} {
			if k, err := w.svc.FlagStale(bg); err != nil || k != want {
				t.Fatalf("round %d: flagged %d, %v", i, k, err)
			}
		}
		inbox, err := n.Inbox(w.p.As(fixture.LoginAOfficer), notify.InboxFilter{})
		if err != nil || len(inbox) != 1 || inbox[0].Kind != "asset.agent_stale" || inbox[0].Link != "/assets/"+res.AssetID {
			t.Fatalf("officer's inbox %+v %v", inbox, err)
		}
		if got, _ := n.Inbox(w.p.As(fixture.LoginBOfficer), notify.InboxFilter{}); len(got) != 0 {
			t.Errorf("B's officer told: %+v", got)
		}
		agents, _ := w.svc.ListAgents(w.p.As(fixture.LoginAOfficer), "")
		if len(agents) != 1 || !agents[0].Stale {
			t.Errorf("agents %+v", agents)
		}
		list, _ := w.svc.List(w.p.As(fixture.LoginAOfficer), asset.Filter{Seen: "stale"})
		if len(list) != 1 {
			t.Errorf("stale list %v", names(list))
		}
		// It reports again; a later silence is told again.
		w.send(t, res, "ketoan-02")
		w.p.Clock.Advance(4 * 24 * time.Hour)
		if k, _ := w.svc.FlagStale(bg); k != 1 {
			t.Errorf("second silence flagged %d", k)
		}
	})
}
