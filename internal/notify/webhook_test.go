package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/notify"
	"attt/internal/testutil/fixture"
)

// receiver is a real HTTP endpoint that checks each call's signature on
// its own (HMAC-SHA256 over timestamp "." body) and keeps what it got.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	secret string
	status int
	got    []map[string]any
	bad    []string
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{status: http.StatusNoContent}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		mac := hmac.New(sha256.New, []byte(r.secret))
		mac.Write([]byte(req.Header.Get(notify.HeaderTimestamp) + "." + string(body)))
		if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); req.Header.Get(notify.HeaderSignature) != want {
			r.bad = append(r.bad, req.Header.Get(notify.HeaderSignature))
		}
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		r.got = append(r.got, m)
		w.WriteHeader(r.status)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) calls() ([]map[string]any, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]map[string]any(nil), r.got...), append([]string(nil), r.bad...)
}

// TestWebhookSigned: a webhook on department A receives A's (and its
// units') messages of the kinds it selected, signed with its secret.
func TestWebhookSigned(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, notify.SMTP{})
		rcv := newReceiver(t)
		asOfficer := w.As(fixture.LoginAOfficer)
		h, err := w.n.CreateWebhook(asOfficer, notify.WebhookInput{OrgID: w.DeptA.ID, Name: "SOC Sở Tài chính", URL: rcv.URL + "/hook", Kinds: []string{"incident.*"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Secret) < 40 {
			t.Fatalf("secret %q", h.Secret)
		}
		rcv.secret = h.Secret
		if list, _ := w.n.ListWebhooks(asOfficer); len(list) != 1 || list[0].Secret != "" {
			t.Errorf("listing shows the secret or misses the hook: %+v", list)
		}
		sys := w.System(context.Background())
		for _, m := range []notify.Message{
			incident(w.UnitA.ID, "SC-31"), // a unit under A
			incident(w.DeptB.ID, "SC-32"), // B: not this webhook's subtree
			{Kind: "training.due", OrgID: w.DeptA.ID, Subject: incident("", "x").Subject, Link: "/training/1"}, // other kind
		} {
			if err := w.n.Send(sys, m); err != nil {
				t.Fatal(err)
			}
		}
		if n := w.deliver(t); n != 1 {
			t.Fatalf("webhook deliveries: %d", n)
		}
		got, bad := rcv.calls()
		if len(got) != 1 || len(bad) != 0 {
			t.Fatalf("calls %v, bad signatures %v", got, bad)
		}
		c := got[0]
		if c["kind"] != "incident.reported" || c["org_id"] != w.UnitA.ID || c["subject"] != "Sự cố mới: lộ lọt dữ liệu tại SC-31" ||
			c["link"] != base+"/incidents/SC-31" || c["body"] == "" {
			t.Errorf("payload: %v", c)
		}
		if at, err := time.Parse(time.RFC3339, c["sent_at"].(string)); err != nil || !at.Equal(w.Clock.Now().Truncate(time.Second)) {
			t.Errorf("sent_at %v %v", c["sent_at"], err)
		}

		// A receiver error is retried, the answer kept as the error.
		rcv.mu.Lock()
		rcv.status = http.StatusBadGateway
		rcv.mu.Unlock()
		dl, err := w.n.TestWebhook(asOfficer, h.ID)
		if err != nil || dl.Status != notify.StatusPending || dl.Attempts != 1 || dl.LastError == "" {
			t.Fatalf("test call to a failing receiver: %+v %v", dl, err)
		}
		rcv.mu.Lock()
		rcv.status = http.StatusOK
		rcv.mu.Unlock()
		w.Clock.Advance(time.Minute)
		w.deliver(t)
		if got, bad := rcv.calls(); len(got) != 3 || len(bad) != 0 || got[2]["kind"] != "webhook.test" {
			t.Errorf("after retry: %d calls, bad %v", len(got), bad)
		}

		// A disabled webhook gets nothing.
		if _, err := w.n.SetWebhookEnabled(asOfficer, h.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := w.n.Send(sys, incident(w.DeptA.ID, "SC-33")); err != nil {
			t.Fatal(err)
		}
		w.deliver(t)
		if got, _ := rcv.calls(); len(got) != 3 {
			t.Errorf("disabled webhook called: %d", len(got))
		}
		for _, action := range []string{"webhook.create", "webhook.test", "webhook.disable"} {
			if w.AuditCount(action) != 1 {
				t.Errorf("%s not audited", action)
			}
		}
	})
}

