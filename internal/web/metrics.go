package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"attt/internal/logs/store"
)

// metrics are the server's Prometheus series, on a registry of its own (no
// global default registry).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	limited  prometheus.Counter
}

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "attt_http_requests_total", Help: "HTTP requests by route and status."}, []string{"route", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "attt_http_request_seconds", Help: "HTTP request duration by route.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"route"})
	m.limited = prometheus.NewCounter(prometheus.CounterOpts{Name: "attt_http_rate_limited_total", Help: "Requests refused by rate limits."})
	hashing := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "attt_password_hash_waiting", Help: "Sign-ins waiting for password hashing."},
		func() float64 { return float64(s.Hashing.Stats().Waiting) })
	rejected := prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "attt_password_hash_rejected_total", Help: "Sign-ins turned away by the hashing queue."},
		func() float64 { return float64(s.Hashing.Stats().Rejected) })
	m.reg.MustRegister(m.requests, m.duration, m.limited, hashing, rejected,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if s.Ingest != nil && s.Logs != nil {
		m.reg.MustRegister(ingestMetrics(s)...)
	}
	return m
}

// ingestMetrics are the central-log receiver's counters (S5): messages,
// parse errors, UDP drops (the only place events may be dropped) and open
// TCP/TLS connections.
func ingestMetrics(s *Server) []prometheus.Collector {
	st := s.Ingest.Stats()
	counter := func(name, help string, f func() int64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 { return float64(f()) })
	}
	out := []prometheus.Collector{
		counter("attt_log_messages_received_total", "Log messages received (syslog and HTTP).", st.Received.Load),
		counter("attt_log_parse_errors_total", "Log messages kept raw with a parse error.", st.ParseErrors.Load),
		counter("attt_log_udp_dropped_total", "Syslog UDP datagrams dropped because the parse queue was full.", st.UDPDropped.Load),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "attt_log_connections", Help: "Open syslog TCP and TLS connections."},
			func() float64 { return float64(st.Connections.Load()) }),
	}
	if d, ok := s.Logs.Store().(interface{ Stats() store.Stats }); ok {
		out = append(out,
			counter("attt_log_events_durable_total", "Log events fsynced and searchable in the embedded store.", func() int64 { return d.Stats().Durable }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "attt_log_store_queue", Help: "Batches waiting for the log store's WAL writer."},
				func() float64 { return float64(d.Stats().Queued) }))
	}
	return out
}

func (m *metrics) handler() http.Handler { return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}) }

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe counts a route's requests and durations.
func (m *metrics) observe(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(sw, r)
		m.requests.WithLabelValues(route, strconv.Itoa(sw.code)).Inc()
		m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}
