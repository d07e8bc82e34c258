package rules

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"attt/internal/logs/parse"
	"attt/internal/logs/store"
)

var ict = time.FixedZone("ICT", 7*3600)

// fixture reads a file of syslog lines as records of agency A, received
// on 24/11/2026.
func fixture(t *testing.T, path string) []store.Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []store.Record
	sc := bufio.NewScanner(f)
	received := time.Date(2026, 11, 24, 23, 59, 0, 0, ict)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		e := parse.ParseSyslog([]byte(sc.Text()), received, ict)
		if e.ParseError != "" {
			t.Fatalf("%s: fixture line not parsed: %s: %q", path, e.ParseError, sc.Text())
		}
		out = append(out, store.FromEvent(e, "A", "src", "10.0.0.1"))
	}
	return out
}

// TestShippedRules runs every shipped rule (but source-silent, tested in
// package logs) on its positive fixture, which must fire it, and on its
// negative fixture, which must not.
func TestShippedRules(t *testing.T) {
	rs, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) < 7 {
		t.Fatalf("%d shipped rules", len(rs))
	}
	for _, r := range rs {
		if r.Kind == KindSilent {
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			for _, c := range []struct {
				file string
				want bool
			}{{"positive.log", true}, {"negative.log", false}} {
				recs := fixture(t, filepath.Join("testdata", r.ID, c.file))
				en := NewEngine(rs, DefaultHours, ict)
				fired := 0
				for _, h := range en.Observe(recs) {
					if h.Rule.ID == r.ID {
						fired++
						t.Logf("%s: %s fired for %q with %d events", c.file, r.ID, h.Group, len(h.Events))
						if len(h.Events) == 0 || h.Org != "A" {
							t.Errorf("hit without its events or agency: %+v", h)
						}
					}
				}
				if (fired > 0) != c.want {
					t.Errorf("%s: fired %d times, want fire=%v", c.file, fired, c.want)
				}
			}
		})
	}
}

func TestRuleErrors(t *testing.T) {
	bad := map[string]string{
		"no title":      "id: x1\nlevel: low\ndetection:\n  a:\n    app: x\n  condition: a\n",
		"bad level":     "id: x1\ntitle: T\nlevel: huge\ndetection:\n  a:\n    app: x\n  condition: a\n",
		"unknown name":  "id: x1\ntitle: T\nlevel: low\ndetection:\n  a:\n    app: x\n  condition: a and b\n",
		"bad regexp":    "id: x1\ntitle: T\nlevel: low\ndetection:\n  a:\n    app|re: \"(\"\n  condition: a\n",
		"count no win":  "id: x1\ntitle: T\nlevel: low\nkind: count\nthreshold: 3\ndetection:\n  a:\n    app: x\n  condition: a\n",
		"bad modifier":  "id: x1\ntitle: T\nlevel: low\ndetection:\n  a:\n    app|sounds: x\n  condition: a\n",
		"bad id":        "id: X Y\ntitle: T\nlevel: low\ndetection:\n  a:\n    app: x\n  condition: a\n",
		"unclosed":      "id: x1\ntitle: T\nlevel: low\ndetection:\n  a:\n    app: x\n  condition: (a\n",
		"sequence then": "id: x1\ntitle: T\nlevel: low\nkind: sequence\nwindow: 1m\nthreshold: 2\nfirst: a\nthen: zz\ndetection:\n  a:\n    app: x\n",
	}
	for name, y := range bad {
		if _, err := Parse([]byte(y)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestHours(t *testing.T) {
	h, err := ParseHours("08:00-17:30")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at      time.Time
		outside bool
	}{
		{time.Date(2026, 11, 24, 7, 59, 0, 0, ict), true},
		{time.Date(2026, 11, 24, 8, 0, 0, 0, ict), false},
		{time.Date(2026, 11, 24, 17, 29, 0, 0, ict), false},
		{time.Date(2026, 11, 24, 17, 30, 0, 0, ict), true},
		{time.Date(2026, 11, 28, 10, 0, 0, 0, ict), true}, // Saturday
	} {
		if got := h.Outside(c.at, ict); got != c.outside {
			t.Errorf("%v: outside %v, want %v", c.at, got, c.outside)
		}
	}
	if _, err := ParseHours("17:00-08:00"); err == nil {
		t.Error("reversed hours accepted")
	}
}

func TestContainsFold(t *testing.T) {
	for _, c := range []struct {
		s, sub string
		want   bool
	}{{"The Audit Log Was Cleared", "audit log was cleared", true}, {"abc", "abcd", false}, {"xx Nhật Ký", "nhật ký", true}, {"", "a", false}, {"a", "", true}} {
		if got := containsFold(c.s, c.sub); got != c.want {
			t.Errorf("containsFold(%q, %q) = %v", c.s, c.sub, got)
		}
	}
}
