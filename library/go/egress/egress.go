// Package egress is the egress feature: an http.RoundTripper that resolves a service name
// through the registry and makes the call resilient (per-try timeout, retries with full-jitter
// backoff and a budget, a circuit breaker per instance). The app calls http://<service>/<path>.
package egress

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/sony/gobreaker/v2"

	"sidecar-lab.dev/library/feature"
	"sidecar-lab.dev/library/registry"
	"sidecar-lab.dev/library/settings"
	"sidecar-lab.dev/library/spec"
)

// Resolver finds the passing instances of a service (registry.Resolver).
type Resolver interface {
	Resolve(ctx context.Context, service string) (registry.Snapshot, error)
}

// Options wire the feature.
type Options struct {
	Resolver  Resolver
	Settings  settings.Egress
	Transport http.RoundTripper // the tries' transport; nil: a clone of http.DefaultTransport
}

// Egress is the feature and the RoundTripper.
type Egress struct {
	resolver  Resolver
	settings  settings.Egress
	transport http.RoundTripper
	metrics   *egressMetrics
	breakers  *breakers
	mu        sync.Mutex
	budgets   map[string]*budget // per target service
	next      map[string]int     // round-robin position per target service
	closers   []func()
}

// New builds the feature; its metrics go to registry.
func New(opts Options, reg prometheus.Registerer) *Egress {
	transport := opts.Transport
	if transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 64 // keep-alive connections enough for a loaded service
		transport = t
	}
	m := newEgressMetrics(reg)
	e := &Egress{
		resolver:  opts.Resolver,
		settings:  opts.Settings,
		transport: transport,
		metrics:   m,
		budgets:   map[string]*budget{},
		next:      map[string]int{},
	}
	e.breakers = newBreakers(opts.Settings.CircuitFailureThreshold, gobreaker.Settings{Timeout: opts.Settings.CircuitOpen}, m.circuitOpened)
	reg.MustRegister(e.breakers)
	return e
}

// Client is an http.Client whose calls go through this egress. It does not follow redirects:
// a downstream's answer, a 3xx included, is passed through unchanged.
func (e *Egress) Client() *http.Client {
	return &http.Client{
		Transport:     e,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// OnStop adds something to release when the feature stops (the resolver's watches).
func (e *Egress) OnStop(release func()) { e.closers = append(e.closers, release) }

func (e *Egress) Name() string                { return feature.Egress }
func (e *Egress) Start(context.Context) error { return nil }

func (e *Egress) Stop(context.Context) error {
	for _, release := range e.closers {
		release()
	}
	if t, ok := e.transport.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
	return nil
}

// RoundTrip makes one call: the host of req.URL names the target service. As the
// http.RoundTripper contract asks, it closes req.Body on every path, an early return included.
func (e *Egress) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	started := time.Now()
	target := req.URL.Hostname()
	resp, err := e.call(req, target)
	if err != nil {
		return nil, err // the caller's context ended: nothing to answer
	}
	status := resp.Header.Get(ErrorHeader)
	if status == "" {
		status = strconv.Itoa(resp.StatusCode)
	}
	e.metrics.requests.WithLabelValues(target, req.Method, status).Inc()
	e.metrics.duration.WithLabelValues(target, req.Method).Observe(time.Since(started).Seconds())
	return resp, nil
}

func (e *Egress) call(req *http.Request, target string) (*http.Response, error) {
	ctx := req.Context()
	budget := e.budgetOf(target)
	budget.call()
	snapshot, err := e.resolver.Resolve(ctx, target)
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil:
		return synthesize(req, kindNoInstance), nil // the registry cannot be asked: no instance is known
	case !snapshot.Known:
		return synthesize(req, kindUnknownService), nil
	}
	body, err := replayableBody(req)
	if err != nil {
		return nil, err
	}
	mayRetry := isIdempotent(req)
	var last outcome
	var previous string
	for attempt := 1; ; attempt++ {
		instance, done, kind := e.pick(target, snapshot.Instances, previous)
		if kind != "" { // a retry with no usable instance is not made: the last try's answer stands
			if attempt == 1 {
				last = outcome{kind: kind}
			}
			break
		}
		if attempt > 1 {
			budget.recordRetry()
			e.metrics.retries.WithLabelValues(target).Inc()
		}
		previous = instance.ID
		last = e.try(ctx, req, instance, body)
		if ctx.Err() != nil {
			done(errCallerGone)
			return nil, ctx.Err()
		}
		if last.failed() {
			done(errTryFailed)
		} else {
			done(nil)
		}
		if attempt == e.settings.MaxAttempts || !mayRetry || !last.retryable() {
			break
		}
		if !budget.allowsRetry() {
			e.metrics.budgetExhausted.WithLabelValues(target).Inc()
			break
		}
		if err := sleep(ctx, backoff(attempt, e.settings.BackoffBase, e.settings.BackoffMax)); err != nil {
			return nil, err
		}
		if snapshot, err = e.resolver.Resolve(ctx, target); err != nil {
			return nil, err
		}
	}
	if last.kind != "" {
		return synthesize(req, last.kind), nil
	}
	return last.resp, nil
}

// pick chooses, round robin, a passing instance whose circuit lets a try through, preferring
// another one than the previous try's. kind says why none could be chosen.
func (e *Egress) pick(target string, instances []registry.Instance, previous string) (registry.Instance, func(error), string) {
	if len(instances) == 0 {
		return registry.Instance{}, nil, kindNoInstance
	}
	e.mu.Lock()
	start := e.next[target]
	e.next[target] = start + 1
	e.mu.Unlock()
	order := make([]registry.Instance, 0, len(instances))
	for i := range instances {
		order = append(order, instances[(start+i)%len(instances)])
	}
	if len(order) > 1 && order[0].ID == previous {
		order = append(order[1:], order[0])
	}
	for _, instance := range order {
		done, err := e.breakers.get(target, instance.ID).Allow()
		if err == nil {
			return instance, done, ""
		}
	}
	return registry.Instance{}, nil, kindCircuitOpen
}

func (e *Egress) budgetOf(target string) *budget {
	e.mu.Lock()
	defer e.mu.Unlock()
	b, ok := e.budgets[target]
	if !ok {
		b = newBudget(e.settings.RetryBudgetRatio, e.settings.RetryBudgetMinPerSecond, e.settings.RetryBudgetWindow)
		e.budgets[target] = b
	}
	return b
}

// isIdempotent: the method is idempotent, or the caller made it so with an Idempotency-Key.
func isIdempotent(req *http.Request) bool {
	return slices.Contains(spec.Contract.Egress.IdempotentMethods, req.Method) || req.Header.Get("Idempotency-Key") != ""
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
