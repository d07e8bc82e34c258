package respond

import (
	"net/http"
	"strconv"

	"attt/internal/export"
)

// Download answers body as an attachment named name (Vietnamese names are
// sent with an ASCII fallback) that caches must not keep.
func Download(w http.ResponseWriter, name, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", export.ContentDisposition(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}
