package rules

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"attt/internal/logs/store"
)

// selection is a map of field conditions, all of which must hold; a
// condition's values are alternatives. Keys may carry a modifier:
// "field|contains", "field|startswith", "field|endswith", "field|re".
type selection struct {
	conds []fieldCond
}

type fieldCond struct {
	field  string
	mod    string
	values []string // lower-cased for the text modifiers and equality
	res    []*regexp.Regexp
}

func parseSelection(n *yaml.Node) (*selection, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: a selection is a map of field: value", n.Line)
	}
	s := &selection{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i].Value, n.Content[i+1]
		field, mod, _ := strings.Cut(key, "|")
		c := fieldCond{field: field, mod: mod}
		var vals []string
		switch val.Kind {
		case yaml.ScalarNode:
			vals = []string{val.Value}
		case yaml.SequenceNode:
			for _, v := range val.Content {
				vals = append(vals, v.Value)
			}
		default:
			return nil, fmt.Errorf("line %d: %s needs a value or a list", val.Line, key)
		}
		for _, v := range vals {
			switch mod {
			case "re":
				re, err := regexp.Compile(v)
				if err != nil {
					return nil, fmt.Errorf("line %d: %w", val.Line, err)
				}
				c.res = append(c.res, re)
			case "", "contains", "startswith", "endswith":
				c.values = append(c.values, strings.ToLower(v))
			default:
				return nil, fmt.Errorf("line %d: unknown modifier %q", val.Line, mod)
			}
		}
		s.conds = append(s.conds, c)
	}
	return s, nil
}

// value returns an event's field: the event's own attributes by name
// (host, app, message, raw, severity, format, source, peer), the virtual
// "user" and "src_ip" normalised across dialects, else a parsed field.
func value(e *store.Record, field string) (string, bool) {
	switch field {
	case "host":
		return e.Host, true
	case "app":
		return e.App, true
	case "message":
		return e.Message, true
	case "raw":
		return e.Raw, true
	case "severity":
		return fmt.Sprint(e.Severity), true
	case "format":
		return e.Format, true
	case "source":
		return e.Source, true
	case "peer":
		return e.Peer, true
	case "user":
		return first(e, "ssh.user", "win.user", "auth.user", "pam.user", "kv.user", "cef.suser", "pan.src_user", "audit.actor")
	case "src_ip":
		return first(e, "ssh.src", "win.src", "auth.src", "pam.rhost", "kv.srcip", "cef.src", "pan.src", "audit.ip")
	}
	return e.Get(field)
}

func first(e *store.Record, keys ...string) (string, bool) {
	for _, k := range keys {
		if v, ok := e.Get(k); ok && v != "" {
			return v, true
		}
	}
	return "", false
}

func (s *selection) match(e *store.Record) bool {
	for i := range s.conds {
		if !s.conds[i].match(e) {
			return false
		}
	}
	return true
}

func (c *fieldCond) match(e *store.Record) bool {
	v, ok := value(e, c.field)
	if !ok {
		return false
	}
	if c.mod == "re" {
		for _, re := range c.res {
			if re.MatchString(v) {
				return true
			}
		}
		return false
	}
	if c.mod == "" {
		for _, want := range c.values {
			if strings.EqualFold(v, want) {
				return true
			}
		}
		return false
	}
	for _, want := range c.values {
		switch c.mod {
		case "contains":
			if containsFold(v, want) {
				return true
			}
		case "startswith":
			if len(v) >= len(want) && strings.EqualFold(v[:len(want)], want) {
				return true
			}
		case "endswith":
			if len(v) >= len(want) && strings.EqualFold(v[len(v)-len(want):], want) {
				return true
			}
		}
	}
	return false
}

// containsFold reports whether s contains sub (lower case) without regard
// to case, without allocating: rules test messages of every event.
func containsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	first := sub[0]
	for i := 0; i+len(sub) <= len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c == first && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// expr is a compiled condition.
type expr func(e *store.Record) bool

// parseCondition reads "a", "a and not b", "(a or b) and c" over the
// selection names.
func parseCondition(s string, sel map[string]*selection) (expr, error) {
	p := &condParser{toks: strings.Fields(strings.NewReplacer("(", " ( ", ")", " ) ").Replace(s)), sel: sel}
	if len(p.toks) == 0 {
		return nil, fmt.Errorf("detection.condition is required")
	}
	e, err := p.or()
	if err == nil && p.i < len(p.toks) {
		err = fmt.Errorf("condition: unexpected %q", p.toks[p.i])
	}
	return e, err
}

type condParser struct {
	toks []string
	i    int
	sel  map[string]*selection
}

func (p *condParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *condParser) or() (expr, error) {
	l, err := p.and()
	for err == nil && p.peek() == "or" {
		p.i++
		var r expr
		if r, err = p.and(); err == nil {
			a, b := l, r
			l = func(e *store.Record) bool { return a(e) || b(e) }
		}
	}
	return l, err
}

func (p *condParser) and() (expr, error) {
	l, err := p.not()
	for err == nil && p.peek() == "and" {
		p.i++
		var r expr
		if r, err = p.not(); err == nil {
			a, b := l, r
			l = func(e *store.Record) bool { return a(e) && b(e) }
		}
	}
	return l, err
}

func (p *condParser) not() (expr, error) {
	if p.peek() == "not" {
		p.i++
		x, err := p.not()
		if err != nil {
			return nil, err
		}
		return func(e *store.Record) bool { return !x(e) }, nil
	}
	return p.atom()
}

func (p *condParser) atom() (expr, error) {
	t := p.peek()
	p.i++
	if t == "(" {
		x, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("condition: missing )")
		}
		p.i++
		return x, nil
	}
	s := p.sel[t]
	if s == nil {
		return nil, fmt.Errorf("condition: no selection named %q", t)
	}
	return s.match, nil
}
