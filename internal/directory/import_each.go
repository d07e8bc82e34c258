package directory

import (
	"context"
	"database/sql"
	"errors"

	"attt/internal/db"
	"attt/internal/directory/importfile"
)

// ImportEach is the all-or-nothing loop other rooms' imports share (web
// sites, assets): inside one transaction it calls add for every row whose
// line (lines[i]) the parser did not already mark bad; add records a bad
// row's problems in rep and answers false, and returns an error only for a
// failure of attt. When rep has problems at the end, nothing is kept and
// the answer is rep.Err() with the sorted report; otherwise done (the
// audit record) runs with the count of rows added, and it all commits.
func ImportEach(ctx context.Context, d *db.DB, rep *importfile.Report, lines []int,
	add func(tx *sql.Tx, i int) (bool, error), done func(tx *sql.Tx, created int) error) (*ImportResult, error) {
	res := &ImportResult{Report: rep}
	bad := rep.ProblemLines()
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		for i, line := range lines {
			if bad[line] {
				continue
			}
			ok, err := add(tx, i)
			if err != nil {
				return err
			}
			if ok {
				res.Created++
			}
		}
		if !rep.OK() {
			return errRollback
		}
		return done(tx, res.Created)
	})
	if errors.Is(err, errRollback) {
		rep.Sort()
		res.Created = 0
		return res, rep.Err()
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}
