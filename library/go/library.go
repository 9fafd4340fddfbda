// Package library composes the five features of sidecar-lab in-process: what a Go service
// links in library mode. Features start in the order config, metrics, logs, registry, egress
// and stop in reverse (spec/features.md).
package library

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"

	"github.com/prometheus/client_golang/prometheus"

	"sidecar-lab.dev/library/config"
	"sidecar-lab.dev/library/egress"
	"sidecar-lab.dev/library/feature"
	"sidecar-lab.dev/library/logs"
	"sidecar-lab.dev/library/metrics"
	"sidecar-lab.dev/library/registry"
	"sidecar-lab.dev/library/settings"
)

// Lang is reported as the scl.lang resource attribute of logs.
const Lang = "go"

// Options describe the instance and the features to compose.
type Options struct {
	Service         string
	InstanceID      string
	Mode            string // scl.mode of logs
	ControlPlaneURL string
	AdvertiseHost   string   // what the registry advertises: SCL_HOST
	AdvertisePort   int      // and SCL_PUBLIC_PORT
	Features        []string // enabled features (SCL_FEATURES); nil means all five
	Settings        settings.Settings
	ConfigDefaults  config.Document // in use as version 0 until a first good config
}

// Library is the composed features of one process.
type Library struct {
	features  []feature.Feature // in start order
	observers []feature.Observer
	metrics   *metrics.Metrics
	config    *config.Config
	logger    *slog.Logger
	client    *http.Client
	defaults  config.Applied
	registry  *registry.Registry
}

// New composes the enabled features; nothing runs until Start.
func New(opts Options) (*Library, error) {
	enabled := opts.Features
	if enabled == nil {
		enabled = feature.StartOrder
	}
	on := func(name string) bool { return slices.Contains(enabled, name) }
	l := &Library{
		logger:   slog.New(slog.DiscardHandler),
		defaults: config.Applied{Version: 0, Document: opts.ConfigDefaults},
	}
	// Features whose metrics are not exposed still count into a registry nobody scrapes.
	var reg prometheus.Registerer = prometheus.NewRegistry()
	if on(feature.Metrics) {
		l.metrics = metrics.New()
		reg = l.metrics.Registerer()
		l.add(l.metrics)
	}
	if on(feature.Config) {
		l.config = config.New(config.Options{
			ControlPlaneURL: opts.ControlPlaneURL, Service: opts.Service,
			Defaults: opts.ConfigDefaults, Settings: opts.Settings.Config,
		}, reg)
		l.add(l.config)
	}
	if on(feature.Logs) {
		lg := logs.New(logs.Options{
			Endpoint: opts.ControlPlaneURL + "/v1/logs",
			Resource: logs.Resource{Service: opts.Service, InstanceID: opts.InstanceID, Mode: opts.Mode, Lang: Lang},
			Settings: opts.Settings,
		}, reg)
		if err := setLevel(lg, opts.ConfigDefaults.LogLevel); err != nil {
			return nil, err
		}
		if l.config != nil {
			l.config.OnChange(func(a config.Applied) { _ = setLevel(lg, a.Document.LogLevel) })
		}
		l.logger = lg.Logger()
		l.add(lg)
	}
	if on(feature.Registry) {
		l.registry = registry.New(registry.Options{
			ControlPlaneURL: opts.ControlPlaneURL, Service: opts.Service, InstanceID: opts.InstanceID,
			Address: opts.AdvertiseHost, Port: opts.AdvertisePort, Settings: opts.Settings.Registry,
		}, reg)
		l.add(l.registry)
	}
	l.client = newEgress(opts, on(feature.Egress), reg, l.add)
	l.features = feature.InStartOrder(l.features)
	return l, nil
}

// newEgress builds the egress feature, or its stand-in when it is off.
func newEgress(opts Options, enabled bool, reg prometheus.Registerer, add func(feature.Feature)) *http.Client {
	noRedirects := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if !enabled {
		return &http.Client{Transport: egress.Disabled{}, CheckRedirect: noRedirects}
	}
	resolver := registry.NewResolver(opts.ControlPlaneURL, nil)
	e := egress.New(egress.Options{Resolver: resolver, Settings: opts.Settings.Egress}, reg)
	e.OnStop(resolver.Close)
	add(e)
	return e.Client()
}

func (l *Library) add(f feature.Feature) {
	l.features = append(l.features, f)
	if o, ok := f.(feature.Observer); ok {
		l.observers = append(l.observers, o)
	}
}

func setLevel(lg *logs.Logs, name string) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(name)); err != nil {
		return fmt.Errorf("config logLevel %q: %w", name, err)
	}
	lg.SetLevel(level)
	return nil
}

// Logger writes log records through the logs feature (discarded when it is off).
func (l *Library) Logger() *slog.Logger { return l.logger }

// Client calls peers: http://<service>/<path> goes through egress.
func (l *Library) Client() *http.Client { return l.client }

// Config is the config in use.
func (l *Library) Config() config.Applied {
	if l.config == nil {
		return l.defaults
	}
	return l.config.Current()
}

// OnConfig registers a listener called after each newly applied config.
func (l *Library) OnConfig(listener func(config.Applied)) {
	if l.config != nil {
		l.config.OnChange(listener)
	}
}

// Count adds to a business counter; without the metrics feature it is a no-op.
func (l *Library) Count(name string, value float64, labels map[string]string) error {
	if l.metrics == nil {
		return nil
	}
	return l.metrics.Count(name, value, labels)
}

// MetricsHandler serves /metrics; nil when the metrics feature is off.
func (l *Library) MetricsHandler() http.Handler {
	if l.metrics == nil {
		return nil
	}
	return l.metrics.Handler()
}

// Middleware lets the features observe every completed request.
func (l *Library) Middleware(next http.Handler) http.Handler {
	return feature.Observe(next, l.observers...)
}

// Start starts the features in order; on a failure it stops those already started.
func (l *Library) Start(ctx context.Context) error {
	for i, f := range l.features {
		if err := f.Start(ctx); err != nil {
			_ = stopAll(ctx, l.features[:i])
			return fmt.Errorf("start %s: %w", f.Name(), err)
		}
	}
	return nil
}

// Deregister leaves the registry now (deregister, stop heartbeating), before the server stops
// accepting, so peers stop sending first. Stop does it when it was not done; without the registry
// feature it does nothing.
func (l *Library) Deregister(ctx context.Context) error {
	if l.registry == nil {
		return nil
	}
	return l.registry.Stop(ctx)
}

// Stop stops the features in reverse order; every feature is stopped even if one fails.
func (l *Library) Stop(ctx context.Context) error { return stopAll(ctx, l.features) }

func stopAll(ctx context.Context, features []feature.Feature) error {
	var errs []error
	for _, f := range slices.Backward(features) {
		if err := f.Stop(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stop %s: %w", f.Name(), err))
		}
	}
	return errors.Join(errs...)
}
