// Package docreg is the register of outgoing official documents (sổ đăng
// ký văn bản đi): every document attt issues for an organisation takes the
// next number of that organisation's yearly sequence, and its filled form is
// kept so it renders the same on every download. It also keeps other
// yearly counters (incident references). Callers check permissions and
// open the transaction; docreg only numbers and stores.
package docreg

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
)

// SeriesDocuments is the sequence official documents are numbered in.
const SeriesDocuments = "doc"

// Document is one issued document.
type Document struct {
	ID         string    `json:"id"`
	OrgID      string    `json:"org_id"`
	Year       int       `json:"year"`
	Seq        int       `json:"seq"`
	Number     string    `json:"number"`
	Form       string    `json:"form"`
	Summary    string    `json:"summary"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	IssuedBy   string    `json:"issued_by"`
	IssuedAt   time.Time `json:"issued_at"`
	// Data is the filled form as stored (JSON).
	Data json.RawMessage `json:"-"`
}

// Issue is what a service asks to register.
type Issue struct {
	OrgID string
	// OrgCode is the agency's code used in the số/ký hiệu ("STC").
	OrgCode string
	// KindCode is the document kind's abbreviation ("BC" for báo cáo);
	// empty for a công văn, numbered "05/STC".
	KindCode   string
	Form       string
	Summary    string
	ObjectType string
	ObjectID   string
	IssuedBy   string
	At         time.Time
	// Data is the filled form, stored as JSON.
	Data any
}

// Next returns the next number of an organisation's yearly series inside
// tx, starting at 1 each year.
func Next(ctx context.Context, tx *sql.Tx, orgID, series string, year int) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO sequences (org_id, series, year, last) VALUES ($1, $2, $3, 1)
		ON CONFLICT (org_id, series, year) DO UPDATE SET last = sequences.last + 1 RETURNING last`,
		orgID, series, year).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("docreg: next %s/%s/%d: %w", orgID, series, year, err)
	}
	return n, nil
}

// Number formats a số/ký hiệu as Nghị định 30/2020 writes it: "05/BC-STC"
// for a named kind, "05/STC" for a công văn.
func Number(seq int, kindCode, orgCode string) string {
	if kindCode == "" {
		return fmt.Sprintf("%02d/%s", seq, orgCode)
	}
	return fmt.Sprintf("%02d/%s-%s", seq, kindCode, orgCode)
}

// IssueTx numbers and stores a document inside tx.
func IssueTx(ctx context.Context, tx *sql.Tx, in Issue) (*Document, error) {
	data, err := json.Marshal(in.Data)
	if err != nil {
		return nil, fmt.Errorf("docreg: encode %s: %w", in.Form, err)
	}
	year := in.At.In(locale.Zone).Year()
	seq, err := Next(ctx, tx, in.OrgID, SeriesDocuments, year)
	if err != nil {
		return nil, err
	}
	d := &Document{ID: db.NewID(), OrgID: in.OrgID, Year: year, Seq: seq, Number: Number(seq, in.KindCode, in.OrgCode),
		Form: in.Form, Summary: in.Summary, ObjectType: in.ObjectType, ObjectID: in.ObjectID, IssuedBy: in.IssuedBy,
		IssuedAt: in.At, Data: data}
	_, err = tx.ExecContext(ctx, `INSERT INTO documents (id, org_id, year, seq, number, form, summary, object_type, object_id, data, issued_by, issued_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
		d.ID, d.OrgID, d.Year, d.Seq, d.Number, d.Form, d.Summary, d.ObjectType, d.ObjectID, string(data), d.IssuedBy, db.Millis(d.IssuedAt))
	if err != nil {
		return nil, fmt.Errorf("docreg: store %s: %w", d.Number, err)
	}
	return d, nil
}

const columns = `id, org_id, year, seq, number, form, summary, object_type, object_id, data, issued_by, issued_at`

func scan(sc interface{ Scan(...any) error }) (*Document, error) {
	var d Document
	var data string
	var at int64
	if err := sc.Scan(&d.ID, &d.OrgID, &d.Year, &d.Seq, &d.Number, &d.Form, &d.Summary, &d.ObjectType, &d.ObjectID, &data, &d.IssuedBy, &at); err != nil {
		return nil, err
	}
	d.Data, d.IssuedAt = json.RawMessage(data), db.Time(at)
	return &d, nil
}

// ListFor returns the documents issued about an object, oldest first.
func ListFor(ctx context.Context, q db.Querier, objectType, objectID string) ([]Document, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+columns+` FROM documents WHERE object_type = $1 AND object_id = $2 ORDER BY issued_at, seq`, objectType, objectID)
	if err != nil {
		return nil, fmt.Errorf("docreg: list %s %s: %w", objectType, objectID, err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		d, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

var msgDocumentNotFound = locale.T("Không tìm thấy văn bản.", "Document not found.")

// Get returns one document; errs.NotFound when there is none.
func Get(ctx context.Context, q db.Querier, id string) (*Document, error) {
	d, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM documents WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, msgDocumentNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("docreg: get %s: %w", id, err)
	}
	return d, nil
}
