package mailin

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strings"

	"attt/internal/errs"
)

// walker reads a MIME tree depth first, collecting text pieces and
// attachments. Sub-walkers for multipart/alternative share its limits.
type walker struct {
	lim    *limits
	pieces []piece
	files  []Attachment
}

// limits are the shared bounds of one Parse: decoded bytes left and MIME
// entities seen.
type limits struct {
	budget int64
	max    int64
	parts  int
	named  int // attachments given a made-up name so far
}

// piece is the readable text of one body part.
type piece struct {
	text  string
	plain bool // from text/plain, not converted from HTML
}

func newWalker(maxBytes int64) *walker {
	return &walker{lim: &limits{budget: maxBytes, max: maxBytes}}
}

func headerOf(h map[string][]string) textproto.MIMEHeader { return textproto.MIMEHeader(h) }

// entity reads one MIME entity with header h and (still encoded) body.
func (w *walker) entity(h textproto.MIMEHeader, body io.Reader, depth int) error {
	w.lim.parts++
	if w.lim.parts > maxParts {
		return errs.New(errs.Invalid, msgTooManyParts)
	}
	if depth > maxDepth {
		return errs.New(errs.Invalid, msgTooDeep)
	}
	mt, params := mediaType(h.Get("Content-Type"))
	if strings.HasPrefix(mt, "multipart/") {
		return w.multipart(mt, params, body, depth)
	}
	return w.leaf(h, mt, params, body)
}

// mediaType parses a Content-Type; a missing or unreadable one is
// text/plain, as RFC 2045 §5.2 says.
func mediaType(v string) (string, map[string]string) {
	if strings.TrimSpace(v) == "" {
		return "text/plain", map[string]string{}
	}
	mt, params, err := mime.ParseMediaType(v)
	if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
		return "text/plain", map[string]string{}
	}
	if params == nil {
		params = map[string]string{}
	}
	return mt, params
}

// multipart reads the children of a multipart entity. A missing closing
// boundary (a common fault of small mailers) ends the entity quietly; any
// other break in the structure is an error.
func (w *walker) multipart(mt string, params map[string]string, body io.Reader, depth int) error {
	boundary := params["boundary"]
	if boundary == "" {
		return errNoBoundary(mt)
	}
	mr := multipart.NewReader(body, boundary)
	var kids []*walker
	for {
		p, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return errBadMultipart(mt, err)
		}
		kid := w
		if mt == "multipart/alternative" {
			kid = &walker{lim: w.lim}
			kids = append(kids, kid)
		}
		if err := kid.entity(p.Header, p, depth+1); err != nil {
			return err
		}
	}
	if mt == "multipart/alternative" {
		w.chooseAlternative(kids)
	}
	return nil
}

// chooseAlternative keeps the text of the last alternative written as plain
// text (RFC 2046 puts the preferred last, but a plain reading beats a
// converted one), else of the last with any text; it keeps the attachments
// of every alternative (inline images are often pasted screenshots).
func (w *walker) chooseAlternative(kids []*walker) {
	var best *walker
	for _, k := range kids {
		switch {
		case k.hasPlain():
			best = k
		case best == nil || !best.hasPlain():
			if k.text() != "" {
				best = k
			}
		}
	}
	if best != nil {
		w.pieces = append(w.pieces, best.pieces...)
	}
	for _, k := range kids {
		w.files = append(w.files, k.files...)
	}
}

func (w *walker) hasPlain() bool {
	for _, p := range w.pieces {
		if p.plain && p.text != "" {
			return true
		}
	}
	return false
}

// text joins the collected pieces with a blank line between them.
func (w *walker) text() string {
	var parts []string
	for _, p := range w.pieces {
		if p.text != "" {
			parts = append(parts, p.text)
		}
	}
	return strings.Join(parts, "\n\n")
}

// leaf reads a single-part entity as body text or as an attachment.
func (w *walker) leaf(h textproto.MIMEHeader, mt string, params map[string]string, body io.Reader) error {
	disp, dparams := mediaType(h.Get("Content-Disposition"))
	if h.Get("Content-Disposition") == "" {
		disp = "inline"
	}
	name := fileName(dparams["filename"], params["name"])
	label := name
	if label == "" {
		label = mt
	}
	data, err := w.decode(h.Get("Content-Transfer-Encoding"), body, label)
	if err != nil {
		return err
	}
	if (mt == "text/plain" || mt == "text/html") && disp != "attachment" && name == "" {
		w.pieces = append(w.pieces, piece{text: bodyText(data, mt, params["charset"]), plain: mt == "text/plain"})
		return nil
	}
	if name == "" {
		w.lim.named++
		name = madeUpName(w.lim.named, mt)
	}
	w.files = append(w.files, Attachment{Name: name, ContentType: mt, Data: data})
	return nil
}
