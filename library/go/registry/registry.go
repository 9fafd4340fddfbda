// Package registry is the registry feature: register this instance with a TTL, heartbeat it,
// deregister on stop. Resolver, in resolver.go, finds the passing instances of other services.
package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"sidecar-lab.dev/library/feature"
	"sidecar-lab.dev/library/internal/cpclient"
	"sidecar-lab.dev/library/settings"
	"sidecar-lab.dev/library/spec"
)

// Options describe the instance as the registry advertises it.
type Options struct {
	ControlPlaneURL string
	Service         string
	InstanceID      string
	Address         string // SCL_HOST
	Port            int    // SCL_PUBLIC_PORT
	Settings        settings.Registry
	Client          *http.Client
	Logger          *slog.Logger // where a failed registration's cause goes; nil: slog.Default()
}

// Registry is the feature.
type Registry struct {
	opts       Options
	client     *http.Client
	registered prometheus.Gauge
	heartbeats *prometheus.CounterVec
	log        *slog.Logger
	// isRegistered is owned by the heartbeat goroutine once Start returned.
	isRegistered bool
	cancel       context.CancelFunc
	done         chan struct{}
}

// New builds the feature; its metrics go to registry.
func New(opts Options, registry prometheus.Registerer) *Registry {
	client := opts.Client
	if client == nil {
		client = cpclient.New()
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	r := &Registry{
		opts:   opts,
		client: client,
		log:    log,
		registered: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "scl_registry_registered", Help: spec.Help("scl_registry_registered"),
		}),
		heartbeats: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "scl_registry_heartbeats_total", Help: spec.Help("scl_registry_heartbeats_total"),
		}, []string{"result"}),
	}
	registry.MustRegister(r.registered, r.heartbeats)
	return r
}

func (r *Registry) Name() string { return feature.Registry }

// Start registers and heartbeats from then on. A failed registration never fails the start:
// each heartbeat tick registers again until one succeeds.
func (r *Registry) Start(ctx context.Context) error {
	r.isRegistered = r.tryRegister(ctx)
	loopCtx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan struct{})
	go func() {
		defer close(r.done)
		r.heartbeatLoop(loopCtx)
	}()
	return nil
}

// Stop ends the heartbeats, then deregisters. Stopping first means a heartbeat in flight can
// no longer re-register the instance after it was removed.
func (r *Registry) Stop(ctx context.Context) error {
	if r.cancel == nil {
		return nil
	}
	r.cancel()
	r.cancel = nil // a second Stop (Deregister, then the library's Stop) does nothing
	<-r.done
	r.registered.Set(0)
	status, err := r.put(ctx, "/v1/registry/deregister/"+url.PathEscape(r.opts.InstanceID), nil)
	if err != nil {
		return fmt.Errorf("deregister %s: %w", r.opts.InstanceID, err)
	}
	if status != http.StatusOK && status != http.StatusNotFound {
		return fmt.Errorf("deregister %s: control plane answered %d", r.opts.InstanceID, status)
	}
	return nil
}

func (r *Registry) heartbeatLoop(ctx context.Context) {
	ticker := time.NewTicker(r.opts.Settings.HeartbeatInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if r.isRegistered {
				r.heartbeat(ctx)
			} else {
				r.isRegistered = r.tryRegister(ctx)
			}
		}
	}
}

func (r *Registry) heartbeat(ctx context.Context) {
	status, err := r.put(ctx, "/v1/registry/heartbeat/"+url.PathEscape(r.opts.InstanceID), nil)
	switch {
	case ctx.Err() != nil:
		return // stopping
	case err == nil && status == http.StatusOK:
		r.heartbeats.WithLabelValues("ok").Inc()
		r.registered.Set(1)
	case err == nil && status == http.StatusNotFound:
		r.heartbeats.WithLabelValues("error").Inc()
		r.registered.Set(0)
		r.isRegistered = r.tryRegister(ctx) // the control plane forgot the instance
	default:
		r.heartbeats.WithLabelValues("error").Inc()
	}
}

// tryRegister registers; a failure is logged with its cause (the next heartbeat tick retries).
func (r *Registry) tryRegister(ctx context.Context) bool {
	err := r.register(ctx)
	if err != nil && ctx.Err() == nil {
		r.log.Warn("registration failed; the next heartbeat tick registers again",
			"event", "registry.register_failed", "instance_id", r.opts.InstanceID, "error", err.Error())
	}
	return err == nil
}

func (r *Registry) register(ctx context.Context) error {
	body, _ := json.Marshal(map[string]any{
		"service":    r.opts.Service,
		"id":         r.opts.InstanceID,
		"address":    r.opts.Address,
		"port":       r.opts.Port,
		"ttlSeconds": r.opts.Settings.TTL.Seconds(),
	})
	status, err := r.put(ctx, "/v1/registry/register", body)
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("control plane answered %d", status)
	}
	if err != nil {
		return fmt.Errorf("register %s: %w", r.opts.InstanceID, err)
	}
	r.registered.Set(1)
	return nil
}

// put sends one request, bounded by the TTL: an answer later than that is useless anyway.
func (r *Registry) put(ctx context.Context, path string, body []byte) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, r.opts.Settings.TTL)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, r.opts.ControlPlaneURL+path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}
