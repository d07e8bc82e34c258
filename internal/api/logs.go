package api

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/logs"
	"attt/internal/logs/store"
)

// logsUnavailable answers when central logs are not running.
var logsUnavailable = errs.New(errs.Unavailable, locale.T("Chức năng thu thập log chưa chạy.", "Log collection is not running."))

// eventView is one log event as the API shows it.
type eventView struct {
	ID         string      `json:"id"`
	Time       time.Time   `json:"time"`
	Received   time.Time   `json:"received"`
	OrgID      string      `json:"org_id"`
	SourceID   string      `json:"source_id"`
	Peer       string      `json:"peer"`
	Host       string      `json:"host"`
	App        string      `json:"app"`
	ProcID     string      `json:"procid,omitempty"`
	MsgID      string      `json:"msgid,omitempty"`
	Facility   int         `json:"facility"`
	Severity   int         `json:"severity"`
	Format     string      `json:"format"`
	Message    string      `json:"message"`
	Fields     []fieldView `json:"fields"`
	Raw        string      `json:"raw"`
	ParseError string      `json:"parse_error,omitempty"`
}

type fieldView struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func viewEvent(r *store.Record) eventView {
	v := eventView{ID: r.ID, Time: r.Time, Received: r.Received, OrgID: r.Org, SourceID: r.Source, Peer: r.Peer, Host: r.Host,
		App: r.App, ProcID: r.ProcID, MsgID: r.MsgID, Facility: r.Facility, Severity: r.Severity, Format: r.Format,
		Message: r.Message, Raw: r.Raw, ParseError: r.ParseError, Fields: make([]fieldView, len(r.Fields))}
	for i, f := range r.Fields {
		v.Fields[i] = fieldView{Key: f.Key, Value: f.Value}
	}
	return v
}

// logFilter reads the search parameters shared by the log routes:
// q, from, to, org, source, host, app, severity (comma-separated 0–7),
// field (repeated key=value) and limit.
func logFilter(r *http.Request) (logs.Filter, error) {
	q := r.URL.Query()
	f := logs.Filter{OrgID: q.Get("org"), Text: q.Get("q"), Sources: splitList(q["source"]), Hosts: splitList(q["host"]), Apps: splitList(q["app"])}
	var err error
	if f.From, err = timeParam(r, "from", false); err != nil {
		return f, err
	}
	if f.To, err = timeParam(r, "to", true); err != nil {
		return f, err
	}
	for _, s := range splitList(q["severity"]) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 7 {
			return f, paramErr("severity", locale.T("cần các số từ 0 đến 7, cách nhau bởi dấu phẩy", "expected numbers from 0 to 7, comma-separated"))
		}
		f.Severities = append(f.Severities, n)
	}
	for _, kv := range q["field"] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return f, paramErr("field", locale.T("cần dạng tên=giá trị, ví dụ ssh.user=root", "expected name=value, e.g. ssh.user=root"))
		}
		f.Fields = append(f.Fields, store.FieldMatch{Key: k, Value: v})
	}
	limit, err := intParam(r, "limit", 1, store.MaxLimit)
	f.Limit = int(limit)
	return f, err
}

// logRequest reads the search of a log route, or answers the error: logs
// not running, or a bad parameter.
func (a *API) logRequest(w http.ResponseWriter, r *http.Request) (logs.Filter, bool) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return logs.Filter{}, false
	}
	f, err := logFilter(r)
	if err != nil {
		a.fail(w, r, err)
		return f, false
	}
	return f, true
}

