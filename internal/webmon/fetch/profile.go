package fetch

import (
	"net/http"
	"net/url"

	"attt/internal/webmon/analyze"
)

// The user agents of the variants. Cloaking scripts key on these strings,
// so they are what the real clients send (Chrome's reduced UA, Googlebot
// smartphone — the crawler Google indexes with first).
const (
	UABrowser   = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36"
	UAGooglebot = "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.7444.175 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
	UAMobile    = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36"
)

const (
	acceptHTML     = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8"
	acceptLanguage = "vi-VN,vi;q=0.9,en;q=0.8"
)

// GoogleReferer is the Referer of the GoogleReferrer variant for a page on
// host: a Google search for the host, as a visitor arriving from results
// would carry.
func GoogleReferer(host string) string {
	return "https://www.google.com/search?q=" + url.QueryEscape(host)
}

// setProfile sets the request headers of variant v. Accept-Encoding is
// left to the transport, which then decompresses transparently.
func setProfile(req *http.Request, v analyze.Variant) {
	h := req.Header
	switch v {
	case analyze.Googlebot:
		h.Set("User-Agent", UAGooglebot)
		h.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
		h.Set("From", "googlebot(at)googlebot.com")
	case analyze.Mobile:
		h.Set("User-Agent", UAMobile)
		h.Set("Accept", acceptHTML)
		h.Set("Accept-Language", acceptLanguage)
		h.Set("Upgrade-Insecure-Requests", "1")
	case analyze.GoogleReferrer:
		h.Set("User-Agent", UABrowser)
		h.Set("Accept", acceptHTML)
		h.Set("Accept-Language", acceptLanguage)
		h.Set("Upgrade-Insecure-Requests", "1")
		h.Set("Referer", GoogleReferer(req.URL.Hostname()))
	default: // analyze.Browser and anything unknown
		h.Set("User-Agent", UABrowser)
		h.Set("Accept", acceptHTML)
		h.Set("Accept-Language", acceptLanguage)
		h.Set("Upgrade-Insecure-Requests", "1")
	}
}
