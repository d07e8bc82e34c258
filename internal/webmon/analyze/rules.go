package analyze

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/andybalholm/cascadia"
)

// compiled are a monitor's rules ready for use.
type compiled struct {
	selectors []cascadia.Selector
	patterns  []*regexp.Regexp
	terms     *termSet
	own       domainSet
	allowed   domainSet
}

// Validate checks a monitor's rules: every ignore selector must be valid
// CSS and every ignore pattern a valid regular expression. Analyze returns
// the same errors; settings call Validate to refuse bad rules at once.
func Validate(r *Rules) error {
	_, err := compile(r, nil)
	return err
}

func compile(r *Rules, page *url.URL) (*compiled, error) {
	if r == nil {
		r = &Rules{}
	}
	c := &compiled{
		terms:   compileTerms(r.Terms),
		own:     ownDomains(r.OwnDomains, page),
		allowed: newDomainSet(r.AllowedDomains),
	}
	for _, s := range r.IgnoreSelectors {
		if strings.TrimSpace(s) == "" {
			continue
		}
		sel, err := cascadia.Compile(s)
		if err != nil {
			return nil, fmt.Errorf("analyze: ignore selector %q: %w", s, err)
		}
		c.selectors = append(c.selectors, sel)
	}
	for _, p := range r.IgnorePatterns {
		if p == "" {
			continue
		}
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("analyze: ignore pattern %q: %w", p, err)
		}
		c.patterns = append(c.patterns, re)
	}
	return c, nil
}
