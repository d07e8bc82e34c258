package directory_test

import (
	"strings"
	"testing"

	"attt/internal/auth"
	"attt/internal/directory"
	"attt/internal/errs"
)

var offboardLeave = auth.OffboardInput{Reason: "leave"}

// wantCode fails the test unless err carries code.
func wantCode(t *testing.T, err error, code errs.Code, what string) {
	t.Helper()
	if !errs.Is(err, code) {
		t.Errorf("%s: err = %v, want %s", what, err, code)
	}
}

// must fails the test at once when err is not nil.
func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// under reports whether path lies in the subtree at root.
func under(path, root string) bool { return strings.HasPrefix(path, root) }

func orgIDs(orgs []directory.Org) map[string]bool {
	m := map[string]bool{}
	for _, o := range orgs {
		m[o.ID] = true
	}
	return m
}
