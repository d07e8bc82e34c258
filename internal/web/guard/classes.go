package guard

import (
	"time"

	"golang.org/x/time/rate"
)

// DefaultMaxKeys is how many client keys each default class remembers. At a
// few hundred bytes a key this bounds each class to some tens of megabytes.
const DefaultMaxKeys = 100_000

// Classes holds one Limiter per kind of endpoint, since a login form, an API,
// a page and a stylesheet have very different fair rates. A nil Limiter
// means no limit for that class.
type Classes struct {
	// Login guards the login, password-reset and activation forms.
	Login *Limiter
	// API guards the JSON API and machine clients.
	API *Limiter
	// Page guards HTML pages.
	Page *Limiter
	// Static guards stylesheets, scripts and images.
	Static *Limiter
}

// DefaultClasses returns the shipped limits per client address: login 10 a
// minute (burst 10), API 20 a second (burst 40), pages 10 a second (burst
// 30) and static files 50 a second (burst 200).
func DefaultClasses() Classes {
	return Classes{
		Login:  NewLimiter(rate.Every(6*time.Second), 10, DefaultMaxKeys),
		API:    NewLimiter(20, 40, DefaultMaxKeys),
		Page:   NewLimiter(10, 30, DefaultMaxKeys),
		Static: NewLimiter(50, 200, DefaultMaxKeys),
	}
}
