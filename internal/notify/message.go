// Package notify is the room for S12 — notifications: an in-app inbox,
// email over SMTP and signed webhooks, with per-person preferences, daily
// digests and retried, visible deliveries. Other rooms hand it a Message
// inside their own transaction, so a notification exists exactly when the
// change it announces does.
package notify

import "attt/internal/locale"

// Message is one thing to tell people about.
type Message struct {
	// Kind names the event, e.g. "incident.reported"; preferences and
	// webhooks select on it.
	Kind string
	// OrgID is the organisation the object belongs to; webhooks registered
	// on a subtree that covers it receive the message.
	OrgID string
	// To are the person ids to tell; duplicates and unknown ids are ignored.
	To []string
	// Subject is a one-line summary; Body the text. Both bilingual: each
	// person gets their language.
	Subject locale.Text
	Body    locale.Text
	// Link is the path inside attt of the object (e.g. "/incidents/ID");
	// every notification links to its object.
	Link string
}
