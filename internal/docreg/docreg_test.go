package docreg_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/docreg"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/testutil/fixture"
)

// TestYearlyNumbering: documents of one agency take 01, 02, … in a year and
// start again at 01 on 1 January (Asia/Ho_Chi_Minh); agencies and series
// count apart.
func TestYearlyNumbering(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		ctx := context.Background()
		issue := func(orgID, code, kind string, at time.Time) *docreg.Document {
			t.Helper()
			var doc *docreg.Document
			err := d.Tx(ctx, func(tx *sql.Tx) error {
				var err error
				doc, err = docreg.IssueTx(ctx, tx, docreg.Issue{OrgID: orgID, OrgCode: code, KindCode: kind, Form: "test", ObjectType: "x", ObjectID: "1",
					At: at, Data: map[string]string{"nội dung": "Báo cáo"}})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return doc
		}
		lateDec := time.Date(2026, 12, 31, 23, 30, 0, 0, locale.Zone)
		for i, want := range []string{"01/BC-STC", "02/STC", "03/BC-STC"} {
			kind := "BC"
			if i == 1 {
				kind = ""
			}
			if got := issue(p.DeptA.ID, "STC", kind, lateDec).Number; got != want {
				t.Errorf("document %d = %s, want %s", i, got, want)
			}
		}
		if got := issue(p.DeptB.ID, "SYT", "BC", lateDec).Number; got != "01/BC-SYT" {
			t.Errorf("another agency = %s", got)
		}
		// 00:30 on 1 January in Hưng Yên is still 31 December in UTC.
		newYear := issue(p.DeptA.ID, "STC", "BC", time.Date(2027, 1, 1, 0, 30, 0, 0, locale.Zone))
		if newYear.Number != "01/BC-STC" || newYear.Year != 2027 {
			t.Errorf("new year = %s (%d)", newYear.Number, newYear.Year)
		}
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			n, err := docreg.Next(ctx, tx, p.DeptA.ID, "incident", 2026)
			if err == nil && n != 1 {
				t.Errorf("a separate series starts at 1, got %d", n)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		docs, err := docreg.ListFor(ctx, d.R, "x", "1")
		if err != nil || len(docs) != 5 {
			t.Fatalf("list: %d %v", len(docs), err)
		}
		got, err := docreg.Get(ctx, d.R, docs[0].ID)
		if err != nil || string(got.Data) != `{"nội dung":"Báo cáo"}` {
			t.Fatalf("get: %+v %v", got, err)
		}
		if _, err := docreg.Get(ctx, d.R, "01NOSUCHDOC000000000000000"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown document: %v", err)
		}
	})
}
