// Per-instance circuit breakers (gobreaker), and their state as a metric read at scrape time.
package egress

import (
	"context"
	"errors"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/sony/gobreaker/v2"

	"sidecar-lab.dev/library/spec"
)

// breakers holds one breaker per (target, instance). gobreaker's rule fits the spec: n
// consecutive failures open it, after the open time one probe is let through (MaxRequests 1),
// and its outcome closes or reopens it.
type breakers struct {
	mu        sync.Mutex
	byKey     map[instanceKey]*gobreaker.TwoStepCircuitBreaker[struct{}]
	threshold uint32
	settings  gobreaker.Settings
	opened    *prometheus.CounterVec
	stateDesc *prometheus.Desc
}

type instanceKey struct{ target, instance string }

// errCallerGone marks a try whose caller went away: neither a success nor a failure.
var errCallerGone = errors.New("caller cancelled the call")

func newBreakers(threshold int, s gobreaker.Settings, opened *prometheus.CounterVec) *breakers {
	b := &breakers{byKey: map[instanceKey]*gobreaker.TwoStepCircuitBreaker[struct{}]{}, threshold: uint32(threshold), settings: s, opened: opened}
	b.stateDesc = prometheus.NewDesc("scl_egress_circuit_state", spec.Help("scl_egress_circuit_state"), []string{"target", "instance"}, nil)
	return b
}

func (b *breakers) get(target, instance string) *gobreaker.TwoStepCircuitBreaker[struct{}] {
	key := instanceKey{target, instance}
	b.mu.Lock()
	defer b.mu.Unlock()
	if cb, ok := b.byKey[key]; ok {
		return cb
	}
	s := b.settings
	s.Name = instance
	s.MaxRequests = 1
	s.ReadyToTrip = func(c gobreaker.Counts) bool { return c.ConsecutiveFailures >= b.threshold }
	s.IsExcluded = func(err error) bool { return errors.Is(err, errCallerGone) || errors.Is(err, context.Canceled) }
	s.OnStateChange = func(_ string, _, to gobreaker.State) {
		if to == gobreaker.StateOpen {
			b.opened.WithLabelValues(target).Inc()
		}
	}
	cb := gobreaker.NewTwoStepCircuitBreaker[struct{}](s)
	b.byKey[key] = cb
	return cb
}

// specState maps gobreaker's numbering (closed 0, half-open 1, open 2) to the spec's
// (closed 0, open 1, half-open 2).
func specState(s gobreaker.State) float64 {
	switch s {
	case gobreaker.StateOpen:
		return 1
	case gobreaker.StateHalfOpen:
		return 2
	default:
		return 0
	}
}

func (b *breakers) Describe(ch chan<- *prometheus.Desc) { ch <- b.stateDesc }

// Collect reads each state now, so an open circuit whose time is up shows as half-open.
func (b *breakers) Collect(ch chan<- prometheus.Metric) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for key, cb := range b.byKey {
		ch <- prometheus.MustNewConstMetric(b.stateDesc, prometheus.GaugeValue, specState(cb.State()), key.target, key.instance)
	}
}
