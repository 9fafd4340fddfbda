// The resolver: passing instances of a service, kept fresh by blocking queries.
package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"
)

// The registry settings have no wait or backoff of their own for watches: these mirror the
// control plane's default wait and config.retryBackoffSeconds.
const (
	watchWait         = 10 * time.Second
	watchRetryBackoff = time.Second
)

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
	mu       sync.Mutex
	snapshot Snapshot
	index    uint64
}

// NewResolver asks the control plane at baseURL.
func NewResolver(baseURL string, client *http.Client) *Resolver {
	if client == nil {
		client = &http.Client{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Resolver{baseURL: baseURL, client: client, ctx: ctx, cancel: cancel, watches: map[string]*watch{}}
}

// Resolve returns the last known snapshot; the first call for a service asks at once and
// starts its watch. A failed first answer is an error and is asked again next time.
func (r *Resolver) Resolve(ctx context.Context, service string) (Snapshot, error) {
	r.mu.Lock()
	w, ok := r.watches[service]
	r.mu.Unlock()
	if ok {
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.snapshot, nil
	}
	snapshot, index, err := r.query(ctx, service, 0)
	if err != nil {
		return Snapshot{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if existing, ok := r.watches[service]; ok { // another caller won the race
		existing.mu.Lock()
		defer existing.mu.Unlock()
		return existing.snapshot, nil
	}
	w = &watch{snapshot: snapshot, index: index}
	r.watches[service] = w
	r.wg.Add(1)
	go r.watch(service, w)
	return snapshot, nil
}

// Close ends every watch.
func (r *Resolver) Close() {
	r.cancel()
	r.wg.Wait()
}

func (r *Resolver) watch(service string, w *watch) {
	defer r.wg.Done()
	for r.ctx.Err() == nil {
		w.mu.Lock()
		index := w.index
		w.mu.Unlock()
		snapshot, next, err := r.query(r.ctx, service, index)
		if err == nil {
			w.mu.Lock()
			w.snapshot, w.index = snapshot, next
			w.mu.Unlock()
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
