package api

import (
	"net/http"

	"attt/internal/notify"
)

// listNotifications: GET /api/v1/notifications?unread=true&limit=&offset=
// — the caller's own inbox, newest first, in the caller's language.
func (a *API) listNotifications(w http.ResponseWriter, r *http.Request) {
	unread, err := boolParam(r, "unread")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	limit, offset, err := pageParams(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ns, err := a.Notify.Inbox(r.Context(), notify.InboxFilter{UnreadOnly: unread, Limit: limit, Offset: offset})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, ns)
}

// unreadCount: GET /api/v1/notifications/unread-count.
func (a *API) unreadCount(w http.ResponseWriter, r *http.Request) {
	n, err := a.Notify.Unread(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, map[string]int{"unread": n})
}

// readNotification: POST /api/v1/notifications/{id}/read — answers the
// link of the object the notification is about.
func (a *API) readNotification(w http.ResponseWriter, r *http.Request) {
	link, err := a.Notify.MarkRead(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, map[string]any{"ok": true, "link": link})
}

// readAllNotifications: POST /api/v1/notifications/read-all.
func (a *API) readAllNotifications(w http.ResponseWriter, r *http.Request) {
	n, err := a.Notify.MarkAllRead(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, map[string]int64{"marked": n})
}

// notificationPrefs: GET /api/v1/account/notification-prefs.
func (a *API) notificationPrefs(w http.ResponseWriter, r *http.Request) {
	p, err := a.Notify.MyPrefs(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, p)
}

// prefsInput is what PUT /api/v1/account/notification-prefs takes.
type prefsInput struct {
	Email string `json:"email"`
	Lang  string `json:"lang"`
}

// setNotificationPrefs: PUT /api/v1/account/notification-prefs
// {"email":"immediate|digest|off","lang":"vi|en"}.
func (a *API) setNotificationPrefs(w http.ResponseWriter, r *http.Request) {
	var in prefsInput
	if err := decodeRequired(r, &in, "email", &in.Email); err != nil {
		a.fail(w, r, err)
		return
	}
	p, err := a.Notify.SetMyPrefs(r.Context(), notify.Prefs{Email: in.Email, Lang: in.Lang})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, p)
}

// listWebhooks: GET /api/v1/webhooks — the webhooks of the subtrees the
// caller manages (secrets never shown).
func (a *API) listWebhooks(w http.ResponseWriter, r *http.Request) {
	hs, err := a.Notify.ListWebhooks(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, hs)
}

// createWebhook: POST /api/v1/webhooks {"org_id","name","url","kinds"} —
// the answer carries the signing secret, this once.
func (a *API) createWebhook(w http.ResponseWriter, r *http.Request) {
	var in notify.WebhookInput
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	h, err := a.Notify.CreateWebhook(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, h)
}

func (a *API) getWebhook(w http.ResponseWriter, r *http.Request) {
	h, err := a.Notify.GetWebhook(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, h)
}

func (a *API) enableWebhook(w http.ResponseWriter, r *http.Request)  { a.setWebhook(w, r, true) }
func (a *API) disableWebhook(w http.ResponseWriter, r *http.Request) { a.setWebhook(w, r, false) }

func (a *API) setWebhook(w http.ResponseWriter, r *http.Request, enabled bool) {
	h, err := a.Notify.SetWebhookEnabled(r.Context(), r.PathValue("id"), enabled)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, h)
}

func (a *API) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	if err := a.Notify.DeleteWebhook(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	done(w)
}

// testWebhook: POST /api/v1/webhooks/{id}/test — sends a signed test
// message now and answers the delivery after that attempt.
func (a *API) testWebhook(w http.ResponseWriter, r *http.Request) {
	d, err := a.Notify.TestWebhook(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, d)
}

// listDeliveries: GET /api/v1/deliveries?status=&channel=&limit=&offset=
// — outbound email and webhook calls (administrators).
func (a *API) listDeliveries(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := pageParams(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	ds, err := a.Notify.ListDeliveries(r.Context(), notify.DeliveryFilter{Status: q.Get("status"), Channel: q.Get("channel"), Limit: limit, Offset: offset})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, ds)
}

// retryDelivery: POST /api/v1/deliveries/{id}/retry — queues it again and
// tries at once (audited).
func (a *API) retryDelivery(w http.ResponseWriter, r *http.Request) {
	d, err := a.Notify.RetryDelivery(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, d)
}
