package analyze

import "net/url"

// redirectSigns flags a page that sends visitors off-site: an HTTP
// redirect to, or a meta refresh or script redirect towards, a host that is
// neither the monitor's own nor allowed.
func redirectSigns(p *Page, snap *Snapshot, rules *compiled) []Sign {
	var out []Sign
	offsite := func(raw string) bool {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			return false
		}
		h := hostOf(u)
		return !rules.own.has(h) && !rules.allowed.has(h)
	}
	if p.FinalURL != "" && p.FinalURL != p.URL && offsite(p.FinalURL) {
		out = append(out, Sign{Kind: SignRedirect, Detail: "HTTP redirect off-site to " + hostOfString(p.FinalURL), Evidence: clip(p.URL+" → "+p.FinalURL, 300), Ref: hostKey(hostOfString(p.FinalURL))})
	}
	if snap.Redirect != "" && offsite(snap.Redirect) {
		out = append(out, Sign{Kind: SignRedirect, Detail: "meta refresh or script redirect off-site to " + hostOfString(snap.Redirect), Evidence: clip(snap.Redirect, 300), Ref: hostKey(hostOfString(snap.Redirect))})
	}
	return out
}

func hostOfString(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return hostOf(u)
}
