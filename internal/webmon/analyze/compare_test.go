package analyze

import (
	"slices"
	"strings"
	"testing"
)

func TestCompareFixtures(t *testing.T) {
	base := Learn(MustAnalyze(t, "clean.html"), MustAnalyze(t, "clean-next.html"))
	tests := []struct {
		file    string
		changed bool
		signs   []SignKind
		diff    []string
	}{
		{"clean.html", false, nil, nil},
		{"clean-next.html", false, nil, nil},
		{"mobile.html", true, nil, []string{"+ ☰ Danh mục"}},
		{"news-changed.html", true, nil, []string{"+ Long trọng kỷ niệm ngày tái lập tỉnh Quảng Nam ({date})", "  Tin mới", "@@ line "}},
		{"new-domain.html", false, []SignKind{SignNewDomain}, nil},
		{"packed.html", false, []SignKind{SignNewInlineScript}, nil},
		{"referrer-redirect.html", false, []SignKind{SignNewDomain, SignNewInlineScript}, nil},
		{"hidden-gambling.html", true, []SignKind{SignNewDomain}, []string{"+ nhà cái uy tín kubet"}},
		{"defaced.html", true, nil, []string{"- Cổng thông tin điện tử tỉnh Quảng Nam - Trang chủ", "+ HaCkEd By Sh4d0w_Xpl0it"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ch := Compare(base, MustAnalyze(t, tt.file))
			if ch.TextChanged != tt.changed {
				t.Errorf("changed = %v, want %v\n%s", ch.TextChanged, tt.changed, ch.Diff)
			}
			if got := kindsOf(ch.Signs); !slices.Equal(got, tt.signs) {
				t.Errorf("signs = %v, want %v: %+v", got, tt.signs, ch.Signs)
			}
			for _, d := range tt.diff {
				if !strings.Contains(ch.Diff, d) {
					t.Errorf("diff lacks %q:\n%s", d, ch.Diff)
				}
			}
			if !tt.changed && ch.Diff != "" {
				t.Errorf("diff without a change:\n%s", ch.Diff)
			}
		})
	}
}

func TestCompareNewDomainDetail(t *testing.T) {
	base := Learn(MustAnalyze(t, "clean.html"), nil)
	ch := Compare(base, MustAnalyze(t, "new-domain.html"))
	if len(ch.Signs) != 1 {
		t.Fatalf("signs = %+v", ch.Signs)
	}
	sg := ch.Signs[0]
	if sg.Ref != "stat-counter.xyz" || !strings.Contains(sg.Detail, "stat-counter.xyz (script)") || sg.Evidence != "https://cdn.stat-counter.xyz/track.js?id=qn" {
		t.Errorf("sign = %+v", sg)
	}
}

