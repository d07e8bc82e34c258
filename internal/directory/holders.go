package directory

import (
	"context"
	"fmt"
	"strings"

	"attt/internal/db"
	"attt/internal/principal"
)

// holder is one person holding a role over an organisation, and where.
type holder struct{ personID, orgPath string }

// holdersOver reads, inside q (a transaction or the reader pool), the
// people (active or not yet activated) holding one of roles on
// organisation orgID or one above it.
func holdersOver(ctx context.Context, q db.Querier, orgID string, roles []principal.Role) ([]holder, error) {
	if len(roles) == 0 {
		return nil, nil
	}
	qq := db.NewQuery(`SELECT DISTINCT g.person_id, go.path FROM grants g JOIN organisations go ON go.id = g.org_id
		JOIN people p ON p.id = g.person_id`)
	in := make([]string, len(roles))
	for i, r := range roles {
		in[i] = qq.Arg(string(r))
	}
	qq.Where("g.role IN (" + strings.Join(in, ", ") + ")")
	qq.Where("p.status IN ('active', 'pending')")
	qq.Where("(SELECT path FROM organisations WHERE id = " + qq.Arg(orgID) + ") LIKE go.path || '%'")
	rows, err := q.QueryContext(ctx, qq.SQL(), qq.Args...)
	if err != nil {
		return nil, fmt.Errorf("directory: role holders: %w", err)
	}
	defer rows.Close()
	var out []holder
	for rows.Next() {
		var h holder
		if err := rows.Scan(&h.personID, &h.orgPath); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// HoldersOver returns everyone holding one of roles on organisation orgID
// or above it, read inside q — for telling them about the organisation.
func HoldersOver(ctx context.Context, q db.Querier, orgID string, roles ...principal.Role) ([]string, error) {
	hs, err := holdersOver(ctx, q, orgID, roles)
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.personID
	}
	return out, err
}

// NearestHolders returns those holding one of roles on the nearest
// organisation at or above orgID where anyone holds them: the closest
// superior, not every one up to the province.
func NearestHolders(ctx context.Context, q db.Querier, orgID string, roles ...principal.Role) ([]string, error) {
	hs, err := holdersOver(ctx, q, orgID, roles)
	if err != nil {
		return nil, err
	}
	best, out := 0, []string{}
	for _, h := range hs {
		switch {
		case len(h.orgPath) > best:
			best, out = len(h.orgPath), []string{h.personID}
		case len(h.orgPath) == best:
			out = append(out, h.personID)
		}
	}
	return out, nil
}
