package rules

import (
	"strings"
	"sync"
	"time"

	"attt/internal/logs/store"
)

// Hit is a rule firing: the agency, the group (e.g. "user=admin") and the
// events that made it fire (at most MaxHitEvents, newest last).
type Hit struct {
	Rule   *Rule
	Org    string
	Group  string
	At     time.Time
	Events []Event
}

// Event is what a hit keeps of an event: enough to list it and open it.
type Event struct {
	ID      string    `json:"id,omitempty"`
	Time    time.Time `json:"time"`
	Host    string    `json:"host"`
	App     string    `json:"app"`
	Message string    `json:"message"`
	Raw     string    `json:"raw"`
}

// maxRaw bounds the raw line a hit keeps.
const maxRaw = 1000

func eventOf(e *store.Record) Event {
	raw, msg := e.Raw, e.Message
	if len(raw) > maxRaw {
		raw = raw[:maxRaw]
	}
	if len(msg) > maxRaw {
		msg = msg[:maxRaw]
	}
	return Event{ID: e.ID, Time: e.Time, Host: e.Host, App: e.App, Message: msg, Raw: raw}
}

// MaxHitEvents bounds the events a hit carries.
const MaxHitEvents = 20

// MaxGroups bounds the groups the engine counts at once. Beyond it (a scan
// from fifty thousand addresses within one window) new groups are not
// counted until idle ones are forgotten; Dropped says how often.
const MaxGroups = 50_000

// Engine evaluates events against rules. It keeps, per rule, agency and
// group, only the last Threshold matching times, and forgets groups idle
// longer than their window, so its memory is bounded by the number of
// active groups.
type Engine struct {
	rules []*Rule
	hours Hours
	loc   *time.Location

	mu      sync.Mutex
	windows map[winKey]*window
	seen    int
	dropped int64
}

// Dropped is how many events were not counted because MaxGroups groups
// were already being counted.
func (en *Engine) Dropped() int64 {
	en.mu.Lock()
	defer en.mu.Unlock()
	return en.dropped
}

type winKey struct {
	rule, org, group string
}

type window struct {
	times  []time.Time
	events []Event
	last   time.Time
}

// NewEngine returns an engine over rules with working hours h in loc.
func NewEngine(rules []*Rule, h Hours, loc *time.Location) *Engine {
	return &Engine{rules: rules, hours: h, loc: loc, windows: map[winKey]*window{}}
}

// Rules returns the engine's rules.
func (en *Engine) Rules() []*Rule {
	en.mu.Lock()
	defer en.mu.Unlock()
	return en.rules
}

// Observe evaluates recs in order and returns the hits.
func (en *Engine) Observe(recs []store.Record) []Hit {
	en.mu.Lock()
	defer en.mu.Unlock()
	var hits []Hit
	for i := range recs {
		e := &recs[i]
		for _, r := range en.rules {
			if h, ok := en.observe(r, e); ok {
				hits = append(hits, h)
			}
		}
	}
	en.seen += len(recs)
	if en.seen > 50000 {
		en.sweep()
		en.seen = 0
	}
	return hits
}

func (en *Engine) observe(r *Rule, e *store.Record) (Hit, bool) {
	if r.OutsideHours && !en.hours.Outside(e.Time, en.loc) {
		return Hit{}, false
	}
	switch r.Kind {
	case KindMatch:
		if r.cond(e) {
			return Hit{Rule: r, Org: e.Org, Group: groupKey(r, e), At: e.Time, Events: []Event{eventOf(e)}}, true
		}
	case KindCount:
		if r.cond(e) {
			return en.count(r, e, true)
		}
	case KindSequence:
		if r.first(e) {
			en.count(r, e, false)
		} else if r.thenExpr(e) {
			return en.then(r, e)
		}
	}
	return Hit{}, false
}

// count adds e to its group's window; with fire, it reports a hit when
// the window holds Threshold events, and starts the window afresh.
func (en *Engine) count(r *Rule, e *store.Record, fire bool) (Hit, bool) {
	k := winKey{r.ID, e.Org, groupKey(r, e)}
	w := en.windows[k]
	if w == nil {
		if len(en.windows) >= MaxGroups { // The periodic sweep frees room.
			en.dropped++
			return Hit{}, false
		}
		w = &window{}
		en.windows[k] = w
	}
	w.trim(e.Time.Add(-time.Duration(r.Window)))
	w.times = append(w.times, e.Time)
	w.events = append(w.events, eventOf(e))
	if n := len(w.times); n > r.Threshold {
		w.times = w.times[n-r.Threshold:]
	}
	if n, keep := len(w.events), min(r.Threshold, MaxHitEvents); n > keep {
		w.events = w.events[n-keep:]
	}
	w.last = e.Time
	if !fire || len(w.times) < r.Threshold {
		return Hit{}, false
	}
	h := Hit{Rule: r, Org: e.Org, Group: k.group, At: e.Time, Events: w.events}
	delete(en.windows, k)
	return h, true
}

// then reports a hit when e follows Threshold events of First in its
// group within the window.
func (en *Engine) then(r *Rule, e *store.Record) (Hit, bool) {
	k := winKey{r.ID, e.Org, groupKey(r, e)}
	w := en.windows[k]
	if w == nil {
		return Hit{}, false
	}
	w.trim(e.Time.Add(-time.Duration(r.Window)))
	if len(w.times) < r.Threshold {
		return Hit{}, false
	}
	evs := append(w.events, eventOf(e))
	if len(evs) > MaxHitEvents {
		evs = evs[len(evs)-MaxHitEvents:]
	}
	delete(en.windows, k)
	return Hit{Rule: r, Org: e.Org, Group: k.group, At: e.Time, Events: evs}, true
}

// trim drops the times and events before from.
func (w *window) trim(from time.Time) {
	i := 0
	for i < len(w.times) && w.times[i].Before(from) {
		i++
	}
	w.times = w.times[i:]
	j := 0
	for j < len(w.events) && w.events[j].Time.Before(from) {
		j++
	}
	w.events = w.events[j:]
}

// sweep forgets groups idle longer than their rule's window.
func (en *Engine) sweep() {
	windows := map[string]time.Duration{}
	for _, r := range en.rules {
		windows[r.ID] = time.Duration(r.Window)
	}
	var newest time.Time
	for _, w := range en.windows {
		if w.last.After(newest) {
			newest = w.last
		}
	}
	for k, w := range en.windows {
		if newest.Sub(w.last) > windows[k.rule] {
			delete(en.windows, k)
		}
	}
}

// groupKey is "field=value …" of the rule's group_by fields.
func groupKey(r *Rule, e *store.Record) string {
	if len(r.GroupBy) == 0 {
		return ""
	}
	parts := make([]string, len(r.GroupBy))
	for i, f := range r.GroupBy {
		v, _ := value(e, f)
		parts[i] = f + "=" + strings.ToLower(v)
	}
	return strings.Join(parts, " ")
}

// SetRules replaces the engine's rules; the counting windows of rules no
// longer present are forgotten.
func (en *Engine) SetRules(rules []*Rule) {
	en.mu.Lock()
	defer en.mu.Unlock()
	en.rules = rules
	keep := map[string]bool{}
	for _, r := range rules {
		keep[r.ID] = true
	}
	for k := range en.windows {
		if !keep[k.rule] {
			delete(en.windows, k)
		}
	}
}
