package asset_test

import (
	"strings"
	"testing"
	"time"

	"attt/internal/asset"
	"attt/internal/asset/agentwire"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

// TestEnrolmentTokens: tokens are issued only for one's own agency, stored
// as hashes, used once, and refused when expired, revoked, offline or
// tampered with; the agent lands on the agency's computer of its name.
func TestEnrolmentTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		officer := w.p.As(fixture.LoginAOfficer)
		_, err := w.svc.CreateEnrolment(w.p.As(fixture.LoginBOfficer), asset.EnrolmentInput{OrgID: w.p.DeptA.ID})
		wantCode(t, err, errs.Forbidden)
		_, err = w.svc.CreateEnrolment(w.p.As(fixture.LoginAHead), asset.EnrolmentInput{OrgID: w.p.DeptA.ID})
		wantCode(t, err, errs.Forbidden)
		issue := func(in asset.EnrolmentInput) *asset.Enrolment {
			t.Helper()
			in.OrgID = w.p.DeptA.ID
			e, err := w.svc.CreateEnrolment(officer, in)
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
		enrol := func(token, host string) (*agentwire.EnrollResponse, error) {
			return w.svc.Enroll(bg, agentwire.EnrollRequest{Token: token, Hostname: host})
		}
		var stored string
		e := issue(asset.EnrolmentInput{Label: "Phòng Kế toán"})
		if err := d.R.QueryRow(`SELECT token_hash FROM agent_enrolments WHERE id = $1`, e.ID).Scan(&stored); err != nil || strings.Contains(stored, e.Token) || len(stored) != 64 {
			t.Fatalf("stored %q %v", stored, err)
		}
		list, _ := w.svc.ListEnrolments(officer, "")
		if len(list) != 1 || list[0].Token != "" {
			t.Errorf("a listed enrolment shows its token: %+v", list)
		}
		// Tampered and malformed tokens.
		for _, bad := range []string{e.Token + "x", strings.Replace(e.Token, "attt_", "attx_", 1), "", "attt_" + e.ID + "_"} {
			_, err := enrol(bad, "ketoan-01")
			wantCode(t, err, errs.Unauthenticated)
		}
		// The officer's own inventory already knows the host.
		known := w.add(t, asset.Input{Kind: asset.KindWorkstation, Name: "Máy kế toán", Hostnames: []string{"ketoan-01"}})
		res, err := enrol(e.Token, "KETOAN-01")
		if err != nil || res.AssetID != known.ID || len(res.Secret) != 64 {
			t.Fatalf("enrol %+v %v", res, err)
		}
		_, err = enrol(e.Token, "ketoan-02")
		wantCode(t, err, errs.Unauthenticated)

		revoked := issue(asset.EnrolmentInput{})
		if err := w.svc.RevokeEnrolment(officer, revoked.ID); err != nil {
			t.Fatal(err)
		}
		_, err = enrol(revoked.Token, "x")
		wantCode(t, err, errs.Unauthenticated)
		err = w.svc.RevokeEnrolment(w.p.As(fixture.LoginBOfficer), issue(asset.EnrolmentInput{}).ID)
		wantCode(t, err, errs.Forbidden)

		offline := issue(asset.EnrolmentInput{Offline: true, Days: 365})
		_, err = enrol(offline.Token, "x")
		wantCode(t, err, errs.Unauthenticated)

		late := issue(asset.EnrolmentInput{})
		w.p.Clock.Advance(8 * 24 * time.Hour)
		_, err = enrol(late.Token, "x")
		wantCode(t, err, errs.Unauthenticated)
		_, err = w.svc.CreateEnrolment(officer, asset.EnrolmentInput{OrgID: w.p.DeptA.ID, Days: 400})
		wantCode(t, err, errs.Invalid)
		if w.p.AuditCount("agent.enroll") != 1 || w.p.AuditCount("agent.enrolment.create") != 5 || w.p.AuditCount("agent.enrolment.revoke") != 1 {
			t.Errorf("audit: enroll %d, create %d, revoke %d", w.p.AuditCount("agent.enroll"), w.p.AuditCount("agent.enrolment.create"), w.p.AuditCount("agent.enrolment.revoke"))
		}
	})
}