func TestCompareKnownDomainNewUse(t *testing.T) {
	snap := func(body string) *Snapshot {
		s, err := Analyze(&Page{URL: portal, Status: 200, Body: []byte(body)}, testRules())
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := Learn(snap(`<a href="https://baoquangnam.vn/">Báo</a>`), nil)
	if ch := Compare(base, snap(`<a href="https://baoquangnam.vn/">Báo</a><a href="https://baoquangnam.vn/x">x</a>`)); len(ch.Signs) != 0 {
		t.Errorf("another link to a known domain: %+v", ch.Signs)
	}
	ch := Compare(base, snap(`<a href="https://baoquangnam.vn/">Báo</a><iframe src="https://baoquangnam.vn/ad"></iframe>`))
	if len(ch.Signs) != 1 || !strings.Contains(ch.Signs[0].Detail, "now also as iframe") {
		t.Errorf("signs = %+v", ch.Signs)
	}
}

func TestLearnVolatile(t *testing.T) {
	page := func(banner, news string) *Snapshot {
		body := `<h1>Sở Y tế</h1><div class="banner"><p>` + banner + `</p></div><ul><li>` + news + `</li><li>Tin cũ</li></ul><p>Chân trang</p>`
		s, err := Analyze(&Page{URL: portal, Status: 200, Body: []byte(body)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := Learn(page("Khẩu hiệu A", "Tin 1"), page("Khẩu hiệu B", "Tin 1"))
	if !slices.Equal(base.Volatile, []string{"Khẩu hiệu A", "Khẩu hiệu B"}) {
		t.Fatalf("volatile = %v", base.Volatile)
	}
	if ch := Compare(base, page("Khẩu hiệu C", "Tin 1")); ch.TextChanged {
		t.Errorf("a rotating banner slot changed:\n%s", ch.Diff)
	}
	if ch := Compare(base, page("Khẩu hiệu A", "Tin 1")); ch.TextChanged {
		t.Errorf("a known banner changed:\n%s", ch.Diff)
	}
	ch := Compare(base, page("Khẩu hiệu C", "Tin 2"))
	if !ch.TextChanged || !strings.Contains(ch.Diff, "- Tin 1\n+ Tin 2") || strings.Contains(ch.Diff, "- Khẩu hiệu") || strings.Contains(ch.Diff, "+ Khẩu hiệu") {
		t.Errorf("news change:\n%s", ch.Diff)
	}

	// accepting the change keeps what was learnt
	nb := Rebase(base, page("Khẩu hiệu C", "Tin 2"))
	if !slices.Contains(nb.Volatile, "Khẩu hiệu C") {
		t.Errorf("rebased volatile = %v", nb.Volatile)
	}
	if ch := Compare(nb, page("Khẩu hiệu D", "Tin 2")); ch.TextChanged {
		t.Errorf("after rebase, the banner slot changed:\n%s", ch.Diff)
	}
}

func TestLearnDynamicScripts(t *testing.T) {
	page := func(script string) *Snapshot {
		s, _ := Analyze(&Page{URL: portal, Status: 200, Body: []byte(`<p>x</p><script>` + script + `</script>`)}, nil)
		return s
	}
	base := Learn(page("show('a')"), page("show('b')"))
	if !base.DynamicScripts {
		t.Fatal("scripts differed but DynamicScripts is false")
	}
	if ch := Compare(base, page("show('c')")); len(ch.Signs) != 0 {
		t.Errorf("dynamic page, new script: %+v", ch.Signs)
	}
	stable := Learn(page("show('a')"), page("show('a')"))
	if ch := Compare(stable, page("show('c')")); len(ch.Signs) != 1 || ch.Signs[0].Kind != SignNewInlineScript || !strings.Contains(ch.Signs[0].Evidence, "show('c')") {
		t.Errorf("stable page, new script: %+v", ch.Signs)
	}
}

func TestCompareNil(t *testing.T) {
	if ch := Compare(nil, MustAnalyze(t, "clean.html")); ch.TextChanged || len(ch.Signs) != 0 {
		t.Errorf("nil baseline: %+v", ch)
	}
	if ch := Compare(Learn(MustAnalyze(t, "clean.html"), nil), nil); ch.TextChanged {
		t.Errorf("nil snapshot: %+v", ch)
	}
	if Learn(nil, nil) != nil {
		t.Error("Learn(nil, nil) != nil")
	}
}

func TestDiffBounded(t *testing.T) {
	var a, b []string
	for i := range 3000 {
		a = append(a, "dòng cũ số "+strings.Repeat("x", i%50))
		b = append(b, "dòng mới số "+strings.Repeat("y", i%50))
	}
	base := &Baseline{Snapshot: Snapshot{Text: strings.Join(a, "\n"), TextHash: "a"}}
	ch := Compare(base, &Snapshot{Text: strings.Join(b, "\n"), TextHash: "b"})
	if !ch.TextChanged || len(ch.Diff) > maxDiffBytes+64 || !strings.HasSuffix(ch.Diff, "(diff truncated)\n") {
		t.Errorf("changed=%v diff %d bytes", ch.TextChanged, len(ch.Diff))
	}
}

func TestDiffLines(t *testing.T) {
	ops := diffLines([]string{"a", "b", "c", "d"}, []string{"a", "x", "c", "d", "e"})
	var got []string
	for _, o := range ops {
		got = append(got, string(o.kind)+o.line)
	}
	want := []string{"=a", "-b", "+x", "=c", "=d", "+e"}
	if !slices.Equal(got, want) {
		t.Errorf("diff = %v, want %v", got, want)
	}
}
