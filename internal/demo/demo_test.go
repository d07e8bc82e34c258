package demo_test

import (
	"context"
	"testing"

	"attt/internal/asset"
	"attt/internal/demo"
	"attt/internal/incident"
	"attt/internal/testutil/e2e"
)

func TestDemoLoads(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	if err := demo.Load(context.Background(), in.Main); err != nil {
		t.Fatal(err)
	}
	list, n, err := in.Main.Incidents.List(in.System(), incident.Filter{})
	if err != nil || n != 3 {
		t.Fatalf("demo incidents: %d %v", n, err)
	}
	statuses := map[incident.Status]bool{}
	for _, inc := range list {
		statuses[inc.Status] = true
	}
	if !statuses[incident.StatusClosed] || !statuses[incident.StatusResponding] {
		t.Fatalf("demo statuses: %v", statuses)
	}
	rep, err := in.Main.Assets.Coverage(in.System(), "")
	if err != nil || rep.Total.Assets != 8 || rep.Total.Control(asset.CtlAntivirus).Failing != 1 {
		t.Fatalf("demo coverage: %+v %v", rep, err)
	}
	if cs, err := in.Main.Assets.ListConnections(in.System(), "", asset.ConnPending); err != nil || len(cs) != 1 {
		t.Fatalf("demo connections: %+v %v", cs, err)
	}
	// Loading again on a database in use does nothing.
	if err := demo.Load(context.Background(), in.Main); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := in.Main.Incidents.List(in.System(), incident.Filter{}); n != 3 {
		t.Fatalf("second load added incidents: %d", n)
	}
}
