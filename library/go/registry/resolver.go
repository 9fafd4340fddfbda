// The resolver: passing instances of a service, kept fresh by blocking queries.
package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sidecar-lab.dev/library/internal/cpclient"
	"strconv"
	"sync"
	"time"
)

// The registry settings have no wait or backoff of their own for watches: these mirror the
// control plane's default wait and the TypeScript library's backoff.
const (
	watchWait         = 10 * time.Second
	watchRetryBackoff = 500 * time.Millisecond
	// firstAnswerLimit: a first Resolve waits this long, then answers "no instance"
	// (spec/features.md registry).
	firstAnswerLimit = time.Second
)

// notResolved is the answer while the registry has not answered: nothing to call.
var notResolved = Snapshot{Known: true}

// Instance is one passing instance of a service.
type Instance struct {
	ID      string `json:"id"`
	Address string `json:"address"`
	Port    int    `json:"port"`
}

// Snapshot is what the registry said last about a service.
type Snapshot struct {
	Known     bool // some instance ever registered under the name
	Instances []Instance
}

// Resolver watches each service asked for, from its first Resolve until Close.
type Resolver struct {
	baseURL string
	client  *http.Client
	ctx     context.Context
	cancel  context.CancelFunc
	mu      sync.Mutex
	watches map[string]*watch
	wg      sync.WaitGroup
}

type watch struct {
	mu        sync.Mutex
	snapshot  Snapshot
	hasAnswer bool
	answered  chan struct{} // closed by the first answer
}

// NewResolver asks the control plane at baseURL.
func NewResolver(baseURL string, client *http.Client) *Resolver {
	if client == nil {
		client = cpclient.New()
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Resolver{baseURL: baseURL, client: client, ctx: ctx, cancel: cancel, watches: map[string]*watch{}}
}

// Resolve returns the last known snapshot. The first call for a service starts its watch and
// waits for the first answer up to firstAnswerLimit.
func (r *Resolver) Resolve(ctx context.Context, service string) (Snapshot, error) {
	w := r.watchOf(service)
	timer := time.NewTimer(firstAnswerLimit)
	defer timer.Stop()
	select {
	case <-w.answered:
	case <-timer.C:
	case <-ctx.Done():
		return Snapshot{}, ctx.Err()
	}
	return w.current(), nil
}

func (r *Resolver) watchOf(service string) *watch {
	r.mu.Lock()
	defer r.mu.Unlock()
	w, ok := r.watches[service]
	if !ok {
		w = &watch{snapshot: notResolved, answered: make(chan struct{})}
		r.watches[service] = w
		r.wg.Add(1)
		go r.watch(service, w)
	}
	return w
}

// Close ends every watch.
func (r *Resolver) Close() {
	r.cancel()
	r.wg.Wait()
}

func (w *watch) current() Snapshot {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.snapshot
}

func (w *watch) update(s Snapshot) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.snapshot = s
	if !w.hasAnswer {
		w.hasAnswer = true
		close(w.answered)
	}
}

// watch asks at once, then blocks on the index of each answer until Close.
func (r *Resolver) watch(service string, w *watch) {
	defer r.wg.Done()
	var index uint64
	for r.ctx.Err() == nil {
		snapshot, next, err := r.query(r.ctx, service, index)
		if err == nil {
			w.update(snapshot)
			index = next
		}
		if err != nil || next == 0 { // nothing to block on: do not spin
			select {
			case <-time.After(watchRetryBackoff):
			case <-r.ctx.Done():
			}
		}
	}
}

func (r *Resolver) query(ctx context.Context, service string, index uint64) (Snapshot, uint64, error) {
	query := url.Values{"passing": {"true"}}
	if index > 0 {
		query.Set("index", strconv.FormatUint(index, 10))
		query.Set("wait", strconv.FormatFloat(watchWait.Seconds(), 'f', -1, 64)+"s")
	}
	ctx, cancel := context.WithTimeout(ctx, watchWait+5*time.Second)
	defer cancel()
	endpoint := r.baseURL + "/v1/registry/services/" + url.PathEscape(service) + "?" + query.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return Snapshot{}, 0, err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return Snapshot{}, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusBadRequest { // a name the registry refuses never has instances
		return Snapshot{Known: false}, 0, nil
	}
	if resp.StatusCode != http.StatusOK {
		return Snapshot{}, 0, fmt.Errorf("registry answered %d for %s", resp.StatusCode, service)
	}
	var body struct {
		Known     bool       `json:"known"`
		Index     uint64     `json:"index"`
		Instances []Instance `json:"instances"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return Snapshot{}, 0, fmt.Errorf("registry answer for %s: %w", service, err)
	}
	next, err := strconv.ParseUint(resp.Header.Get("X-Scl-Index"), 10, 64)
	if err != nil {
		next = body.Index
	}
	return Snapshot{Known: body.Known, Instances: body.Instances}, next, nil
}
