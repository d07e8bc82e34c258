// Package analyze is the pure heart of website monitoring (S6, Đ6.2.f,
// Đ8.1.b): it turns a fetched page into a Snapshot — normalised visible
// text with dynamic parts masked, external domains by kind, inline scripts,
// and suspicious signs (packed or obfuscated scripts, referrer redirects,
// hidden links, defacement signatures, gambling spam) — compares a snapshot
// with its approved baseline, and compares the variants of one page fetched
// as a browser, Googlebot, a phone and from Google (cloaking). No network,
// no database: everything here is a function of its inputs, and fuzzed.
package analyze

import "time"

// Variant is one way a page is fetched, for cloaking detection.
type Variant string

// The variants every check fetches.
const (
	Browser        Variant = "browser"
	Googlebot      Variant = "googlebot"
	Mobile         Variant = "mobile"
	GoogleReferrer Variant = "google_referrer"
)

// Variants lists them in order; Browser is the reference.
func Variants() []Variant { return []Variant{Browser, Googlebot, Mobile, GoogleReferrer} }

// Page is one fetched response.
type Page struct {
	URL         string // what was asked for
	FinalURL    string // after HTTP redirects
	Status      int
	ContentType string
	Body        []byte // possibly truncated to the fetcher's limit
	Duration    time.Duration
	// Err is set when the fetch failed (no status): DNS, connect, TLS, timeout.
	Err string
}

// Rules tune the analysis of one monitor.
type Rules struct {
	// OwnDomains are the agency's own domains (the monitor's host and its
	// parent domain); links there are internal.
	OwnDomains []string
	// AllowedDomains are external domains that are fine to link or load
	// (defaults: gov.vn and approved CDNs); subdomains match.
	AllowedDomains []string
	// IgnoreSelectors are CSS selectors of dynamic parts removed before the
	// text is compared (counters, news tickers).
	IgnoreSelectors []string
	// IgnorePatterns are regular expressions masked in the text.
	IgnorePatterns []string
	// Terms is the gambling/betting spam vocabulary, matched after folding
	// (lower case, diacritics removed).
	Terms []string
}

// Kind is where an external reference was found.
type Kind string

// The kinds of external references.
const (
	KindLink        Kind = "a"
	KindScript      Kind = "script"
	KindIframe      Kind = "iframe"
	KindImage       Kind = "img"
	KindForm        Kind = "form"
	KindMetaRefresh Kind = "meta_refresh"
	KindStyle       Kind = "link"
	// KindScriptRedirect is the target of a script redirect (location = …).
	KindScriptRedirect Kind = "script_redirect"
)

// SignKind classifies a suspicious sign.
type SignKind string

// The suspicious signs.
const (
	SignPackedScript     SignKind = "packed_script"     // eval(function(p,a,c,k,e,r)
	SignObfuscated       SignKind = "obfuscated_script" // atob(, long escapes, String.fromCharCode chains
	SignReferrerRedirect SignKind = "referrer_redirect" // document.referrer tested before a redirect
	SignHiddenLink       SignKind = "hidden_link"       // outbound link hidden by inline style
	SignDefacement       SignKind = "defacement"        // "hacked by", "defaced by", title with "hacked"
	SignGambling         SignKind = "gambling"          // betting/gambling terms
	SignNewDomain        SignKind = "new_domain"        // external domain not in the baseline nor allowed
	SignNewInlineScript  SignKind = "new_inline_script" // inline script not in the baseline
	SignRedirect         SignKind = "redirect"          // meta refresh or script redirect off-site
	SignCloaking         SignKind = "cloaking"          // variants differ
)

// Sign is one suspicious finding with its evidence (the element, the
// matched text, the domain), short enough to show.
type Sign struct {
	Kind     SignKind `json:"kind"`
	Detail   string   `json:"detail"`
	Evidence string   `json:"evidence,omitempty"`
	// Ref is what the sign is about, for matching it against a baseline:
	// the inline script's hash or the external domain; may be empty.
	Ref string `json:"ref,omitempty"`
}

// Snapshot is what attt keeps of one fetch of one page.
type Snapshot struct {
	Status   int    `json:"status"`
	FinalURL string `json:"final_url"`
	Title    string `json:"title"`
	// Text is the normalised visible text, one block per line, with
	// ignored parts removed and dates, times, counters and tokens masked.
	Text     string `json:"text"`
	TextHash string `json:"text_hash"`
	// Domains maps each external domain to the kinds it appears as.
	Domains map[string][]Kind `json:"domains"`
	// InlineScripts are hashes of the normalised inline scripts.
	InlineScripts []string `json:"inline_scripts"`
	// Redirect is a meta-refresh or script redirect target, if any.
	Redirect string `json:"redirect,omitempty"`
	// Signs are the suspicious signs found in this page alone.
	Signs []Sign `json:"signs"`
	// Links are internal links, absolute, for the crawler.
	Links []string `json:"-"`
	// Allowed are the keys of Domains that the monitor's rules allow, so a
	// comparison with the baseline needs no rules.
	Allowed []string `json:"allowed,omitempty"`
	// DomainExamples holds one URL per external domain, as evidence.
	DomainExamples map[string]string `json:"domain_examples,omitempty"`
	// ScriptExcerpts holds the start of each inline script by hash, as
	// evidence.
	ScriptExcerpts map[string]string `json:"script_excerpts,omitempty"`
}

// Baseline is an approved snapshot plus what was learnt to change by
// itself (lines that differed between two fetches at setup).
type Baseline struct {
	Snapshot Snapshot `json:"snapshot"`
	Volatile []string `json:"volatile"`
	// DynamicScripts is set when the inline scripts differed between the
	// two setup fetches: the page generates scripts per request, so a new
	// inline script alone is not a sign (its content is still scanned).
	DynamicScripts bool `json:"dynamic_scripts,omitempty"`
}

// Change is the comparison of a snapshot with its baseline.
type Change struct {
	// TextChanged is set when the visible text differs beyond volatile
	// lines; Diff is a short unified-style diff of it.
	TextChanged bool   `json:"text_changed"`
	Diff        string `json:"diff,omitempty"`
	// Signs are new external domains and new inline scripts.
	Signs []Sign `json:"signs"`
}

// Severity of a finding: a change alone needs review, suspicious signs alone
// a warning, both together are critical.
type Severity string

// The severities, lowest first.
const (
	SeverityNone     Severity = ""
	SeverityReview   Severity = "review"
	SeverityWarning  Severity = "warning"
	SeverityCritical Severity = "critical"
)

// Grade returns the severity of a check from whether content changed and
// whether any suspicious sign was seen.
func Grade(changed, suspicious bool) Severity {
	switch {
	case changed && suspicious:
		return SeverityCritical
	case suspicious:
		return SeverityWarning
	case changed:
		return SeverityReview
	}
	return SeverityNone
}
