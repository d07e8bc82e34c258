package guard

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"attt/internal/errs"
	"attt/internal/locale"
	"golang.org/x/time/rate"
)

// jsonLimit is an OnLimit rendering the error as the API would.
func jsonLimit(w http.ResponseWriter, r *http.Request, err error) {
	e := errs.As(err)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(errs.Status(e.Code))
	json.NewEncoder(w).Encode(map[string]string{"code": string(e.Code), "message": e.Msg.In(locale.EN)})
}

// MustGet sends a GET with the given X-Forwarded-For and returns the
// response with its body read.
func MustGet(tb testing.TB, url, xff string) (*http.Response, string) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return res, string(body)
}

func TestMiddleware(t *testing.T) {
	tests := []struct {
		name     string
		trusted  []string
		onLimit  OnLimit
		rotate   bool // a fresh X-Forwarded-For on every request
		wantLast int
		wantBody string
	}{
		{"plain refusal", nil, nil, false, 429, "Bạn gửi quá nhiều yêu cầu, vui lòng thử lại sau ít phút.\n"},
		{"JSON refusal", nil, jsonLimit, false, 429,
			`{"code":"rate_limited","message":"Too many requests, please try again in a few minutes."}` + "\n"},
		{"spoofed X-Forwarded-For from untrusted peer is ignored", nil, nil, true, 429, ""},
		{"trusted proxy chain is honoured", []string{"127.0.0.1", "::1"}, nil, true, 200, "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lim := NewLimiter(rate.Every(time.Minute), 3, 100)
			h := Middleware(lim, MustClientIP(t, tt.trusted...), tt.onLimit,
				http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
			srv := httptest.NewServer(h)
			defer srv.Close()
			var res *http.Response
			var body string
			for i := range 4 {
				xff := ""
				if tt.rotate {
					xff = fmt.Sprintf("198.51.100.%d", i+1)
				}
				res, body = MustGet(t, srv.URL, xff)
				if i < 3 && res.StatusCode != 200 {
					t.Fatalf("request %d: status %d", i, res.StatusCode)
				}
			}
			if res.StatusCode != tt.wantLast {
				t.Fatalf("4th request: status %d, want %d", res.StatusCode, tt.wantLast)
			}
			if tt.wantBody != "" && body != tt.wantBody {
				t.Errorf("body = %q, want %q", body, tt.wantBody)
			}
			if res.StatusCode == 429 {
				secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
				if err != nil || secs < 1 || secs > 60 {
					t.Errorf("Retry-After = %q", res.Header.Get("Retry-After"))
				}
			}
		})
	}
}

func TestMiddlewareNilLimiter(t *testing.T) {
	h := Middleware(nil, nil, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for i := range 1000 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		if rec.Code != 200 {
			t.Fatalf("request %d: status %d", i, rec.Code)
		}
	}
}

func TestDefaultClasses(t *testing.T) {
	c := DefaultClasses()
	for name, l := range map[string]*Limiter{"login": c.Login, "api": c.API, "page": c.Page, "static": c.Static} {
		if l == nil {
			t.Fatalf("%s limiter nil", name)
		}
	}
	n := 0
	for c.Login.Allow("a") {
		n++
	}
	if n != 10 {
		t.Errorf("login burst = %d, want 10", n)
	}
}

func TestRetryAfter(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "1", time.Millisecond: "1", 6 * time.Second: "6", 6001 * time.Millisecond: "7"} {
		if got := RetryAfter(d); got != want {
			t.Errorf("RetryAfter(%v) = %s, want %s", d, got, want)
		}
	}
}