func splitList(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// searchLogs: GET /api/v1/logs?q=&from=&to=&org=&source=&host=&app=&severity=&field=&limit=
// — the caller's agencies' events, newest first: {"events":[…],"more":bool}.
func (a *API) searchLogs(w http.ResponseWriter, r *http.Request) {
	f, ok1 := a.logRequest(w, r)
	if !ok1 {
		return
	}
	res, err := a.Logs.Search(r.Context(), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := struct {
		Events []eventView `json:"events"`
		More   bool        `json:"more"`
	}{Events: make([]eventView, len(res.Events)), More: res.More}
	for i := range res.Events {
		out.Events[i] = viewEvent(&res.Events[i])
	}
	ok(w, out)
}

// logHistogram: GET /api/v1/logs/histogram?…&bars= — counts of the
// matching events over the time range (default the last 24 hours).
func (a *API) logHistogram(w http.ResponseWriter, r *http.Request) {
	f, ok1 := a.logRequest(w, r)
	if !ok1 {
		return
	}
	bars, err := intParam(r, "bars", 1, 500)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if bars == 0 {
		bars = 60
	}
	defaultRange(&f)
	b, step, err := a.Logs.Histogram(r.Context(), f, int(bars))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	type bucket struct {
		Start time.Time `json:"start"`
		Count int       `json:"count"`
	}
	out := struct {
		StepSeconds int64    `json:"step_seconds"`
		Buckets     []bucket `json:"buckets"`
	}{StepSeconds: int64(step / time.Second), Buckets: make([]bucket, len(b))}
	for i, x := range b {
		out.Buckets[i] = bucket{Start: x.Start, Count: x.Count}
	}
	ok(w, out)
}

// defaultRange makes an open time range the last 24 hours.
func defaultRange(f *logs.Filter) {
	if f.To.IsZero() {
		f.To = time.Now().UTC()
	}
	if f.From.IsZero() {
		f.From = f.To.Add(-24 * time.Hour)
	}
}

// getLog: GET /api/v1/logs/{id} — one event with its raw line.
func (a *API) getLog(w http.ResponseWriter, r *http.Request) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	e, err := a.Logs.Event(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, viewEvent(&e))
}

// exportLogs: GET /api/v1/logs/export?format=xlsx|csv&… — the events the
// search finds (at most 10,000) as a file; recorded in the audit trail.
func (a *API) exportLogs(w http.ResponseWriter, r *http.Request) {
	f, ok1 := a.logRequest(w, r)
	if !ok1 {
		return
	}
	format, err := formatParam(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	file, err := a.Logs.Export(r.Context(), f, format)
	a.send(w, r, file, err)
}

// maxLogBatch is the largest JSON batch POST /api/v1/logs accepts.
const maxLogBatch = 10 << 20

var msgLogToken = locale.T("Cần mã gửi log (Authorization: Bearer …) của một nguồn log kiểu token.", "A log ingest token (Authorization: Bearer …) of a token source is required.")

// postLogs: POST /api/v1/logs — a batch of JSON events from a token
// source: a JSON array of objects, {"events":[…]}, or one object per line
// (NDJSON). Answered 200 {"accepted":n} once every event is durable.
func (a *API) postLogs(w http.ResponseWriter, r *http.Request) {
	if a.Logs == nil || a.Ingest == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	token := bearerToken(r)
	if token == "" {
		a.fail(w, r, errs.New(errs.Unauthenticated, msgLogToken))
		return
	}
	src, err := a.Logs.SourceByToken(r.Context(), token)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		a.fail(w, r, decodeError(err))
		return
	}
	objs, err := splitBatch(body)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	n, err := a.Ingest.AddJSON(r.Context(), logs.OriginOf(src), clientHost(r), objs)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.Logs.Resolver().Seen(src.ID, clientHost(r), "", n, time.Now())
	ok(w, map[string]int{"accepted": n})
}

func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

func clientHost(r *http.Request) string {
	h := r.RemoteAddr
	if i := strings.LastIndexByte(h, ':'); i > 0 {
		h = h[:i]
	}
	return strings.Trim(h, "[]")
}

var msgBatch = locale.T("Lô log phải là một mảng JSON các đối tượng, {\"events\":[…]} hoặc mỗi dòng một đối tượng JSON.",
	"A log batch must be a JSON array of objects, {\"events\":[…]} or one JSON object per line.")

// splitBatch cuts a batch body into its JSON objects. A line of NDJSON
// that is not valid JSON, or an array that cannot be read, is still
// returned, to be kept raw and flagged with its parse error.
func splitBatch(body []byte) ([][]byte, error) {
	t := bytes.TrimSpace(body)
	if len(t) == 0 {
		return nil, errs.New(errs.Invalid, msgBatch)
	}
	if t[0] == '[' {
		var arr []json.RawMessage
		if err := json.Unmarshal(t, &arr); err != nil {
			return [][]byte{t}, nil // Kept whole, raw and flagged, rather than lost.
		}
		return rawList(arr), nil
	}
	var wrapped struct {
		Events []json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal(t, &wrapped); err == nil && wrapped.Events != nil {
		return rawList(wrapped.Events), nil
	}
	var out [][]byte
	sc := bufio.NewScanner(bytes.NewReader(t))
	sc.Buffer(make([]byte, 64<<10), maxLogBatch)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			out = append(out, append([]byte(nil), line...))
		}
	}
	return out, sc.Err()
}

func rawList(arr []json.RawMessage) [][]byte {
	out := make([][]byte, len(arr))
	for i, m := range arr {
		out[i] = m
	}
	return out
}
