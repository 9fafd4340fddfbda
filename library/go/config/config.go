// The config feature: first pull on start, then a loop of blocking queries.
package config

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"sidecar-lab.dev/library/feature"
	"sidecar-lab.dev/library/internal/cpclient"
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
	Logger          *slog.Logger // where a panicking listener is reported; nil: slog.Default()
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
	log              *slog.Logger
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
		client = cpclient.New()
	}
	c := &Config{baseURL: opts.ControlPlaneURL, service: opts.Service, settings: opts.Settings, client: client, log: opts.Logger}
	if c.log == nil {
		c.log = slog.Default()
	}
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

// firstPullLimit bounds how long Start waits for the first answer: a control plane that is
// down never blocks the app's start (spec/features.md config).
const firstPullLimit = 1500 * time.Millisecond

// Start runs the pull loop and waits for its first answer, good or not, up to firstPullLimit.
func (c *Config) Start(ctx context.Context) error {
	loopCtx, cancel := context.WithCancel(context.Background())
	c.cancel, c.done = cancel, make(chan struct{})
	first := make(chan struct{})
	go func() {
		defer close(c.done)
		c.loop(loopCtx, first)
	}()
	timer := time.NewTimer(firstPullLimit)
	defer timer.Stop()
	select {
	case <-first:
	case <-timer.C:
	case <-ctx.Done():
	}
	return nil
}

// Stop cancels the pull in flight and waits for the loop to end.
func (c *Config) Stop(context.Context) error {
	if c.cancel != nil {
		c.cancel()
		<-c.done
	}
	return nil
}

// loop pulls until ctx ends. A bad answer is counted, then config.retryBackoffSeconds passes
// and the next query blocks on the index of the last good answer.
func (c *Config) loop(ctx context.Context, first chan<- struct{}) {
	var index uint64
	for ctx.Err() == nil {
		applied, next, err := c.pull(ctx, index)
		if err == nil {
			c.apply(applied)
			index = next
		} else if pe := (*pullError)(nil); ctx.Err() == nil && errors.As(err, &pe) { // a cancelled pull is Stop
			c.metrics.errors.WithLabelValues(pe.reason).Inc()
		}
		if first != nil { // the first outcome is in place: Start may return
			close(first)
			first = nil
		}
		if err == nil {
			continue
		}
		select {
		case <-time.After(c.settings.RetryBackoff):
		case <-ctx.Done():
		}
	}
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
		c.notify(listener, next)
	}
}

// notify calls a listener; a panicking one is the app's bug and must not end the pull loop,
// but it is reported, with its stack, so the bug can be found.
func (c *Config) notify(listener func(Applied), applied Applied) {
	defer func() {
		if recovered := recover(); recovered != nil {
			c.log.Error("a config listener panicked; the config is applied, the listener missed it",
				"event", "config.listener_panic", "config_version", applied.Version,
				"panic", fmt.Sprint(recovered), "stack", string(debug.Stack()))
		}
	}()
	listener(applied)
}
