package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, on a registry of its own.
type metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	inflight    prometheus.Gauge
	cacheHits   prometheus.Counter
	cacheMisses prometheus.Counter
	screenings  *prometheus.CounterVec
	screenRows  prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ownex_http_requests_total", Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "ownex_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 9),
		}, []string{"route"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ownex_http_requests_in_flight", Help: "HTTP requests being served.",
		}),
		cacheHits: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ownex_analysis_cache_hits_total", Help: "Analyses served from the as-of cache.",
		}),
		cacheMisses: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ownex_analysis_cache_misses_total", Help: "Analyses computed (or joined) because the as-of date was not cached.",
		}),
		screenings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ownex_screenings_total", Help: "Screening uploads by outcome.",
		}, []string{"outcome"}),
		screenRows: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ownex_screened_rows_total", Help: "Counterparty rows screened.",
		}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.inflight, m.cacheHits, m.cacheMisses, m.screenings, m.screenRows,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// wrap counts requests by the pattern the mux matched (so that entity IDs
// never become label values).
func (m *metrics) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		m.inflight.Inc()
		defer m.inflight.Dec()
		rec := &statusRecorder{ResponseWriter: w}
		route := new(string)
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), routeKey{}, route)))
		if *route == "" || *route == "/" {
			*route = "unmatched"
		}
		if rec.code == 0 {
			rec.code = http.StatusOK
		}
		m.requests.WithLabelValues(*route, r.Method, strconv.Itoa(rec.code)).Inc()
		m.duration.WithLabelValues(*route).Observe(time.Since(t0).Seconds())
	})
}

// routeKey carries a *string that guard fills with the matched pattern.
type routeKey struct{}

func setRoute(r *http.Request, pattern string) {
	if p, ok := r.Context().Value(routeKey{}).(*string); ok {
		*p = pattern
	}
}
