// Package pdftext reads generated PDFs back with poppler's pdftotext, the
// way a person's PDF reader would, so tests check the Vietnamese text a
// document really shows. A test is skipped when poppler-utils is not
// installed (CI installs it).
package pdftext

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// Options choose what is extracted.
type Options struct {
	// Layout keeps the page's columns (pdftotext -layout).
	Layout bool
	// First and Last limit the pages (1-based; 0 means no limit).
	First, Last int
}

// Extract returns the UTF-8 text of pdf.
func Extract(tb testing.TB, pdf []byte, o Options) string {
	tb.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		tb.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	in := filepath.Join(tb.TempDir(), "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	args := []string{"-enc", "UTF-8"}
	if o.Layout {
		args = append(args, "-layout")
	}
	if o.First > 0 {
		args = append(args, "-f", strconv.Itoa(o.First))
	}
	if o.Last > 0 {
		args = append(args, "-l", strconv.Itoa(o.Last))
	}
	out, err := exec.Command(bin, append(args, in, "-")...).CombinedOutput()
	if err != nil {
		tb.Fatalf("pdftotext: %v: %s", err, out)
	}
	return string(out)
}

// Layout is Extract with the page's columns kept.
func Layout(tb testing.TB, pdf []byte) string {
	tb.Helper()
	return Extract(tb, pdf, Options{Layout: true})
}
