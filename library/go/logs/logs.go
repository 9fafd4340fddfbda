// Package logs is the logs feature: a log/slog handler whose records go to a bounded queue
// and are shipped to the collector as OTLP/HTTP JSON by one goroutine.
package logs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"sidecar-lab.dev/library/feature"
	"sidecar-lab.dev/library/internal/cpclient"
	"sidecar-lab.dev/library/settings"
)

// stopFlushLimit bounds the flush on stop (spec/features.md: up to 5 s).
const stopFlushLimit = 5 * time.Second

// Options say where records go and what resource they describe.
type Options struct {
	Endpoint string   // the collector's URL, <controlplane>/v1/logs
	Resource Resource // service.name, service.instance.id, scl.mode, scl.lang
	Settings settings.Settings
	Client   *http.Client // nil: a client without a global timeout; each export has its own
}

// Resource is the OTLP resource every record is shipped under.
type Resource struct {
	Service, InstanceID, Mode, Lang string
}

// Logs is the feature; Logger is what the app writes with.
type Logs struct {
	level    *slog.LevelVar
	queue    *queue
	exporter *exporter
	logger   *slog.Logger
	seq      atomic.Int64
	pid      int64
	done     chan struct{} // closed when the exporter goroutine returned
	stop     context.CancelFunc
	drain    chan struct{} // closed by Stop: ship what is queued, then return
}

// New builds the feature; its metrics go to registry.
func New(opts Options, registry prometheus.Registerer) *Logs {
	m := newLogMetrics(registry)
	q := newQueue(opts.Settings.Logs.QueueMaxRecords, m)
	client := opts.Client
	if client == nil {
		client = cpclient.New()
	}
	l := &Logs{
		level:    new(slog.LevelVar),
		queue:    q,
		exporter: &exporter{endpoint: opts.Endpoint, resource: opts.Resource, client: client, settings: opts.Settings.Logs, metrics: m, queue: q},
		pid:      int64(os.Getpid()),
		done:     make(chan struct{}),
		drain:    make(chan struct{}),
	}
	l.logger = slog.New(&handler{logs: l})
	m.registerQueueGauge(registry, q)
	return l
}

// Logger writes records through this feature (spec/log-line.schema.json fields).
func (l *Logs) Logger() *slog.Logger { return l.logger }

// SetLevel changes the threshold at once; records below it take no seq.
func (l *Logs) SetLevel(level slog.Level) { l.level.Set(level) }

func (l *Logs) Name() string { return feature.Logs }

// Start runs the exporter goroutine until Stop.
func (l *Logs) Start(context.Context) error {
	ctx, cancel := context.WithCancel(context.Background())
	faults, disarm := armFaultSwitch()
	l.exporter.faults = faults
	l.stop = func() {
		disarm()
		cancel()
	}
	go func() {
		defer close(l.done)
		l.exporter.run(ctx, l.drain)
	}()
	return nil
}

// Stop ships what is queued, for at most 5 s or until ctx ends, then gives up the rest and
// says so: the error counts the records given up and wraps why. A second Stop does nothing.
func (l *Logs) Stop(ctx context.Context) error {
	if l.stop == nil {
		return nil
	}
	defer func() { l.stop = nil }()
	close(l.drain)
	ctx, cancel := context.WithTimeout(ctx, stopFlushLimit)
	defer cancel()
	var gaveUp error
	select {
	case <-l.done:
	case <-ctx.Done():
		gaveUp = ctx.Err()
		l.stop()
		<-l.done
	}
	l.stop()
	// Given up: the batch abandoned mid-ship, and what was still queued.
	if lost := l.exporter.abandoned.Load() + l.queue.held.Load(); lost > 0 {
		if gaveUp == nil {
			gaveUp = errors.New("the collector did not take them")
		}
		return fmt.Errorf("logs: stopped with %d records not shipped: %w", lost, gaveUp)
	}
	return nil
}

// Observe writes the access record of one request.
func (l *Logs) Observe(e feature.Exchange) {
	if l.level.Level() > slog.LevelInfo {
		return
	}
	l.enqueue(time.Now(), slog.LevelInfo, "request completed", []slog.Attr{
		slog.String("event", "http.request"),
		slog.String("request_id", e.RequestID),
		slog.String("http_route", e.Route),
		slog.String("http_method", e.Method),
		slog.Int("http_status", e.Status),
		slog.Float64("duration_seconds", e.Duration.Seconds()),
	})
}

// enqueue numbers a record that passed the level filter and queues it without blocking.
func (l *Logs) enqueue(at time.Time, level slog.Level, msg string, attrs []slog.Attr) {
	l.queue.offer(record{
		time:  at,
		level: level,
		msg:   msg,
		seq:   l.seq.Add(1),
		pid:   l.pid,
		attrs: attrs,
	})
}
