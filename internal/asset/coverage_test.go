package asset_test

import (
	"testing"
	"time"

	"attt/internal/asset"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

// TestCoverage builds a small province and checks each figure against the
// list behind it (the same filter the dashboard links to).
func TestCoverage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		now := w.p.Clock.Now()
		a := w.p.As(fixture.LoginAOfficer)
		pc1 := w.add(t, asset.Input{Kind: asset.KindWorkstation, Name: "PC 1", SecretMachine: true})
		pc2 := w.add(t, asset.Input{Kind: asset.KindWorkstation, Name: "PC 2", OrgID: w.p.UnitA.ID})
		srv := w.add(t, asset.Input{Kind: asset.KindServer, Name: "Máy chủ", BackupEveryHours: 24})
		w.add(t, asset.Input{Kind: asset.KindNetwork, Name: "Switch lõi"})
		if _, err := w.svc.Create(w.p.As(fixture.LoginBOfficer), asset.Input{OrgID: w.p.DeptB.ID, Kind: asset.KindLaptop, Name: "Laptop B"}); err != nil {
			t.Fatal(err)
		}
		mustDeclare := func(id string, in asset.ControlInput) {
			t.Helper()
			if _, err := w.svc.Declare(a, id, in); err != nil {
				t.Fatal(err)
			}
		}
		mustDeclare(pc1.ID, asset.ControlInput{Kind: asset.CtlAntivirus, Done: true, Running: true, SignaturesAt: now.Add(-time.Hour)})
		mustDeclare(pc2.ID, asset.ControlInput{Kind: asset.CtlAntivirus, Done: true, Running: false})
		mustDeclare(srv.ID, asset.ControlInput{Kind: asset.CtlBackup, Done: true, LastBackupAt: now.Add(-72 * time.Hour), LastRestoreAt: now.Add(-time.Hour)})

		rep, err := w.svc.Coverage(w.p.As(fixture.LoginAuthority), "")
		if err != nil {
			t.Fatal(err)
		}
		tot := rep.Total
		if tot.OrgID != w.p.Root.ID || tot.Assets != 5 || tot.Computers != 4 || tot.NeverSeen != 4 {
			t.Fatalf("province %+v", tot)
		}
		av := tot.Control(asset.CtlAntivirus)
		if av.OK != 1 || av.Failing != 1 || av.Unknown != 2 || av.Percent() != 25 {
			t.Errorf("antivirus %+v", av)
		}
		if b := tot.Control(asset.CtlBackup); b.Failing != 1 || b.Total() != 1 {
			t.Errorf("backup %+v", b)
		}
		byOrg := map[string]asset.Figures{}
		for _, f := range rep.Agencies {
			byOrg[f.OrgID] = f
		}
		if len(rep.Agencies) != 5 || byOrg[w.p.DeptA.ID].Assets != 4 || byOrg[w.p.DeptB.ID].Assets != 1 || byOrg[w.p.PoliceOrg.ID].Assets != 0 {
			t.Fatalf("agencies %+v", rep.Agencies)
		}

		// The officer of A sees A (its own assets and its unit's).
		repA, err := w.svc.Coverage(a, "")
		if err != nil {
			t.Fatal(err)
		}
		if repA.Total.OrgID != w.p.DeptA.ID || repA.Total.Assets != 4 || len(repA.Agencies) != 2 || repA.Agencies[0].Assets != 3 {
			t.Fatalf("A %+v", repA)
		}
		// Every number is the length of the list behind it.
		for _, k := range asset.ControlKinds() {
			for _, st := range []asset.Status{asset.StatusOK, asset.StatusWarning, asset.StatusFailing, asset.StatusUnknown} {
				list, err := w.svc.List(a, asset.Filter{OrgID: w.p.DeptA.ID, Control: k, Status: st})
				if err != nil {
					t.Fatal(err)
				}
				if got := repA.Total.Control(k).Of(st); got != len(list) {
					t.Errorf("%s/%s: figure %d, list %d %v", k, st, got, len(list), names(list))
				}
			}
		}
		if list, _ := w.svc.List(a, asset.Filter{OrgID: w.p.DeptA.ID, Secret: true}); len(list) != repA.Total.SecretMachines || len(list) != 1 {
			t.Errorf("secret machines %d, list %v", repA.Total.SecretMachines, names(list))
		}
		if list, _ := w.svc.List(a, asset.Filter{OrgID: w.p.DeptA.ID, Seen: "never"}); len(list) != repA.Total.NeverSeen {
			t.Errorf("never seen %d, list %v", repA.Total.NeverSeen, names(list))
		}

		// B's officer cannot ask for A.
		_, err = w.svc.Coverage(w.p.As(fixture.LoginBOfficer), w.p.DeptA.ID)
		wantCode(t, err, errs.Forbidden)
		_, err = w.svc.Coverage(w.p.As(fixture.LoginAStaff), "")
		wantCode(t, err, errs.Forbidden)
	})
}

func TestCoverageWithoutChildren(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.add(t, asset.Input{Kind: asset.KindWorkstation, Name: "PC", OrgID: w.p.UnitA.ID})
		rep, err := w.svc.Coverage(w.p.As(fixture.LoginAOfficer), w.p.UnitA.ID)
		if err != nil || rep.Total.Assets != 1 || len(rep.Agencies) != 0 {
			t.Fatalf("a leaf organisation repeats its total: %+v %v", rep, err)
		}
	})
}
