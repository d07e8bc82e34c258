package web

import (
	"net/http"
	"strconv"
)

// pager is the "previous / next" of a paged list, keeping the other query
// parameters (the filters) in its links.
type pager struct {
	From, To, Total int
	Prev, Next      string
}

func newPager(r *http.Request, offset, size, shown, total int) pager {
	p := pager{From: offset + 1, To: offset + shown, Total: total}
	if shown == 0 {
		p.From = 0
	}
	link := func(off int) string {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(off))
		return r.URL.Path + "?" + q.Encode()
	}
	if offset > 0 {
		p.Prev = link(max(offset-size, 0))
	}
	if offset+shown < total {
		p.Next = link(offset + size)
	}
	return p
}

// offsetParam reads the list offset of a page; anything odd is 0.
func offsetParam(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("offset"))
	if err != nil || n < 0 {
		return 0
	}
	return n
}
