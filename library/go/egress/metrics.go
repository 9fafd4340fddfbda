// The egress feature's own metrics (spec/features.json, feature "egress").
package egress

import (
	"github.com/prometheus/client_golang/prometheus"

	"sidecar-lab.dev/library/spec"
)

type egressMetrics struct {
	requests        *prometheus.CounterVec
	duration        *prometheus.HistogramVec
	retries         *prometheus.CounterVec
	budgetExhausted *prometheus.CounterVec
	circuitOpened   *prometheus.CounterVec
}

func newEgressMetrics(reg prometheus.Registerer) *egressMetrics {
	counter := func(name string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: spec.Help(name)}, labels)
	}
	m := &egressMetrics{
		requests: counter("scl_egress_requests_total", "target", "method", "status"),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "scl_egress_request_duration_seconds",
			Help:    spec.Help("scl_egress_request_duration_seconds"),
			Buckets: spec.Contract.Metrics.HistogramBucketsSeconds,
		}, []string{"target", "method"}),
		retries:         counter("scl_egress_retries_total", "target"),
		budgetExhausted: counter("scl_egress_retry_budget_exhausted_total", "target"),
		circuitOpened:   counter("scl_egress_circuit_opened_total", "target"),
	}
	reg.MustRegister(m.requests, m.duration, m.retries, m.budgetExhausted, m.circuitOpened)
	return m
}
