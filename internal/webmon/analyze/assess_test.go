package analyze

import (
	"slices"
	"strings"
	"testing"
)

func TestAssess(t *testing.T) {
	base := Learn(MustAnalyze(t, "clean.html"), MustAnalyze(t, "clean-next.html"))
	all := func(file string) map[Variant]*Snapshot {
		s := MustAnalyze(t, file)
		return map[Variant]*Snapshot{Browser: s, Googlebot: s, Mobile: s, GoogleReferrer: s}
	}
	browserOnly := func(file string) map[Variant]*Snapshot {
		m := all("clean-next.html")
		m[Browser] = MustAnalyze(t, file)
		return m
	}
	refSnap, _ := Analyze(MustPage(t, "cloak-referrer.html"), testRules())
	tests := []struct {
		name  string
		base  *Baseline
		snaps map[Variant]*Snapshot
		rules *Rules
		want  Severity
		kinds []SignKind
	}{
		{"only the date and counters changed", base, all("clean-next.html"), nil, SeverityNone, nil},
		{"news article added", base, all("news-changed.html"), nil, SeverityReview, nil},
		{"new external domain", base, all("new-domain.html"), nil, SeverityWarning, []SignKind{SignNewDomain}},
		{"new domain allowed since", base, all("new-domain.html"), &Rules{AllowedDomains: []string{"stat-counter.xyz"}}, SeverityNone, nil},
		{"packed script injected", base, all("packed.html"), nil, SeverityWarning, []SignKind{SignNewInlineScript, SignPackedScript}},
		{"hidden gambling links", base, all("hidden-gambling.html"), nil, SeverityCritical, []SignKind{SignGambling, SignHiddenLink, SignNewDomain}},
		{"defaced", base, all("defaced.html"), nil, SeverityCritical, []SignKind{SignDefacement}},
		{"cloaking", base, map[Variant]*Snapshot{
			Browser: MustAnalyze(t, "clean.html"), Googlebot: MustAnalyze(t, "cloak-googlebot.html"),
			Mobile: MustAnalyze(t, "mobile.html"), GoogleReferrer: refSnap,
		}, nil, SeverityWarning, []SignKind{SignCloaking, SignGambling, SignRedirect}},
		{"no baseline yet", nil, all("hidden-gambling.html"), nil, SeverityWarning, []SignKind{SignGambling, SignHiddenLink}},
		{"browser fetch failed", base, func() map[Variant]*Snapshot { m := all("news-changed.html"); delete(m, Browser); return m }(), nil, SeverityReview, nil},
		{"news seen by the browser first: a small difference is not cloaking", base, browserOnly("news-changed.html"), nil, SeverityReview, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sev, signs, change := Assess(tt.base, tt.snaps, tt.rules)
			if sev != tt.want {
				t.Errorf("severity = %q, want %q\nsigns: %+v\ndiff:\n%s", sev, tt.want, signs, change.Diff)
			}
			if got := kindsOf(signs); !slices.Equal(got, tt.kinds) {
				t.Errorf("kinds = %v, want %v: %+v", got, tt.kinds, signs)
			}
			if change == nil {
				t.Fatal("nil change")
			}
		})
	}
}

func TestAssessMergesVariants(t *testing.T) {
	clean := MustAnalyze(t, "clean.html")
	spam := MustAnalyze(t, "cloak-googlebot.html")
	_, signs, _ := Assess(nil, map[Variant]*Snapshot{Browser: clean, Googlebot: spam, Mobile: spam, GoogleReferrer: clean}, nil)
	n := 0
	for _, s := range signs {
		if s.Kind == SignGambling {
			n++
			if !strings.HasSuffix(s.Detail, "[only: googlebot, mobile]") {
				t.Errorf("detail = %q", s.Detail)
			}
		}
	}
	if n != 1 {
		t.Errorf("gambling signs = %d, want 1 merged: %+v", n, signs)
	}
}

func TestAssessApprovedScripts(t *testing.T) {
	body := []byte(`<p>Trang chủ</p><script>var cfg = JSON.parse(atob("eyJhIjoxfQ=="));</script>`)
	snap, err := Analyze(&Page{URL: portal, Status: 200, Body: body}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(kindsOf(snap.Signs), SignObfuscated) {
		t.Fatalf("atob not seen: %+v", snap.Signs)
	}
	base := Learn(snap, snap)
	if sev, signs, _ := Assess(base, map[Variant]*Snapshot{Browser: snap}, nil); sev != SeverityNone {
		t.Errorf("approved script: %q %+v", sev, signs)
	}
	other, _ := Analyze(&Page{URL: portal, Status: 200, Body: []byte(`<p>Trang chủ</p><script>eval(atob("ZXZpbA=="));</script>`)}, nil)
	if sev, _, _ := Assess(base, map[Variant]*Snapshot{Browser: other}, nil); sev != SeverityWarning {
		t.Errorf("new obfuscated script: %q", sev)
	}
}

func TestGrade(t *testing.T) {
	if Grade(false, false) != SeverityNone || Grade(true, false) != SeverityReview || Grade(false, true) != SeverityWarning || Grade(true, true) != SeverityCritical {
		t.Error("Grade")
	}
}
