package rules

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds rule YAML (rules are written in the UI too): Parse
// must never panic, and a rule it accepts must evaluate any event.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("shipped/*.yaml")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("id: x1\ntitle: T\nlevel: low\ndetection:\n  a:\n    app|re: \"^s\"\n  condition: not (a or a) and a\n"))
	recs := fixture(&testing.T{}, "testdata/auth-failed-burst-user/positive.log")
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data)
		if err != nil {
			return
		}
		NewEngine([]*Rule{r}, DefaultHours, ict).Observe(recs)
	})
}
