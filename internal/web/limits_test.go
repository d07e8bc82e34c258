package web_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"attt/internal/testutil/e2e"
)

// TestPageBodiesAreBounded: a page form larger than the body limit is
// refused before anything parses it, signed in or not.
func TestPageBodiesAreBounded(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	big := "login=x&password=" + strings.Repeat("A", 3<<20)
	res, err := http.Post(in.URL+"/login", "application/x-www-form-urlencoded", bytes.NewReader([]byte(big)))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("a 3 MiB sign-in form must be refused as too large, got %d", res.StatusCode)
	}
}
