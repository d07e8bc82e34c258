package mailin

import (
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// maxNameBytes bounds an attachment name, as most file systems do.
const maxNameBytes = 200

// fileName picks the Content-Disposition filename, else the Content-Type
// name. mime.ParseMediaType has already joined and decoded RFC 2231
// continuations; RFC 2047 words (which Outlook and Gmail put in quoted
// names) are decoded here. The result is a base name without directories,
// control characters or leading dots, "" when nothing usable is left.
func fileName(disposition, ctype string) string {
	name := disposition
	if strings.TrimSpace(name) == "" {
		name = ctype
	}
	name = decodeWords(name)
	name = strings.ReplaceAll(name, "\\", "/")
	name = strings.ReplaceAll(name, "\n", " ")
	name = strings.ReplaceAll(name, "\t", " ")
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimLeft(strings.TrimSpace(name), ". ")
	return shortenName(name)
}

// shortenName cuts name to maxNameBytes on a rune boundary, keeping a short
// extension.
func shortenName(name string) string {
	if len(name) <= maxNameBytes {
		return name
	}
	ext := path.Ext(name)
	if len(ext) > 16 {
		ext = ""
	}
	stem := name[:maxNameBytes-len(ext)]
	for len(stem) > 0 && !utf8.ValidString(stem) {
		stem = stem[:len(stem)-1]
	}
	return stem + ext
}

// madeUpName names the n-th attachment that came without a name.
func madeUpName(n int, mt string) string {
	return fmt.Sprintf("tep-dinh-kem-%d%s", n, extensionFor(mt))
}

// extensionFor is a fixed table, not mime.ExtensionsByType, so the name does
// not depend on the host's mime.types.
func extensionFor(mt string) string {
	switch mt {
	case "image/png":
		return ".png"
	case "image/jpeg", "image/jpg", "image/pjpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	case "application/pdf":
		return ".pdf"
	case "message/rfc822":
		return ".eml"
	case "text/plain":
		return ".txt"
	case "text/html":
		return ".html"
	case "text/csv":
		return ".csv"
	case "application/zip":
		return ".zip"
	}
	return ".bin"
}
