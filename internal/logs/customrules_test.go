package logs

import (
	"testing"

	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

const vpnRule = `id: vpn-login-foreign
title: Đăng nhập VPN từ địa chỉ lạ
title_en: VPN login from an unexpected address
level: medium
detection:
  vpn:
    app: openvpn
    message|contains: "Peer Connection Initiated"
  home:
    message|contains: "10.1."
  condition: vpn and not home
`

func TestWrittenRules(t *testing.T) {
	w := newWorld(t, dbtest.SQLite(t))
	p := w.p
	runRules(t, w)
	if _, err := w.svc.SaveRule(p.As(fixture.LoginAOfficer), vpnRule); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an agency officer wrote a province rule: %v", err)
	}
	if _, err := w.svc.SaveRule(p.As(fixture.LoginAuthority), "id: x\ntitle: T\nlevel: nope\n"); !errs.Is(err, errs.Invalid) {
		t.Fatalf("invalid rule: %v", err)
	}
	shipped := w.svc.opt.Rules[0].Source
	if _, err := w.svc.SaveRule(p.As(fixture.LoginAuthority), shipped); !errs.Is(err, errs.Conflict) {
		t.Fatalf("overwrote a shipped rule: %v", err)
	}
	if _, err := w.svc.SaveRule(p.As(fixture.LoginAuthority), vpnRule); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.svc.CreateSource(p.As(fixture.LoginAOfficer), SourceInput{OrgID: p.DeptA.ID, Name: "vpn", Kind: KindAddress, Match: "10.1.0.9"}); err != nil {
		t.Fatal(err)
	}
	w.receive(t, "10.1.0.9", "<30>1 2026-11-24T10:00:00+07:00 vpn openvpn 1 - - 10.1.5.5:1194 Peer Connection Initiated with [AF_INET]10.1.5.5:51820")
	w.receive(t, "10.1.0.9", "<30>1 2026-11-24T10:01:00+07:00 vpn openvpn 1 - - 198.51.100.8:1194 Peer Connection Initiated with [AF_INET]198.51.100.8:51820")
	as := waitAlerts(t, w, fixture.LoginAOfficer, 1)
	if as[0].RuleID != "vpn-login-foreign" || len(as[0].Events) != 1 {
		t.Fatalf("alert: %+v", as[0])
	}
	list, err := w.svc.Rules(p.As(fixture.LoginAOfficer))
	if err != nil || len(list) != len(w.svc.opt.Rules)+1 {
		t.Fatalf("rules: %d, %v", len(list), err)
	}
	if err := w.svc.DeleteRule(p.As(fixture.LoginAuthority), "vpn-login-foreign"); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.DeleteRule(p.As(fixture.LoginAuthority), "windows-log-cleared"); !errs.Is(err, errs.Conflict) {
		t.Fatalf("deleted a shipped rule: %v", err)
	}
	if n := len(w.svc.engine.Rules()); n != len(w.svc.opt.Rules) {
		t.Fatalf("engine still has %d rules", n)
	}
}
