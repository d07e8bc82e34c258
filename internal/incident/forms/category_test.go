package forms

import (
	"strings"
	"testing"
)

func TestCategories(t *testing.T) {
	want := []string{"dos", "phishing", "malware", "intrusion", "defacement", "ransomware", "destruction", "theft", "combined", "other"}
	got := Categories()
	if len(got) != len(want) {
		t.Fatalf("%d categories, want %d", len(got), len(want))
	}
	seen := map[string]bool{}
	for i, c := range got {
		if c.Code != want[i] {
			t.Errorf("category %d is %q, want %q", i, c.Code, want[i])
		}
		if c.Label.VI == "" || c.Label.EN == "" || c.Label.VI == c.Label.EN {
			t.Errorf("%s: labels %q / %q", c.Code, c.Label.VI, c.Label.EN)
		}
		if seen[c.Label.VI] {
			t.Errorf("label %q twice", c.Label.VI)
		}
		seen[c.Label.VI] = true
		if l, ok := LookupCategory(c.Code); !ok || l != c {
			t.Errorf("LookupCategory(%q) = %v, %v", c.Code, l, ok)
		}
	}
	if c, _ := LookupCategory(CategoryDefacement); !strings.Contains(c.Label.VI, "Thay đổi giao diện") {
		t.Errorf("defacement label %q", c.Label.VI)
	}
	if c, _ := LookupCategory(CategoryRansomware); !strings.Contains(c.Label.VI, "Mã hóa") {
		t.Errorf("ransomware label %q", c.Label.VI)
	}
	for _, bad := range []string{"", "DoS", "ddos", "unknown"} {
		if _, ok := LookupCategory(bad); ok {
			t.Errorf("LookupCategory(%q) found a category", bad)
		}
	}
	got[0].Code = "changed"
	if Categories()[0].Code != CategoryDoS {
		t.Error("Categories shares its slice with callers")
	}
}
