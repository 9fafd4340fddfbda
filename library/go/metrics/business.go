// Business counters the app reports: scl_business_<name>, created on first use.
package metrics

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

var (
	businessName = regexp.MustCompile(`^[a-z][a-z0-9_]*_total$`)
	labelName    = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

const (
	maxBusinessLabels = 5
	// maxBusinessCounters bounds the registry against a caller inventing names without end.
	maxBusinessCounters = 100
)

// BusinessError is a rejected business count; Field names the offending input (name, value, labels).
type BusinessError struct {
	Field   string
	Message string
}

func (e *BusinessError) Error() string { return e.Field + ": " + e.Message }

type businessCounters struct {
	registry prometheus.Registerer
	mu       sync.Mutex
	counters map[string]*businessCounter
}

// businessCounter keeps the label names fixed at first use, as Prometheus requires.
type businessCounter struct {
	labelNames []string
	vec        *prometheus.CounterVec
}

func newBusinessCounters(registry prometheus.Registerer) *businessCounters {
	return &businessCounters{registry: registry, counters: map[string]*businessCounter{}}
}

func (b *businessCounters) add(name string, value float64, labels map[string]string) error {
	if !businessName.MatchString(name) {
		return &BusinessError{"name", fmt.Sprintf("%q must match ^[a-z][a-z0-9_]*_total$", name)}
	}
	if value < 0 || math.IsNaN(value) || math.IsInf(value, 0) {
		return &BusinessError{"value", fmt.Sprintf("%v must be a finite number >= 0", value)}
	}
	if len(labels) > maxBusinessLabels {
		return &BusinessError{"labels", fmt.Sprintf("%d labels, at most %d", len(labels), maxBusinessLabels)}
	}
	names := slices.Sorted(maps.Keys(labels))
	for _, l := range names {
		if !labelName.MatchString(l) || len(l) > 1 && l[:2] == "__" {
			return &BusinessError{"labels", fmt.Sprintf("%q is not a valid label name", l)}
		}
	}
	counter, err := b.counter(name, names)
	if err != nil {
		return err
	}
	counter.With(labels).Add(value)
	return nil
}

func (b *businessCounters) counter(name string, labelNames []string) (*prometheus.CounterVec, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c, ok := b.counters[name]; ok {
		if !slices.Equal(c.labelNames, labelNames) {
			return nil, &BusinessError{"labels", fmt.Sprintf("%s was first counted with labels %v; use the same label names", name, c.labelNames)}
		}
		return c.vec, nil
	}
	if len(b.counters) >= maxBusinessCounters {
		return nil, &BusinessError{"name", fmt.Sprintf("at most %d business counters per process; %s would be one more", maxBusinessCounters, name)}
	}
	vec := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "scl_business_" + name,
		Help: "business counter " + name + " reported by the app",
	}, labelNames)
	if err := b.registry.Register(vec); err != nil {
		var already prometheus.AlreadyRegisteredError
		if !errors.As(err, &already) {
			return nil, &BusinessError{"name", err.Error()}
		}
		// Registered before (another Metrics on the same registry): count into that one, or
		// the new, unregistered vector would take the counts and never expose them.
		existing, ok := already.ExistingCollector.(*prometheus.CounterVec)
		if !ok {
			return nil, &BusinessError{"name", fmt.Sprintf("scl_business_%s is already registered as another kind of metric", name)}
		}
		vec = existing
	}
	b.counters[name] = &businessCounter{labelNames: labelNames, vec: vec}
	return vec, nil
}
