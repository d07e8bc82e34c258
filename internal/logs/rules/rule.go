// Package rules is log detection (SPEC S5 point 4): rules are data, in a
// Sigma-like YAML form — named selections of field conditions combined by
// a condition, optionally counted over a window grouped by fields, or
// followed by another selection ("a success after a burst of failures"),
// or "source silent". The Engine evaluates durable events as they are
// stored and reports Hits; package logs turns hits into alerts.
package rules

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Kinds of rule.
const (
	KindMatch    = "match"    // every matching event is a hit
	KindCount    = "count"    // at least Threshold matches in Window per group
	KindSequence = "sequence" // Threshold matches of First, then one of Then, per group within Window
	KindSilent   = "silent"   // a registered source quiet beyond its expected interval
)

// Rule is one detection rule as written in YAML.
type Rule struct {
	ID          string `yaml:"id"`
	Title       string `yaml:"title"`    // Vietnamese
	TitleEN     string `yaml:"title_en"` // English
	Description string `yaml:"description"`
	// Level is low, medium, high or critical.
	Level string `yaml:"level"`
	Kind  string `yaml:"kind"`
	// Detection holds named selections and the condition over them.
	Detection map[string]yaml.Node `yaml:"detection"`
	// OutsideHours restricts hits to events outside working hours.
	OutsideHours bool `yaml:"outside_hours"`
	// Count parameters (count and sequence rules).
	Window    Duration `yaml:"window"`
	GroupBy   []string `yaml:"group_by"`
	Threshold int      `yaml:"threshold"`
	// Sequence rules: the condition counted first, then the one that hits.
	First string `yaml:"first"`
	Then  string `yaml:"then"`

	// Source is the YAML the rule was read from.
	Source string `yaml:"-"`

	sel             map[string]*selection
	cond            expr
	first, thenExpr expr
}

// Duration reads "5m", "1h" in YAML.
type Duration time.Duration

// UnmarshalYAML reads a Go duration.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %q is not a duration such as 5m", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,63}$`)

// Parse reads and compiles one rule.
func Parse(data []byte) (*Rule, error) {
	var r Rule
	if err := yaml.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	if err := r.compile(); err != nil {
		return nil, fmt.Errorf("rules: %s: %w", r.ID, err)
	}
	r.Source = string(data)
	return &r, nil
}

func (r *Rule) compile() error {
	if !idPattern.MatchString(r.ID) {
		return fmt.Errorf("id must be lower-case letters, digits, dots and dashes")
	}
	if r.Title == "" {
		return fmt.Errorf("title (Vietnamese) is required")
	}
	switch r.Level {
	case "low", "medium", "high", "critical":
	default:
		return fmt.Errorf("level must be low, medium, high or critical")
	}
	if r.Kind == "" {
		r.Kind = KindMatch
	}
	if r.Kind == KindSilent {
		return nil
	}
	r.sel = map[string]*selection{}
	var condition string
	for name, node := range r.Detection {
		if name == "condition" {
			condition = node.Value
			continue
		}
		s, err := parseSelection(&node)
		if err != nil {
			return fmt.Errorf("selection %s: %w", name, err)
		}
		r.sel[name] = s
	}
	return r.compileKind(condition)
}

func (r *Rule) compileKind(condition string) error {
	switch r.Kind {
	case KindMatch, KindCount:
		e, err := parseCondition(condition, r.sel)
		if err != nil {
			return err
		}
		r.cond = e
	case KindSequence:
		var err error
		if r.first, err = parseCondition(r.First, r.sel); err != nil {
			return fmt.Errorf("first: %w", err)
		}
		if r.thenExpr, err = parseCondition(r.Then, r.sel); err != nil {
			return fmt.Errorf("then: %w", err)
		}
	default:
		return fmt.Errorf("kind must be match, count, sequence or silent")
	}
	if r.Kind != KindMatch && (r.Window <= 0 || r.Threshold < 1) {
		return fmt.Errorf("count and sequence rules need window and threshold")
	}
	return nil
}

// LoadDir reads every *.yaml rule in dir of fsys, refusing duplicate ids.
func LoadDir(fsys fs.FS, dir string) ([]*Rule, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []*Rule
	seen := map[string]bool{}
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		r, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		if seen[r.ID] {
			return nil, fmt.Errorf("%s: rule id %s twice", n, r.ID)
		}
		seen[r.ID] = true
		out = append(out, r)
	}
	return out, nil
}

// Hours are the working hours: a weekday from Start to End (minutes after
// midnight in Asia/Ho_Chi_Minh), Monday to Friday.
type Hours struct {
	Start, End int
}

// DefaultHours are 07:30–17:00, the usual office hours of agencies.
var DefaultHours = Hours{Start: 7*60 + 30, End: 17 * 60}

// ParseHours reads "07:30-17:00".
func ParseHours(s string) (Hours, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	ta, err1 := time.Parse("15:04", strings.TrimSpace(a))
	tb, err2 := time.Parse("15:04", strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || !tb.After(ta) {
		return Hours{}, fmt.Errorf("working hours must look like 07:30-17:00")
	}
	return Hours{Start: ta.Hour()*60 + ta.Minute(), End: tb.Hour()*60 + tb.Minute()}, nil
}

// Outside reports whether t is outside working hours (weekends included).
func (h Hours) Outside(t time.Time, loc *time.Location) bool {
	t = t.In(loc)
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return true
	}
	m := t.Hour()*60 + t.Minute()
	return m < h.Start || m >= h.End
}
