package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"attt/internal/agent"
	"attt/internal/asset"
	"attt/internal/asset/agentwire"
	"attt/internal/directory"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// agentCaller posts signed reports as one agent.
type agentCaller struct {
	c             *client
	id, secret    string
	lastTimestamp string
}

func (a *agentCaller) post(body []byte, ts, nonce, sig string) reply {
	a.c.tb.Helper()
	req, _ := http.NewRequest("POST", a.c.base+agentwire.PathReport, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(agentwire.HeaderAgent, a.id)
	req.Header.Set(agentwire.HeaderTimestamp, ts)
	req.Header.Set(agentwire.HeaderNonce, nonce)
	req.Header.Set(agentwire.HeaderSignature, sig)
	return a.c.send(req)
}

// report signs body properly with a fresh nonce.
func (a *agentCaller) report(body []byte) (reply, string) {
	ts, nonce := agentwire.Timestamp(time.Now()), agentwire.NewNonce()
	a.lastTimestamp = ts
	return a.post(body, ts, nonce, agentwire.Sign(a.secret, ts, nonce, body)), nonce
}

func enrolAgent(t *testing.T, in *e2e.Instance, orgID, host string) *agentCaller {
	t.Helper()
	e, err := in.Main.Assets.CreateEnrolment(in.System(), asset.EnrolmentInput{OrgID: orgID})
	if err != nil {
		t.Fatal(err)
	}
	c := anon(t, in)
	var res agentwire.EnrollResponse
	c.must(201, "POST", agentwire.PathEnroll, agentwire.EnrollRequest{Token: e.Token, Hostname: host}, &res)
	// The token is one-time.
	if r := c.do("POST", agentwire.PathEnroll, agentwire.EnrollRequest{Token: e.Token, Hostname: "other"}); r.Status != 401 {
		t.Fatalf("token reused: %s", r)
	}
	return &agentCaller{c: c, id: res.AgentID, secret: res.Secret}
}

func reportOf(host string, pkgs ...string) []byte {
	r := agentwire.Report{Hostname: host, OS: "Debian GNU/Linux", OSVersion: "12", Addresses: []string{"10.9.0.7"}, CollectedAt: time.Now().UTC()}
	for _, p := range pkgs {
		r.Software = append(r.Software, agentwire.Package{Name: p, Version: "1.0"})
	}
	data, _ := json.Marshal(r)
	return data
}

func TestAgentReports(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		sys := in.System()
		a := in.Org(t, "DEPT-A", "Sở Nội vụ", directory.TypeDepartment, "")
		b := in.Org(t, "DEPT-B", "Sở Y tế", directory.TypeDepartment, "")
		bAsset, err := in.Main.Assets.Create(sys, asset.Input{OrgID: b.ID, Kind: asset.KindServer, Name: "his-01", Hostnames: []string{"his-01"}})
		if err != nil {
			t.Fatal(err)
		}
		ag := enrolAgent(t, in, a.ID, "may-a")
		if r := anon(t, in).do("POST", agentwire.PathEnroll, agentwire.EnrollRequest{Token: "attt_nope_x", Hostname: "x"}); r.Status != 401 {
			t.Errorf("unknown token: %s", r)
		}

		// A good report, then the same request again: a replay.
		body := reportOf("may-a", "openssh-server", "vim")
		r, nonce := ag.report(body)
		if r.Status != 200 {
			t.Fatalf("report: %s", r)
		}
		if r := ag.post(body, ag.lastTimestamp, nonce, agentwire.Sign(ag.secret, ag.lastTimestamp, nonce, body)); r.Status != 409 {
			t.Errorf("replay: %s", r)
		}
		// Wrong signature, stale timestamp, unknown agent, malformed and
		// oversized bodies.
		if r := ag.post(body, agentwire.Timestamp(time.Now()), agentwire.NewNonce(), strings.Repeat("ab", 32)); r.Status != 401 {
			t.Errorf("bad signature: %s", r)
		}
		old, n := agentwire.Timestamp(time.Now().Add(-time.Hour)), agentwire.NewNonce()
		if r := ag.post(body, old, n, agentwire.Sign(ag.secret, old, n, body)); r.Status != 401 {
			t.Errorf("stale: %s", r)
		}
		stranger := &agentCaller{c: ag.c, id: "01UNKNOWNAGENT", secret: ag.secret}
		if r, _ := stranger.report(body); r.Status != 401 {
			t.Errorf("unknown agent: %s", r)
		}
		for name, bad := range map[string]string{"not json": "{", "no host": `{"os":"x"}`, "unknown field": `{"hostname":"a","asset_id":"x"}`} {
			if r, _ := ag.report([]byte(bad)); r.Status != 400 {
				t.Errorf("%s: %s", name, r)
			}
		}
		huge := reportOf("may-a", strings.Split(strings.Repeat("p,", 200000), ",")...)
		if r, _ := ag.report(huge); r.Status != 413 {
			t.Errorf("oversized: %d", r.Status)
		}

		// The agent of A claiming B's host name writes to its own asset.
		if r, _ := ag.report(reportOf("his-01", "nmap")); r.Status != 200 {
			t.Fatalf("report: %s", r)
		}
		sw, _ := in.Main.Assets.SoftwareOf(sys, bAsset.ID)
		got, _ := in.Main.Assets.Get(sys, bAsset.ID)
		if len(sw) != 0 || !got.LastSeenAt.IsZero() || got.OS != "" {
			t.Errorf("A's agent wrote to B's asset: %+v %+v", got, sw)
		}
		list, _ := in.Main.Assets.List(sys, asset.Filter{OrgID: a.ID})
		if len(list) != 1 || list[0].Name != "may-a" || !strings.Contains(strings.Join(list[0].Hostnames, ","), "his-01") {
			t.Fatalf("A's assets: %+v", list)
		}
		sw, _ = in.Main.Assets.SoftwareOf(sys, list[0].ID)
		if len(sw) != 1 || sw[0].Name != "nmap" {
			t.Errorf("software after the second report: %+v", sw)
		}

		// A revoked agent is refused.
		in.Person(t, "a.officer", "Ngô Thị Lan", "DEPT-A", pw, principal.Officer)
		c := signIn(t, in, "a.officer", pw)
		c.must(200, "POST", "/api/v1/agents/"+ag.id+"/revoke", nil, nil)
		if r, _ := ag.report(body); r.Status != 401 {
			t.Errorf("revoked agent: %s", r)
		}
	})
}

