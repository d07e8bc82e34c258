package importfile

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"attt/internal/errs"
)

// sheet is one worksheet of an XLSX fixture: its name and rows of cells,
// written with excelize's own typing (string, int, bool, float64…).
type sheet struct {
	name string
	rows [][]any
}

// MustXLSX builds a workbook in tb.TempDir() and returns its bytes.
func MustXLSX(tb testing.TB, sheets ...sheet) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				tb.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			tb.Fatal(err)
		}
		for j, r := range s.rows {
			if r == nil {
				continue // leave the row absent from the file
			}
			cell, _ := excelize.CoordinatesToCellName(1, j+1)
			if err := f.SetSheetRow(s.name, cell, &r); err != nil {
				tb.Fatal(err)
			}
		}
	}
	path := filepath.Join(tb.TempDir(), "fixture.xlsx")
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// MustParseOrgs parses data and fails on a file-level error.
func MustParseOrgs(tb testing.TB, data []byte, format Format) ([]OrgRow, *Report) {
	tb.Helper()
	rows, rep, err := ParseOrgs(bytes.NewReader(data), format)
	if err != nil {
		tb.Fatalf("ParseOrgs: %v; details %v", err, errs.As(err).Details)
	}
	return rows, rep
}

// MustParsePeople parses data and fails on a file-level error.
func MustParsePeople(tb testing.TB, data []byte, format Format) ([]PersonRow, *Report) {
	tb.Helper()
	rows, rep, err := ParsePeople(bytes.NewReader(data), format)
	if err != nil {
		tb.Fatalf("ParsePeople: %v; details %v", err, errs.As(err).Details)
	}
	return rows, rep
}

// MustClean fails when rep has problems.
func MustClean(tb testing.TB, rep *Report) {
	tb.Helper()
	if !rep.OK() {
		for _, p := range rep.Problems {
			tb.Errorf("unexpected problem: %s | %s", p.Text().VI, p.Text().EN)
		}
		tb.FailNow()
	}
}

// want is an expected problem: its line, column and a piece of its
// Vietnamese and English messages.
type want struct {
	line   int
	column string
	vi, en string
}

// hasProblem reports whether ps holds a problem matching w.
func hasProblem(ps []Problem, w want) bool {
	for _, p := range ps {
		if p.Line == w.line && p.Column == w.column &&
			strings.Contains(p.Msg.VI, w.vi) && strings.Contains(p.Msg.EN, w.en) {
			return true
		}
	}
	return false
}

// MustHave fails unless every w is among ps, and ps has no others.
func MustHave(tb testing.TB, ps []Problem, ws ...want) {
	tb.Helper()
	for _, w := range ws {
		if !hasProblem(ps, w) {
			tb.Errorf("missing problem %+v", w)
		}
	}
	if len(ps) != len(ws) {
		for _, p := range ps {
			tb.Logf("got: line %d col %q: %s | %s", p.Line, p.Column, p.Msg.VI, p.Msg.EN)
		}
		tb.Errorf("got %d problems, want %d", len(ps), len(ws))
	}
}

// MustFail fails unless err is an *errs.Error with code and its messages
// contain vi and en.
func MustFail(tb testing.TB, err error, code errs.Code, vi, en string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("want %s error, got nil", code)
	}
	e := errs.As(err)
	if e.Code != code || !strings.Contains(e.Msg.VI, vi) || !strings.Contains(e.Msg.EN, en) {
		tb.Fatalf("got %s %q / %q, want %s containing %q / %q", e.Code, e.Msg.VI, e.Msg.EN, code, vi, en)
	}
}
