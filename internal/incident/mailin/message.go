package mailin

import (
	"net/mail"
	"time"
)

// Message is one incident report as it arrived by email: the sender, the
// readable text, the attachments and the original bytes (kept so that nothing
// the reporter sent is lost, e.g. to store the .eml as evidence).
type Message struct {
	// From is the author from the From header; Name is RFC 2047 decoded.
	// It is what the sender claims: the relay's SPF/DKIM checks, not this
	// field, say whether the claim is true.
	From mail.Address
	// Subject is RFC 2047 decoded and NFC-normalised.
	Subject string
	// Date is the Date header; zero when it is missing or unreadable.
	Date time.Time
	// MessageID is the Message-ID header without its angle brackets; "" when
	// missing.
	MessageID string
	// Text is the readable body: text/plain when the message has it, else its
	// text/html converted to plain text; UTF-8, NFC, "\n" line ends.
	Text string
	// Attachments are the attached files, inline images included, in order.
	Attachments []Attachment
	// Raw is the message exactly as received (at most the byte limit).
	Raw []byte
	// Envelope is what the SMTP session said; zero when the Message comes
	// from Parse alone.
	Envelope Envelope
}

// Attachment is one attached file, transfer-decoded.
type Attachment struct {
	// Name is the file name, RFC 2231/2047 decoded and reduced to a safe base
	// name; a name is made up ("tep-dinh-kem-1.png") when the part has none.
	Name string
	// ContentType is the lower-case media type without parameters.
	ContentType string
	Data        []byte
}

// Envelope is the SMTP transaction that delivered a Message.
type Envelope struct {
	// MailFrom is the MAIL FROM reverse path; "" for a bounce (null sender).
	MailFrom string
	// Recipients are the accepted RCPT TO addresses, lower-cased.
	Recipients []string
	// RemoteAddr is the connecting client's address (host:port).
	RemoteAddr string
	// Helo is the name the client gave in HELO/EHLO.
	Helo string
	// TLS reports whether the session ran under STARTTLS.
	TLS bool
	// Received is when the DATA phase ended.
	Received time.Time
}

// Limits on the shape of a message, beyond its byte size.
const (
	// DefaultMaxBytes is the message size limit when none is configured.
	DefaultMaxBytes int64 = 20 << 20
	// maxDepth bounds multipart nesting.
	maxDepth = 12
	// maxParts bounds the number of MIME entities in one message.
	maxParts = 500
)
