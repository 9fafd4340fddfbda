// Package metrics is the metrics feature: request counters and latency histograms, the app
// process's own CPU, memory and descriptors, business counters, exposed in Prometheus text.
package metrics

import (
	"context"
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"sidecar-lab.dev/library/feature"
	"sidecar-lab.dev/library/spec"
)

// Metrics owns the process's registry; the other features register their metrics in it.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	business *businessCounters
}

// New creates the registry with the request metrics and the scl_app_* process collector.
func New() *Metrics {
	registry := prometheus.NewRegistry()
	m := &Metrics{
		registry: registry,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "scl_http_server_requests_total",
			Help: spec.Help("scl_http_server_requests_total"),
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "scl_http_server_request_duration_seconds",
			Help:    spec.Help("scl_http_server_request_duration_seconds"),
			Buckets: spec.Contract.Metrics.HistogramBucketsSeconds,
		}, []string{"route", "method"}),
		business: newBusinessCounters(registry),
	}
	registry.MustRegister(m.requests, m.duration, newProcessCollector())
	return m
}

// Registerer is where other features add their metrics.
func (m *Metrics) Registerer() prometheus.Registerer { return m.registry }

// Handler serves GET /metrics in the text format 0.0.4.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{ErrorLog: nil})
}

// Count adds value to the business counter scl_business_<name>; bad input is an error, never a panic.
func (m *Metrics) Count(name string, value float64, labels map[string]string) error {
	return m.business.add(name, value, labels)
}

func (m *Metrics) Name() string                { return feature.Metrics }
func (m *Metrics) Start(context.Context) error { return nil }
func (m *Metrics) Stop(context.Context) error  { return nil }

// Observe counts one completed request.
func (m *Metrics) Observe(e feature.Exchange) {
	m.requests.WithLabelValues(e.Route, e.Method, strconv.Itoa(e.Status)).Inc()
	m.duration.WithLabelValues(e.Route, e.Method).Observe(e.Duration.Seconds())
}