// TestOfflineReportUpload: the secret-document computer's agent writes a
// signed file under an offline token; the officer uploads it once.
func TestOfflineReportUpload(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		a := in.Org(t, "DEPT-A", "Sở Nội vụ", directory.TypeDepartment, "")
		in.Person(t, "a.officer", "Ngô Thị Lan", "DEPT-A", pw, principal.Officer)
		c := signIn(t, in, "a.officer", pw)
		var e asset.Enrolment
		c.must(201, "POST", "/api/v1/agent-enrolments", map[string]any{"org": a.ID, "offline": true, "days": 365}, &e)
		if e.Token == "" || !e.Offline {
			t.Fatalf("enrolment %+v", e)
		}
		path := filepath.Join(t.TempDir(), "baocao.json")
		if err := agent.WriteOffline(context.Background(), e.Token, path, agent.CollectOptions{}); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		tampered := bytes.Replace(data, []byte(`\"os\":\"`), []byte(`\"os\":\"X`), 1)
		if r := c.upload("/api/v1/assets/offline-report", "baocao.json", tampered); r.Status != 400 {
			t.Errorf("tampered file: %s", r)
		}
		var ans struct {
			AssetID string `json:"asset_id"`
		}
		r := c.upload("/api/v1/assets/offline-report", "baocao.json", data)
		if r.Status != 200 {
			t.Fatalf("upload: %s", r)
		}
		r.into(t, &ans)
		if r := c.upload("/api/v1/assets/offline-report", "baocao.json", data); r.Status != 409 {
			t.Errorf("second upload: %s", r)
		}
		var x asset.Asset
		c.must(200, "GET", "/api/v1/assets/"+ans.AssetID, nil, &x)
		if !x.SecretMachine || x.OS == "" {
			t.Errorf("asset %+v", x)
		}
		var cs struct{ Items []asset.Control }
		c.must(200, "GET", "/api/v1/assets/"+ans.AssetID+"/controls", nil, &cs)
		found := false
		for _, ctl := range cs.Items {
			if ctl.Kind == asset.CtlOffline {
				found = ctl.Source == asset.SourceAgent && ctl.Done
			}
		}
		if !found {
			t.Errorf("offline control not recorded: %+v", cs.Items)
		}
	})
}
