package api

import (
	"encoding/json"
	"math"
	"net/http"
	"time"

	"attt/internal/audit"
	"attt/internal/locale"
)

// auditItem is one trail record; before and after are the recorded JSON
// values themselves, not strings holding JSON.
type auditItem struct {
	Seq        int64           `json:"seq"`
	ID         string          `json:"id"`
	At         time.Time       `json:"at"`
	ActorID    string          `json:"actor_id"`
	ActorLogin string          `json:"actor_login"`
	OrgID      string          `json:"org_id"`
	Action     string          `json:"action"`
	TargetType string          `json:"target_type"`
	TargetID   string          `json:"target_id"`
	IP         string          `json:"ip"`
	UserAgent  string          `json:"user_agent"`
	Before     json.RawMessage `json:"before,omitempty"`
	After      json.RawMessage `json:"after,omitempty"`
	Note       string          `json:"note,omitempty"`
	Hash       string          `json:"hash"`
	PrevHash   string          `json:"prev_hash"`
}

type auditAnswer struct {
	Items []auditItem `json:"items"`
	// NextBefore is the "before" of the next (older) page; 0 when this
	// page is the last.
	NextBefore int64 `json:"next_before"`
}

const defaultAuditLimit = 100

// searchAudit: GET /api/v1/audit?from=&to=&action=&actor=&target=&org=&q=&before=&limit=
// searches the trail within the caller's scope, newest first. Dates are
// RFC 3339 or dd/mm/yyyy (a whole day in Asia/Ho_Chi_Minh; "to" includes it).
func (a *API) searchAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := audit.Filter{Action: q.Get("action"), Actor: q.Get("actor"), TargetID: q.Get("target"), OrgID: q.Get("org"), Text: q.Get("q")}
	var err error
	if f.From, err = timeParam(r, "from", false); err != nil {
		a.fail(w, r, err)
		return
	}
	if f.To, err = timeParam(r, "to", true); err != nil {
		a.fail(w, r, err)
		return
	}
	if f.BeforeSeq, err = intParam(r, "before", 1, math.MaxInt64); err != nil {
		a.fail(w, r, err)
		return
	}
	limit, err := intParam(r, "limit", 1, 1000)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if limit == 0 {
		limit = defaultAuditLimit
	}
	f.Limit = int(limit)
	recs, err := a.Trail.Search(r.Context(), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ans := auditAnswer{Items: make([]auditItem, 0, len(recs))}
	for _, rec := range recs {
		ans.Items = append(ans.Items, auditItem{Seq: rec.Seq, ID: rec.ID, At: rec.At.UTC(), ActorID: rec.ActorID, ActorLogin: rec.ActorLogin,
			OrgID: rec.OrgID, Action: rec.Action, TargetType: rec.TargetType, TargetID: rec.TargetID, IP: rec.IP, UserAgent: rec.UserAgent,
			Before: rawJSON(rec.Before), After: rawJSON(rec.After), Note: rec.Note, Hash: rec.Hash, PrevHash: rec.PrevHash})
	}
	if len(recs) == f.Limit {
		ans.NextBefore = recs[len(recs)-1].Seq
	}
	ok(w, ans)
}

// rawJSON passes a stored JSON value through, or nothing when it is not
// JSON (which the trail never writes).
func rawJSON(s string) json.RawMessage {
	if s == "" || !json.Valid([]byte(s)) {
		return nil
	}
	return json.RawMessage(s)
}

// timeParam reads an RFC 3339 time or a dd/mm/yyyy day in Vietnam's zone;
// as an end bound (to) a day means up to the end of that day.
func timeParam(r *http.Request, name string, end bool) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	d, err := time.ParseInLocation("02/01/2006", v, locale.Zone)
	if err != nil {
		return time.Time{}, paramErr(name, locale.T("cần thời điểm RFC 3339 (2025-01-31T08:00:00+07:00) hoặc ngày dd/mm/yyyy",
			"expected an RFC 3339 time (2025-01-31T08:00:00+07:00) or a dd/mm/yyyy date"))
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d.UTC(), nil
}
