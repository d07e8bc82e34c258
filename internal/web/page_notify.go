package web

import (
	"net/http"
	"strings"

	"attt/internal/directory"
	"attt/internal/locale"
	"attt/internal/notify"
)

// notifyRoutes registers the notification pages (S12): the inbox, the
// person's preferences, webhooks and, for administrators, deliveries.
func (s *Server) notifyRoutes(page func(pattern string, h http.HandlerFunc)) {
	page("GET /notifications", s.inboxPage)
	page("POST /notifications/read-all", s.inboxReadAll)
	page("POST /notifications/{id}/read", s.inboxRead)
	page("GET /account/notifications", s.notifyPrefsPage)
	page("POST /account/notifications", s.notifyPrefsSave)
	page("GET /webhooks", s.webhooksPage)
	page("POST /webhooks", s.webhookCreate)
	page("POST /webhooks/{id}/enabled", s.webhookEnabled)
	page("POST /webhooks/{id}/delete", s.webhookDelete)
	page("POST /webhooks/{id}/test", s.webhookTest)
	page("GET /deliveries", s.deliveriesPage)
	page("POST /deliveries/{id}/retry", s.deliveryRetry)
}

// inboxPage lists the signed-in person's notifications, newest first.
func (s *Server) inboxPage(w http.ResponseWriter, r *http.Request) {
	unread := r.URL.Query().Get("unread") == "1"
	list, err := s.Notify.Inbox(r.Context(), notify.InboxFilter{UnreadOnly: unread, Limit: 200})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Thông báo", "Notifications"), "notifications")
	p.Form = map[string]string{"unread": r.URL.Query().Get("unread")}
	p.Data = list
	s.render(w, http.StatusOK, "notifications", p)
}

// inboxRead marks one notification read and opens its object.
func (s *Server) inboxRead(w http.ResponseWriter, r *http.Request) {
	link, err := s.Notify.MarkRead(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.FormValue("stay") == "1" {
		link = "/notifications"
	}
	http.Redirect(w, r, link, http.StatusSeeOther)
}

func (s *Server) inboxReadAll(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Notify.MarkAllRead(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	redirectFlash(w, r, "/notifications", "done")
}

// notifyPrefsPage shows how the person receives email.
func (s *Server) notifyPrefsPage(w http.ResponseWriter, r *http.Request) {
	prefs, err := s.Notify.MyPrefs(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPrefs(w, r, prefs, map[string]string{"email": prefs.Email, "lang": prefs.Lang}, nil)
}

func (s *Server) renderPrefs(w http.ResponseWriter, r *http.Request, prefs notify.Prefs, form map[string]string, failure error) {
	p := s.page(r, locale.T("Cách nhận thông báo", "Notification preferences"), "account")
	p.Data, p.Form = prefs, form
	if failure != nil {
		s.renderFailed(w, r, "account_notifications", p, failure)
		return
	}
	s.render(w, http.StatusOK, "account_notifications", p)
}

func (s *Server) notifyPrefsSave(w http.ResponseWriter, r *http.Request) {
	prefs, err := s.Notify.SetMyPrefs(r.Context(), notify.Prefs{Email: r.FormValue("email"), Lang: r.FormValue("lang")})
	if err != nil {
		prefs.DigestHour = s.Notify.Config().DigestHour
		s.renderPrefs(w, r, prefs, formEcho(r), err)
		return
	}
	redirectFlash(w, r, "/account/notifications", "saved")
}

type webhooksData struct {
	Hooks []notify.Webhook
	Orgs  []directory.Org
	// New is the webhook just created, its secret shown this once.
	New *notify.Webhook
	// Tested is the delivery of a test just sent.
	Tested *notify.Delivery
}

// webhooksPage lists the webhooks in the caller's scope with a form to
// register one.
func (s *Server) webhooksPage(w http.ResponseWriter, r *http.Request) {
	s.renderWebhooks(w, r, webhooksData{}, nil, nil)
}

func (s *Server) renderWebhooks(w http.ResponseWriter, r *http.Request, d webhooksData, form map[string]string, failure error) {
	hooks, err := s.Notify.ListWebhooks(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Hooks, d.Orgs = hooks, orgs
	p := s.page(r, locale.T("Webhook", "Webhooks"), "webhooks")
	p.Data, p.Form = d, form
	if failure != nil {
		s.renderFailed(w, r, "webhooks", p, failure)
		return
	}
	s.render(w, http.StatusOK, "webhooks", p)
}

func (s *Server) webhookCreate(w http.ResponseWriter, r *http.Request) {
	in := notify.WebhookInput{OrgID: r.FormValue("org"), Name: r.FormValue("name"), URL: r.FormValue("url"), Kinds: strings.Split(r.FormValue("kinds"), ",")}
	h, err := s.Notify.CreateWebhook(r.Context(), in)
	if err != nil {
		s.renderWebhooks(w, r, webhooksData{}, formEcho(r), err)
		return
	}
	s.renderWebhooks(w, r, webhooksData{New: h}, nil, nil)
}

func (s *Server) webhookEnabled(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Notify.SetWebhookEnabled(r.Context(), r.PathValue("id"), r.FormValue("enabled") == "1"); err != nil {
		s.renderWebhooks(w, r, webhooksData{}, nil, err)
		return
	}
	redirectFlash(w, r, "/webhooks", "saved")
}

func (s *Server) webhookDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.Notify.DeleteWebhook(r.Context(), r.PathValue("id")); err != nil {
		s.renderWebhooks(w, r, webhooksData{}, nil, err)
		return
	}
	redirectFlash(w, r, "/webhooks", "deleted")
}

// webhookTest sends a signed test message and shows how it went.
func (s *Server) webhookTest(w http.ResponseWriter, r *http.Request) {
	d, err := s.Notify.TestWebhook(r.Context(), r.PathValue("id"))
	if err != nil {
		s.renderWebhooks(w, r, webhooksData{}, nil, err)
		return
	}
	s.renderWebhooks(w, r, webhooksData{Tested: d}, nil, nil)
}

type deliveriesData struct {
	Deliveries []notify.Delivery
	Max        int
}

// deliveriesPage shows outbound email and webhook calls to administrators:
// status, attempts, last error.
func (s *Server) deliveriesPage(w http.ResponseWriter, r *http.Request) {
	s.renderDeliveries(w, r, nil)
}

func (s *Server) renderDeliveries(w http.ResponseWriter, r *http.Request, failure error) {
	q := r.URL.Query()
	ds, err := s.Notify.ListDeliveries(r.Context(), notify.DeliveryFilter{Status: q.Get("status"), Channel: q.Get("channel"), Limit: 500})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Thư và webhook đã gửi", "Outbound deliveries"), "deliveries")
	p.Form = map[string]string{"status": q.Get("status"), "channel": q.Get("channel")}
	p.Data = deliveriesData{Deliveries: ds, Max: s.Notify.MaxAttempts()}
	if failure != nil {
		s.renderFailed(w, r, "deliveries", p, failure)
		return
	}
	s.render(w, http.StatusOK, "deliveries", p)
}

func (s *Server) deliveryRetry(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Notify.RetryDelivery(r.Context(), r.PathValue("id")); err != nil {
		s.renderDeliveries(w, r, err)
		return
	}
	redirectFlash(w, r, "/deliveries", "done")
}
