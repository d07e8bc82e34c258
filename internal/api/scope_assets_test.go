package api_test

import (
	"encoding/json"
	"testing"
	"time"

	"attt/internal/asset"
	"attt/internal/asset/agentwire"
)

// scopeAssets are B's things of S4 the matrix aims at.
type scopeAssets struct {
	asset, enrolment, agent string
	approval, finding       string
	connection              string
	offlineFile             []byte
}

// addAssets gives B an asset with a declared control, an enrolment token,
// an enrolled agent and a signed offline report file.
func (w *scopeWorld) addAssets(t *testing.T) {
	t.Helper()
	sys := w.in.System()
	svc := w.in.Main.Assets
	a, err := svc.Create(sys, asset.Input{OrgID: w.b.ID, Kind: asset.KindServer, Name: "Máy chủ HIS Sở Y tế", Hostnames: []string{"his.syt.invalid"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Declare(sys, a.ID, asset.ControlInput{Kind: asset.CtlPassword, Done: true, Evidence: "Biên bản Sở Y tế"}); err != nil {
		t.Fatal(err)
	}
	e, err := svc.CreateEnrolment(sys, asset.EnrolmentInput{OrgID: w.b.ID, Label: "Sở Y tế"})
	if err != nil {
		t.Fatal(err)
	}
	used, err := svc.CreateEnrolment(sys, asset.EnrolmentInput{OrgID: w.b.ID})
	if err != nil {
		t.Fatal(err)
	}
	g, err := svc.Enroll(w.in.System(), agentwire.EnrollRequest{Token: used.Token, Hostname: "his.syt.invalid"})
	if err != nil {
		t.Fatal(err)
	}
	off, err := svc.CreateEnrolment(sys, asset.EnrolmentInput{OrgID: w.b.ID, Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(agentwire.Report{Hostname: "mat.syt.invalid", OS: "Windows", CollectedAt: time.Now().UTC()})
	file, _ := json.Marshal(agentwire.SignOffline(off.Token, agentwire.Timestamp(time.Now()), agentwire.NewNonce(), body))
	ap, err := svc.AddApproval(sys, asset.ApprovalInput{OrgID: w.b.ID, Name: "Phần mềm bệnh án điện tử"})
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := json.Marshal(agentwire.Report{Hostname: "his.syt.invalid", Software: []agentwire.Package{{Name: "AnyDesk", Version: "8.0"}}})
	ts, nonce := agentwire.Timestamp(time.Now()), agentwire.NewNonce()
	if err := svc.Report(sys, asset.SignedReport{AgentID: g.AgentID, Timestamp: ts, Nonce: nonce, Signature: agentwire.Sign(g.Secret, ts, nonce, rep), Body: rep}); err != nil {
		t.Fatal(err)
	}
	fs, err := svc.ListFindings(sys, asset.FindingFilter{OrgID: w.b.ID})
	if err != nil || len(fs) != 1 {
		t.Fatalf("B's finding: %+v %v", fs, err)
	}
	conn, err := svc.RegisterConnection(sys, asset.ConnectionInput{OrgID: w.b.ID, Name: "HIS liên thông", Purpose: "Liên thông dữ liệu khám chữa bệnh",
		Endpoints: []string{"https://his.syt.invalid/api"}, DataExchanged: "Hồ sơ khám bệnh", Responsible: "Đinh Văn Cường", PolicyAck: true})
	if err != nil {
		t.Fatal(err)
	}
	w.assets = scopeAssets{asset: a.ID, enrolment: e.ID, agent: g.AgentID, offlineFile: file, approval: ap.ID, finding: fs[0].ID, connection: conn.ID}
	w.secrets = append(w.secrets, a.ID, e.ID, g.AgentID, off.ID, ap.ID, fs[0].ID, conn.ID, "HIS liên thông", "his.syt.invalid", "mat.syt.invalid", "AnyDesk", "bệnh án điện tử")
}

// checkAssetsUntouched fails when a refused call changed B's S4 things.
func (w *scopeWorld) checkAssetsUntouched(t *testing.T) {
	t.Helper()
	sys := w.in.System()
	svc := w.in.Main.Assets
	a, err := svc.Get(sys, w.assets.asset)
	if err != nil || a.Name != "Máy chủ HIS Sở Y tế" || a.Retired || a.OrgID != w.b.ID {
		t.Errorf("B's asset changed: %+v %v", a, err)
	}
	list, err := svc.List(sys, asset.Filter{OrgID: w.b.ID})
	if err != nil || len(list) != 1 {
		t.Errorf("B's inventory changed: %d %v", len(list), err)
	}
	es, _ := svc.ListEnrolments(sys, w.b.ID)
	for _, e := range es {
		if e.Revoked {
			t.Errorf("B's enrolment revoked: %+v", e)
		}
	}
	if fs, _ := svc.ListFindings(sys, asset.FindingFilter{OrgID: w.b.ID}); len(fs) != 1 {
		t.Errorf("B's findings changed: %+v", fs)
	}
	if l, _ := svc.Approvals(sys, w.b.ID); len(l) != 1 {
		t.Errorf("B's approved list changed: %+v", l)
	}
	if c, err := svc.GetConnection(sys, w.assets.connection); err != nil || c.Status != asset.ConnPending || c.Name != "HIS liên thông" {
		t.Errorf("B's connection changed: %+v %v", c, err)
	}
	gs, _ := svc.ListAgents(sys, w.b.ID)
	if len(gs) != 1 || gs[0].Revoked {
		t.Errorf("B's agents changed: %+v", gs)
	}
}

func init() {
	target := func(name string, path func(w *scopeWorld) string, body any) scopeEntry {
		return scopeEntry{"target", func(w *scopeWorld) []scopeCall { return one(name, path(w), body) }}
	}
	assetPath := func(suffix string) func(w *scopeWorld) string {
		return func(w *scopeWorld) string { return "/api/v1/assets/" + w.assets.asset + suffix }
	}
	m := map[string]scopeEntry{
		"GET /api/v1/assets": {"list", func(w *scopeWorld) []scopeCall {
			return []scopeCall{{name: "all", path: "/api/v1/assets"}, {name: "org B", path: "/api/v1/assets?org=" + w.b.ID},
				{name: "q", path: "/api/v1/assets?q=his"}, {name: "graded", path: "/api/v1/assets?control=default_password&status=ok"},
				{name: "unseen", path: "/api/v1/assets?seen=unseen"}}
		}},
		"POST /api/v1/assets": {"target", func(w *scopeWorld) []scopeCall {
			return one("for B", "/api/v1/assets", map[string]any{"org": w.b.ID, "kind": "server", "name": "Máy chủ lạ"})
		}},
		"POST /api/v1/assets/import": {"import", func(w *scopeWorld) []scopeCall {
			return []scopeCall{{name: "into B", path: "/api/v1/assets/import", upload: []byte("Mã đơn vị,Tên tài sản,Loại tài sản\nDEPT-B,Máy chủ lạ,Máy chủ\n")}}
		}},
		"GET /api/v1/assets/coverage": {"list", func(w *scopeWorld) []scopeCall {
			return []scopeCall{{name: "own", path: "/api/v1/assets/coverage"}, {name: "org B", path: "/api/v1/assets/coverage?org=" + w.b.ID}}
		}},
		"GET /api/v1/assets/export": {"list", func(w *scopeWorld) []scopeCall {
			return []scopeCall{{name: "all", path: "/api/v1/assets/export?format=csv"}, {name: "org B", path: "/api/v1/assets/export?format=csv&org=" + w.b.ID}}
		}},
		"POST /api/v1/assets/offline-report": {"target", func(w *scopeWorld) []scopeCall {
			return []scopeCall{{name: "B's file", path: "/api/v1/assets/offline-report", upload: w.assets.offlineFile}}
		}},
		"GET /api/v1/assets/{id}": target("B", assetPath(""), nil),
		"PUT /api/v1/assets/{id}": {"target", func(w *scopeWorld) []scopeCall {
			return one("B", assetPath("")(w), map[string]any{"kind": "server", "name": "Đổi tên"})
		}},
		"POST /api/v1/assets/{id}/retire":  target("B", assetPath("/retire"), nil),
		"POST /api/v1/assets/{id}/restore": target("B", assetPath("/restore"), nil),
		"GET /api/v1/assets/{id}/controls": target("B", assetPath("/controls"), nil),
		"PUT /api/v1/assets/{id}/controls/{control}": {"target", func(w *scopeWorld) []scopeCall {
			return one("B", assetPath("/controls/default_password")(w), map[string]any{"done": false})
		}},
		"GET /api/v1/assets/{id}/software": target("B", assetPath("/software"), nil),
		"GET /api/v1/agent-enrolments": {"list", func(w *scopeWorld) []scopeCall {
			return []scopeCall{{name: "all", path: "/api/v1/agent-enrolments"}, {name: "org B", path: "/api/v1/agent-enrolments?org=" + w.b.ID}}
		}},
		"POST /api/v1/agent-enrolments": {"target", func(w *scopeWorld) []scopeCall {
			return one("for B", "/api/v1/agent-enrolments", map[string]any{"org": w.b.ID})
		}},
		"DELETE /api/v1/agent-enrolments/{id}": {"target", func(w *scopeWorld) []scopeCall {
			return one("B", "/api/v1/agent-enrolments/"+w.assets.enrolment, nil)
		}},
		"GET /api/v1/approved-software": {"list", func(w *scopeWorld) []scopeCall {
			return []scopeCall{{name: "org B", path: "/api/v1/approved-software?org=" + w.b.ID}, {name: "unit B1", path: "/api/v1/approved-software?org=" + w.b1.ID}}
		}},
		"POST /api/v1/approved-software": {"target", func(w *scopeWorld) []scopeCall {
			return one("for B", "/api/v1/approved-software", map[string]any{"org": w.b.ID, "name": "*"})
		}},
		"DELETE /api/v1/approved-software/{id}": {"target", func(w *scopeWorld) []scopeCall {
			return one("B", "/api/v1/approved-software/"+w.assets.approval, nil)
		}},
		"GET /api/v1/software-findings": {"list", func(w *scopeWorld) []scopeCall {
			return []scopeCall{{name: "all", path: "/api/v1/software-findings?status=all"}, {name: "org B", path: "/api/v1/software-findings?org=" + w.b.ID},
				{name: "asset B", path: "/api/v1/software-findings?asset=" + w.assets.asset}}
		}},
		"POST /api/v1/software-findings/{id}/resolve": {"target", func(w *scopeWorld) []scopeCall {
			return one("B", "/api/v1/software-findings/"+w.assets.finding+"/resolve", map[string]any{"action": "approve"})
		}},
		"GET /api/v1/dc-connections": {"list", func(w *scopeWorld) []scopeCall {
			return []scopeCall{{name: "all", path: "/api/v1/dc-connections"}, {name: "org B", path: "/api/v1/dc-connections?org=" + w.b.ID},
				{name: "pending", path: "/api/v1/dc-connections?status=pending"}}
		}},
		"POST /api/v1/dc-connections": {"target", func(w *scopeWorld) []scopeCall {
			return one("for B", "/api/v1/dc-connections", map[string]any{"org": w.b.ID, "name": "x", "purpose": "x", "endpoints": []string{"x"},
				"data_exchanged": "x", "responsible": "x", "policy_ack": true})
		}},
		"GET /api/v1/dc-connections/{id}": {"target", func(w *scopeWorld) []scopeCall { return one("B", "/api/v1/dc-connections/"+w.assets.connection, nil) }},
		"PUT /api/v1/dc-connections/{id}": {"target", func(w *scopeWorld) []scopeCall {
			return one("B", "/api/v1/dc-connections/"+w.assets.connection, map[string]any{"name": "Đổi", "purpose": "x", "endpoints": []string{"x"},
				"data_exchanged": "x", "responsible": "x", "policy_ack": true})
		}},
		"POST /api/v1/dc-connections/{id}/decision": {"target", func(w *scopeWorld) []scopeCall {
			return one("B", "/api/v1/dc-connections/"+w.assets.connection+"/decision", map[string]any{"action": "approve"})
		}},
		"GET /api/v1/agents": {"list", func(w *scopeWorld) []scopeCall {
			return []scopeCall{{name: "all", path: "/api/v1/agents"}, {name: "org B", path: "/api/v1/agents?org=" + w.b.ID}}
		}},
		"POST /api/v1/agents/{id}/revoke": {"target", func(w *scopeWorld) []scopeCall {
			return one("B", "/api/v1/agents/"+w.assets.agent+"/revoke", nil)
		}},
	}
	for k, v := range m {
		scopeMatrix[k] = v
	}
	scopeExempt["POST /api/v1/agent/enroll"] = "public: the one-time token names its agency (agent_test.go)"
	scopeExempt["POST /api/v1/agent/report"] = "public: the agent's signature names its asset (agent_test.go)"
}
