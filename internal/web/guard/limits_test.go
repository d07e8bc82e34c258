package guard

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"attt/internal/errs"
)

func TestBodyLimit(t *testing.T) {
	h := BodyLimit(1024, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			e := errs.As(BodyError(err))
			http.Error(w, e.Msg.VI, errs.Status(e.Code))
			return
		}
		io.WriteString(w, "ok")
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	tests := []struct {
		name string
		size int
		want int
	}{
		{"small", 10, 200},
		{"at the limit", 1024, 200},
		{"over the limit", 1025, http.StatusRequestEntityTooLarge},
		{"far over", 1 << 20, http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := http.Post(srv.URL, "text/plain", strings.NewReader(strings.Repeat("a", tt.size)))
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.want {
				t.Errorf("status %d, want %d", res.StatusCode, tt.want)
			}
		})
	}
}

func TestBodyErrorPassesOthers(t *testing.T) {
	if err := BodyError(io.ErrUnexpectedEOF); err != io.ErrUnexpectedEOF {
		t.Errorf("BodyError = %v", err)
	}
	if got := TooLargeError(1).Msg.EN; !strings.Contains(got, "1 KB") {
		t.Errorf("TooLargeError(1) = %q", got)
	}
}

func TestServerTimeoutsApply(t *testing.T) {
	srv := &http.Server{ReadTimeout: time.Hour}
	DefaultServerTimeouts().Apply(srv)
	if srv.ReadHeaderTimeout != 5*time.Second || srv.ReadTimeout != 30*time.Second ||
		srv.WriteTimeout != 60*time.Second || srv.IdleTimeout != 120*time.Second || srv.MaxHeaderBytes != 32<<10 {
		t.Errorf("server after Apply = %+v", srv)
	}
}

// MustServe starts srv on a real listener on 127.0.0.1 and returns its
// address; the server is shut down when tb ends.
func MustServe(tb testing.TB, srv *http.Server) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go srv.Serve(ln)
	tb.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// slowServer returns a server with short timeouts counting handled requests.
func slowServer(handled *atomic.Int64) *http.Server {
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, err.Error(), http.StatusRequestTimeout)
			return
		}
		handled.Add(1)
		io.WriteString(w, "ok")
	})}
	ServerTimeouts{
		ReadHeaderTimeout: 300 * time.Millisecond,
		ReadTimeout:       600 * time.Millisecond,
		WriteTimeout:      time.Second,
		IdleTimeout:       time.Second,
		MaxHeaderBytes:    4 << 10,
	}.Apply(srv)
	return srv
}

// trickle writes s to conn one byte every gap, stopping at the first error.
func trickle(conn net.Conn, s string, gap time.Duration) {
	for i := range len(s) {
		if _, err := conn.Write([]byte{s[i]}); err != nil {
			return
		}
		time.Sleep(gap)
	}
}

func TestSlowClientsAreCutOff(t *testing.T) {
	header := "POST / HTTP/1.1\r\nHost: attt\r\nContent-Length: 40\r\nX-Pad: slow-slow-slow\r\n\r\n"
	body := strings.Repeat("b", 40)
	tests := []struct {
		name     string
		fast     string // sent at once
		slow     string // sent a byte every 25ms
		wantCut  bool
		deadline time.Duration // the connection must end within this
	}{
		{"prompt client is served", header + body, "", false, time.Second},
		{"slowloris headers cut by ReadHeaderTimeout", "", header + body, true, time.Second},
		{"slow body cut by ReadTimeout", header, body, true, 1500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var handled atomic.Int64
			addr := MustServe(t, slowServer(&handled))
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			start := time.Now()
			conn.Write([]byte(tt.fast))
			go trickle(conn, tt.slow, 25*time.Millisecond)
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err == nil {
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
			elapsed := time.Since(start)
			if tt.wantCut {
				if err == nil && res.StatusCode == 200 {
					t.Fatalf("slow client served after %v", elapsed)
				}
				if handled.Load() != 0 {
					t.Error("handler completed for a slow client")
				}
				// Sending everything takes over 2s at this pace.
				if elapsed > tt.deadline {
					t.Errorf("cut off after %v, want within %v", elapsed, tt.deadline)
				}
				return
			}
			if err != nil || res.StatusCode != 200 || handled.Load() != 1 {
				t.Fatalf("prompt client: err %v, handled %d", err, handled.Load())
			}
		})
	}
}
