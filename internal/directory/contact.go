package directory

import (
	"context"
	"fmt"
	"strings"

	"attt/internal/db"
)

// Contact is what other rooms need to reach a person: their address and
// whether they are still there.
type Contact struct {
	ID       string
	FullName string
	Email    string
	OrgID    string
	Status   Status
}

// Contacts returns the people among ids (unknown ids are left out), read
// through q so a caller inside a transaction sees its own changes. It
// checks no permission: it serves attt's own decisions about whom to tell,
// never a listing shown to someone.
func (s *Service) Contacts(ctx context.Context, q db.Querier, ids []string) ([]Contact, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i] = fmt.Sprintf("$%d", i+1)
		args[i] = id
	}
	rows, err := q.QueryContext(ctx, `SELECT id, full_name, email, org_id, status FROM people WHERE id IN (`+strings.Join(marks, ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("directory: contacts: %w", err)
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		var c Contact
		var status string
		if err := rows.Scan(&c.ID, &c.FullName, &c.Email, &c.OrgID, &status); err != nil {
			return nil, fmt.Errorf("directory: contacts: %w", err)
		}
		c.Status = Status(status)
		out = append(out, c)
	}
	return out, rows.Err()
}