// TestVerify: the exported helper accepts a good signature and refuses a
// changed body, another secret and an old timestamp.
func TestVerify(t *testing.T) {
	now := time.Unix(1_750_000_000, 0)
	body := []byte(`{"kind":"incident.reported"}`)
	sig := notify.Sign("whsec_x", now.Unix(), body)
	ts := strconv.FormatInt(now.Unix(), 10)
	if err := notify.Verify("whsec_x", ts, sig, body, now, 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"body":   notify.Verify("whsec_x", ts, sig, []byte(`{"kind":"x"}`), now, 5*time.Minute),
		"secret": notify.Verify("whsec_y", ts, sig, body, now, 5*time.Minute),
		"old":    notify.Verify("whsec_x", ts, sig, body, now.Add(time.Hour), 5*time.Minute),
		"ts":     notify.Verify("whsec_x", "abc", sig, body, now, 5*time.Minute),
	} {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestWebhookScope: an officer of department A can neither see nor change
// department B's webhooks; staff cannot register one; an administrator of
// the province sees both.
func TestWebhookScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, notify.SMTP{})
		hb, err := w.n.CreateWebhook(w.As(fixture.LoginBOfficer), notify.WebhookInput{OrgID: w.DeptB.ID, Name: "SOC Sở Y tế", URL: "https://soc.syt.example/hook"})
		if err != nil {
			t.Fatal(err)
		}
		asA := w.As(fixture.LoginAOfficer)
		if _, err := w.n.CreateWebhook(asA, notify.WebhookInput{OrgID: w.DeptA.ID, Name: "SOC Sở Tài chính", URL: "https://soc.stc.example/hook"}); err != nil {
			t.Fatal(err)
		}
		if list, _ := w.n.ListWebhooks(asA); len(list) != 1 || list[0].OrgID != w.DeptA.ID {
			t.Errorf("A's officer lists %+v", list)
		}
		if _, err := w.n.GetWebhook(asA, hb.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("get B's webhook: %v", err)
		}
		if _, err := w.n.SetWebhookEnabled(asA, hb.ID, false); !errs.Is(err, errs.Forbidden) {
			t.Errorf("disable B's webhook: %v", err)
		}
		if _, err := w.n.TestWebhook(asA, hb.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("test B's webhook: %v", err)
		}
		if err := w.n.DeleteWebhook(asA, hb.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("delete B's webhook: %v", err)
		}
		if _, err := w.n.CreateWebhook(asA, notify.WebhookInput{OrgID: w.DeptB.ID, Name: "x", URL: "https://x.example/"}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("create on B: %v", err)
		}
		if _, err := w.n.CreateWebhook(w.As(fixture.LoginAStaff), notify.WebhookInput{OrgID: w.DeptA.ID, Name: "x", URL: "https://x.example/"}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("staff creates: %v", err)
		}
		if _, err := w.n.CreateWebhook(asA, notify.WebhookInput{OrgID: w.DeptA.ID, Name: "x", URL: "ftp://x.example/"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("bad URL: %v", err)
		}
		if list, _ := w.n.ListWebhooks(w.As(fixture.LoginAdmin)); len(list) != 2 {
			t.Errorf("admin lists %d", len(list))
		}
		if got, _ := w.n.GetWebhook(w.As(fixture.LoginBOfficer), hb.ID); got == nil || !got.Enabled {
			t.Errorf("B's webhook changed: %+v", got)
		}
		if ds, err := w.n.ListDeliveries(asA, notify.DeliveryFilter{}); err != nil || len(ds) != 0 {
			t.Errorf("officer lists deliveries: %d %v", len(ds), err)
		}
		if err := w.n.DeleteWebhook(w.As(fixture.LoginBOfficer), hb.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.n.GetWebhook(w.As(fixture.LoginBOfficer), hb.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("deleted webhook: %v", err)
		}
	})
}

// TestClaimOnce: two nodes sending from one database never call a
// webhook twice for one delivery.
func TestClaimOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, notify.SMTP{})
		rcv := newReceiver(t)
		h, err := w.n.CreateWebhook(w.As(fixture.LoginAdmin), notify.WebhookInput{OrgID: w.Root.ID, Name: "Tỉnh", URL: rcv.URL})
		if err != nil {
			t.Fatal(err)
		}
		rcv.secret = h.Secret
		sys := w.System(context.Background())
		for i := range 20 {
			if err := w.n.Send(sys, incident(w.DeptA.ID, "SC-"+strconv.Itoa(i))); err != nil {
				t.Fatal(err)
			}
		}
		other := notify.New(d, w.Trail, w.Dir, w.n.Config(), w.Clock.Now)
		var wg sync.WaitGroup
		for _, s := range []*notify.Service{w.n, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.DeliverDue(sys); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		got, bad := rcv.calls()
		seen := map[any]int{}
		for _, c := range got {
			seen[c["id"]]++
		}
		if len(got) != 20 || len(seen) != 20 || len(bad) != 0 {
			t.Errorf("%d calls for %d deliveries, bad %v", len(got), len(seen), bad)
		}
	})
}
