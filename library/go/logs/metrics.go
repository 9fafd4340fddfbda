// The logs feature's own metrics (spec/features.json, feature "logs").
package logs

import (
	"github.com/prometheus/client_golang/prometheus"

	"sidecar-lab.dev/library/spec"
)

type logMetrics struct {
	queued, shipped, exportFailures prometheus.Counter
	droppedQueueFull, rejected      prometheus.Counter
}

func newLogMetrics(registry prometheus.Registerer) *logMetrics {
	counter := func(name string) prometheus.Counter {
		c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: spec.Help(name)})
		registry.MustRegister(c)
		return c
	}
	dropped := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "scl_logs_records_dropped_total",
		Help: spec.Help("scl_logs_records_dropped_total"),
	}, []string{"reason"})
	registry.MustRegister(dropped)
	return &logMetrics{
		queued:           counter("scl_logs_records_queued_total"),
		shipped:          counter("scl_logs_records_shipped_total"),
		exportFailures:   counter("scl_logs_export_failures_total"),
		droppedQueueFull: dropped.WithLabelValues("queue_full"),
		rejected:         dropped.WithLabelValues("rejected"),
	}
}

func (m *logMetrics) registerQueueGauge(registry prometheus.Registerer, q *queue) {
	registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "scl_logs_queue_records",
		Help: spec.Help("scl_logs_queue_records"),
	}, func() float64 { return float64(q.held.Load()) }))
}
