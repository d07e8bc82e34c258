package agent_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"attt/internal/agent"
	"attt/internal/asset"
	"attt/internal/directory"
	"attt/internal/testutil/e2e"
)

// TestRunReportsUntilCancelled runs the agent loop against attt on
// loopback: it enrols, reports on its interval, and stops with its context.
func TestRunReportsUntilCancelled(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	org := in.Org(t, "STC", "Sở Tài chính", directory.TypeDepartment, "")
	e, err := in.Main.Assets.CreateEnrolment(in.System(), asset.EnrolmentInput{OrgID: org.ID})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	o := agent.Options{Server: in.URL, Token: e.Token, State: filepath.Join(t.TempDir(), "state.json"), Interval: 200 * time.Millisecond}
	go func() { done <- agent.Run(ctx, o) }()
	deadline := time.Now().Add(20 * time.Second)
	var first time.Time
	for time.Now().Before(deadline) {
		gs, err := in.Main.Assets.ListAgents(in.System(), org.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(gs) == 1 && !gs[0].LastReportAt.IsZero() {
			if first.IsZero() {
				first = gs[0].LastReportAt
			} else if gs[0].LastReportAt.After(first) {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the agent did not stop")
	}
	gs, _ := in.Main.Assets.ListAgents(in.System(), org.ID)
	if first.IsZero() || len(gs) != 1 || !gs[0].LastReportAt.After(first) {
		t.Fatalf("no second report: %+v", gs)
	}
	// A second agent run with the same state file needs no token.
	o.Token = ""
	if err := agent.Once(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	o.Server = "http://127.0.0.1:1"
	if err := agent.Once(context.Background(), o); err == nil {
		t.Error("a state file of another server was used")
	}
}
