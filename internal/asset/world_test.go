package asset_test

import (
	"context"
	"testing"

	"attt/internal/asset"
	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

type world struct {
	p   *fixture.Province
	svc *asset.Service
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	p := fixture.New(t, d)
	return &world{p: p, svc: asset.New(d, p.Trail, p.Dir, asset.DefaultConfig(), p.Clock.Now)}
}

// add creates an asset of department A as A's officer.
func (w *world) add(t *testing.T, in asset.Input) *asset.Asset {
	t.Helper()
	if in.OrgID == "" {
		in.OrgID = w.p.DeptA.ID
	}
	a, err := w.svc.Create(w.p.As(fixture.LoginAOfficer), in)
	if err != nil {
		t.Fatalf("create %s: %v", in.Name, err)
	}
	return a
}

func wantCode(t *testing.T, err error, code errs.Code) {
	t.Helper()
	if errs.CodeOf(err) != code {
		t.Fatalf("err = %v (%s), want %s", err, errs.CodeOf(err), code)
	}
}

func names(list []asset.Asset) []string {
	out := []string{}
	for _, a := range list {
		out = append(out, a.Name)
	}
	return out
}

var bg = context.Background()

func fixtureFilter(action string) audit.Filter { return audit.Filter{Action: action} }
