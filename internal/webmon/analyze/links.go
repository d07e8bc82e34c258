package analyze

import (
	"net/url"
	"path"
	"strings"
)

// Bounds on what one page may contribute.
const (
	maxLinks   = 500 // internal links kept for the crawler
	maxDomains = 500 // external domains recorded
)

// resolve turns an attribute value into an absolute http(s) URL, the way a
// browser would (leading and trailing spaces, tabs and newlines dropped);
// anything else (javascript:, mailto:, data:, garbage) gives nil.
func resolve(base *url.URL, ref string) *url.URL {
	ref = strings.TrimSpace(ref)
	if ref == "" || len(ref) > 4096 {
		return nil
	}
	if strings.ContainsAny(ref, "\t\n\r") {
		ref = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(ref)
	}
	u, err := url.Parse(ref)
	if err != nil {
		return nil
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil
	}
	if hostOf(u) == "" {
		return nil
	}
	return u
}

// skipExt are file types the crawler has no use for.
var skipExt = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".zip": true, ".rar": true, ".7z": true, ".gz": true, ".jpg": true, ".jpeg": true, ".png": true,
	".gif": true, ".webp": true, ".svg": true, ".ico": true, ".bmp": true, ".mp3": true, ".mp4": true,
	".avi": true, ".mov": true, ".wmv": true, ".flv": true, ".exe": true, ".apk": true, ".iso": true,
	".css": true, ".js": true, ".xml": true, ".rss": true, ".txt": true, ".odt": true, ".ods": true,
}

// pageLink returns the crawlable form of an internal link (no fragment,
// no user info), or "" for documents and media.
func pageLink(u *url.URL) string {
	if skipExt[strings.ToLower(path.Ext(u.Path))] {
		return ""
	}
	c := *u
	c.Fragment, c.RawFragment, c.User = "", "", nil
	c.Host = strings.ToLower(c.Host)
	return c.String()
}

// refreshURL extracts the target of a meta refresh content attribute
// ("0; url=https://x", "5;URL='x'"); "" when it only reloads the page.
func refreshURL(content string) string {
	i := strings.Index(strings.ToLower(content), "url")
	if i < 0 {
		return ""
	}
	rest := strings.TrimSpace(content[i+3:])
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.TrimSpace(rest[1:])
	rest = strings.Trim(rest, `"'`)
	return strings.TrimSpace(rest)
}

// linkRel reports whether a <link rel> loads something into the page
// (stylesheets, preloads, module preloads) rather than pointing elsewhere.
func linkRel(rel string) bool {
	for r := range strings.FieldsSeq(strings.ToLower(rel)) {
		switch r {
		case "stylesheet", "preload", "modulepreload", "import":
			return true
		}
	}
	return false
}
