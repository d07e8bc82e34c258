package asset_test

import (
	"slices"
	"testing"
	"time"

	"attt/internal/asset"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/testutil/fixture"
)

func TestDeclareAndGrade(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.p.As(fixture.LoginAOfficer)
		now := w.p.Clock.Now()
		srv := w.add(t, asset.Input{Kind: asset.KindServer, Name: "Máy chủ", BackupEveryHours: 24})
		pc := w.add(t, asset.Input{Kind: asset.KindWorkstation, Name: "Máy trạm", SecretMachine: true})

		// Nothing observed: the controls that apply are unknown.
		cs, err := w.svc.Controls(ctx, pc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := kindsOf(cs); !slices.Equal(got, []string{"default_password", "antivirus", "software", "offline"}) {
			t.Errorf("workstation controls %v", got)
		}
		if cs[0].Status != asset.StatusUnknown {
			t.Errorf("unknown %+v", cs[0])
		}

		declare := func(id string, in asset.ControlInput) *asset.Control {
			t.Helper()
			c, err := w.svc.Declare(ctx, id, in)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		c := declare(srv.ID, asset.ControlInput{Kind: asset.CtlBackup, Done: true, LastBackupAt: now.Add(-2 * time.Hour),
			LastRestoreAt: now.AddDate(0, -1, 0), Evidence: "Nhật ký Veeam ngày 02/03/2025"})
		if c.Status != asset.StatusOK || c.Source != asset.SourceDeclared || c.RecordedBy != w.p.ID(fixture.LoginAOfficer) {
			t.Errorf("backup %+v", c)
		}
		declare(pc.ID, asset.ControlInput{Kind: asset.CtlAntivirus, Done: true, Running: true, Product: "BKAV Pro", SignaturesAt: now.Add(-24 * time.Hour)})
		declare(pc.ID, asset.ControlInput{Kind: asset.CtlPassword, Done: false})
		declare(pc.ID, asset.ControlInput{Kind: asset.CtlOffline, Done: true, Networked: false})

		// Two days later the daily backup is overdue; ten days later the
		// signatures are too old.
		w.p.Clock.Advance(48 * time.Hour)
		if cs, _ := w.svc.Controls(ctx, srv.ID); statusOf(cs, asset.CtlBackup) != asset.StatusFailing {
			t.Errorf("backup after two days: %+v", cs)
		}
		w.p.Clock.Advance(8 * 24 * time.Hour)
		cs, _ = w.svc.Controls(ctx, pc.ID)
		if statusOf(cs, asset.CtlAntivirus) != asset.StatusWarning || statusOf(cs, asset.CtlPassword) != asset.StatusFailing ||
			statusOf(cs, asset.CtlOffline) != asset.StatusOK {
			t.Errorf("workstation controls %+v", cs)
		}
		if w.p.AuditCount("asset.control") != 4 {
			t.Errorf("controls audited %d times", w.p.AuditCount("asset.control"))
		}
	})
}

// TestConditionsAgreeWithGrade holds the SQL behind coverage lists to the
// Go grading: for every control state, the asset is listed under exactly
// the status Grade gives it.
func TestConditionsAgreeWithGrade(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.p.As(fixture.LoginAOfficer)
		now := w.p.Clock.Now()
		day := 24 * time.Hour
		cases := []struct {
			kind asset.Kind
			hrs  int
			in   asset.ControlInput
		}{
			{asset.KindServer, 0, asset.ControlInput{Kind: asset.CtlPassword, Done: true}},
			{asset.KindServer, 0, asset.ControlInput{Kind: asset.CtlPassword}},
			{asset.KindLaptop, 0, asset.ControlInput{Kind: asset.CtlAntivirus, Done: true, Running: true, SignaturesAt: now.Add(-day)}},
			{asset.KindLaptop, 0, asset.ControlInput{Kind: asset.CtlAntivirus, Done: true, Running: true, SignaturesAt: now.Add(-30 * day)}},
			{asset.KindLaptop, 0, asset.ControlInput{Kind: asset.CtlAntivirus, Done: true, Running: true}},
			{asset.KindLaptop, 0, asset.ControlInput{Kind: asset.CtlAntivirus, Done: true}},
			{asset.KindLaptop, 0, asset.ControlInput{Kind: asset.CtlAntivirus}},
			{asset.KindServer, 0, asset.ControlInput{Kind: asset.CtlBackup, Done: true, LastBackupAt: now.Add(-day), LastRestoreAt: now.Add(-day)}},
			{asset.KindServer, 0, asset.ControlInput{Kind: asset.CtlBackup, Done: true, LastBackupAt: now.Add(-10 * day), LastRestoreAt: now.Add(-day)}},
			{asset.KindServer, 12, asset.ControlInput{Kind: asset.CtlBackup, Done: true, LastBackupAt: now.Add(-day), LastRestoreAt: now.Add(-day)}},
			{asset.KindServer, 0, asset.ControlInput{Kind: asset.CtlBackup, Done: true, LastBackupAt: now.Add(-day)}},
			{asset.KindWorkstation, 0, asset.ControlInput{Kind: asset.CtlBackup, Done: true, LastBackupAt: now.Add(-100 * day), LastRestoreAt: now.Add(-300 * day)}},
			{asset.KindServer, 0, asset.ControlInput{Kind: asset.CtlBackup}},
			{asset.KindWorkstation, 0, asset.ControlInput{Kind: asset.CtlOffline, Done: true}},
			{asset.KindWorkstation, 0, asset.ControlInput{Kind: asset.CtlOffline, Done: true, Networked: true}},
			{asset.KindWorkstation, 0, asset.ControlInput{Kind: asset.CtlSoftware}},
		}
		want := map[string]asset.Status{}
		for i, c := range cases {
			a := w.add(t, asset.Input{Kind: c.kind, Name: "A" + string(rune('a'+i)), BackupEveryHours: c.hrs})
			got, err := w.svc.Declare(ctx, a.ID, c.in)
			if err != nil {
				t.Fatal(err)
			}
			want[a.Name+"/"+string(c.in.Kind)] = got.Status
		}
		seen := 0
		for _, k := range asset.ControlKinds() {
			for _, st := range []asset.Status{asset.StatusOK, asset.StatusWarning, asset.StatusFailing} {
				list, err := w.svc.List(ctx, asset.Filter{Control: k, Status: st})
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range list {
					seen++
					if g := want[a.Name+"/"+string(k)]; g != st {
						t.Errorf("%s %s: SQL says %s, Grade says %s", a.Name, k, st, g)
					}
				}
			}
		}
		if seen != len(cases) {
			t.Errorf("SQL listed %d graded controls of %d", seen, len(cases))
		}
	})
}

func kindsOf(cs []asset.Control) []string {
	var out []string
	for _, c := range cs {
		out = append(out, string(c.Kind))
	}
	return out
}

func statusOf(cs []asset.Control, k asset.ControlKind) asset.Status {
	for _, c := range cs {
		if c.Kind == k {
			return c.Status
		}
	}
	return ""
}
