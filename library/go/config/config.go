// The config feature: first pull on start, then a loop of blocking queries.
package config

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"sidecar-lab.dev/library/feature"
	"sidecar-lab.dev/library/settings"
	"sidecar-lab.dev/library/spec"
)

// Options say which document to pull from where.
type Options struct {
	ControlPlaneURL string
	Service         string
	Defaults        Document // in use, as version 0, until a first good answer
	Settings        settings.Config
	Client          *http.Client
}

// Config is the feature; Current is safe from any goroutine.
type Config struct {
	baseURL, service string
	settings         settings.Config
	client           *http.Client
	current          atomic.Pointer[Applied]
	mu               sync.Mutex
	listeners        []func(Applied)
	metrics          configMetrics
	cancel           context.CancelFunc
	done             chan struct{}
}

type configMetrics struct {
	version prometheus.Gauge
	applied prometheus.Counter
	errors  *prometheus.CounterVec
}

// New builds the feature on the built-in defaults; its metrics go to registry.
func New(opts Options, registry prometheus.Registerer) *Config {
	client := opts.Client
	if client == nil {
		client = &http.Client{}
	}
	c := &Config{baseURL: opts.ControlPlaneURL, service: opts.Service, settings: opts.Settings, client: client}
	c.current.Store(&Applied{Version: 0, Document: opts.Defaults})
	c.metrics = configMetrics{
		version: prometheus.NewGauge(prometheus.GaugeOpts{Name: "scl_config_version", Help: spec.Help("scl_config_version")}),
		applied: prometheus.NewCounter(prometheus.CounterOpts{Name: "scl_config_applied_total", Help: spec.Help("scl_config_applied_total")}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "scl_config_errors_total", Help: spec.Help("scl_config_errors_total")},
			[]string{"reason"}),
	}
	registry.MustRegister(c.metrics.version, c.metrics.applied, c.metrics.errors)
	return c
}

// Current is the config in use.
func (c *Config) Current() Applied { return *c.current.Load() }

// OnChange registers a listener called, on the pull goroutine, after each applied version.
func (c *Config) OnChange(listener func(Applied)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.listeners = append(c.listeners, listener)
}

func (c *Config) Name() string { return feature.Config }

// Start makes one immediate pull (a failure leaves the defaults in use) and starts the loop.
func (c *Config) Start(ctx context.Context) error {
	index, _ := c.step(ctx, 0)
	loopCtx, cancel := context.WithCancel(context.Background())
	c.cancel, c.done = cancel, make(chan struct{})
	go func() {
		defer close(c.done)
		c.loop(loopCtx, index)
	}()
	return nil
}

// loop pulls until ctx ends, waiting config.retryBackoffSeconds after an answer not applied.
func (c *Config) loop(ctx context.Context, index uint64) {
	for ctx.Err() == nil {
		var ok bool
		if index, ok = c.step(ctx, index); ok {
			continue
		}
		select {
		case <-time.After(c.settings.RetryBackoff):
		case <-ctx.Done():
		}
	}
}

// Stop cancels the pull in flight and waits for the loop to end.
func (c *Config) Stop(context.Context) error {
	if c.cancel != nil {
		c.cancel()
		<-c.done
	}
	return nil
}

// step makes one pull and applies a good answer or counts a bad one; it returns the index to
// ask with next and whether the answer was good.
func (c *Config) step(ctx context.Context, index uint64) (uint64, bool) {
	a, err := c.pull(ctx, index)
	if a.index != 0 {
		index = a.index
	}
	if err != nil {
		var pe *pullError
		if ctx.Err() == nil && errors.As(err, &pe) { // a cancelled pull is Stop, not a failure
			c.metrics.errors.WithLabelValues(pe.reason).Inc()
		}
		return index, false
	}
	c.apply(a.applied)
	return index, true
}

func (c *Config) apply(next Applied) {
	if c.current.Load().Version == next.Version {
		return
	}
	c.current.Store(&next)
	c.metrics.version.Set(float64(next.Version))
	c.metrics.applied.Inc()
	c.mu.Lock()
	listeners := c.listeners
	c.mu.Unlock()
	for _, listener := range listeners {
		listener(next)
	}
}
