package intake

import (
	"errors"

	"attt/internal/errs"
	"attt/internal/locale"
)

// Reason says why the gate refused a file.
type Reason string

// The reasons a file is refused.
const (
	ReasonTooLarge   Reason = "too_large"
	ReasonType       Reason = "type"       // dangerous or not allowed
	ReasonMislabeled Reason = "mislabeled" // the name's extension lies
	ReasonMalware    Reason = "malware"
	ReasonSecret     Reason = "secret_marking"
	ReasonScanFailed Reason = "scan_failed" // clamd configured but unusable
	ReasonUnreadable Reason = "unreadable"  // cannot be inspected: fail closed
)

// Refusal is the cause inside the *errs.Error that Accept returns for a
// refused file, for callers and logs that need the reason by machine.
type Refusal struct {
	Reason Reason
	// Detail is the detected type, signature name or marking.
	Detail string
}

// Error returns the reason and detail.
func (r *Refusal) Error() string { return "intake: refused: " + string(r.Reason) + ": " + r.Detail }

// ReasonOf returns the Reason of a refusal error from Accept, "" otherwise.
func ReasonOf(err error) Reason {
	var r *Refusal
	if errors.As(err, &r) {
		return r.Reason
	}
	return ""
}

// refuse builds an errs.Invalid refusal.
func refuse(reason Reason, detail string, msg locale.Text, details ...locale.Text) error {
	e := errs.Wrap(errs.Invalid, msg, &Refusal{Reason: reason, Detail: detail})
	e.Details = details
	return e
}

// refuseMalware refuses a file in which a scanner found signature.
func refuseMalware(signature string) error {
	return refuse(ReasonMalware, signature, locale.Tf(
		"Tệp bị từ chối vì phát hiện mã độc (%s).",
		"The file is refused: malware was detected (%s).", signature))
}
