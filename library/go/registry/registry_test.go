package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"sidecar-lab.dev/library/settings"
)

// fakeRegistry keeps instances by id and wakes blocking queries on every change.
type fakeRegistry struct {
	mu        sync.Mutex
	instances map[string]map[string]any
	index     int
	changed   chan struct{}
	calls     []string
}

func newFakeRegistry() *fakeRegistry {
	return &fakeRegistry{instances: map[string]map[string]any{}, index: 1, changed: make(chan struct{})}
}

func (f *fakeRegistry) bump() {
	f.index++
	close(f.changed)
	f.changed = make(chan struct{})
}

func (f *fakeRegistry) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /v1/registry/register", func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		f.mu.Lock()
		defer f.mu.Unlock()
		f.calls = append(f.calls, "register")
		f.instances[body["id"].(string)] = body
		f.bump()
	})
	mux.HandleFunc("PUT /v1/registry/heartbeat/{id}", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.calls = append(f.calls, "heartbeat")
		if f.instances[r.PathValue("id")] == nil {
			w.WriteHeader(404)
		}
	})
	mux.HandleFunc("PUT /v1/registry/deregister/{id}", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.calls = append(f.calls, "deregister")
		delete(f.instances, r.PathValue("id"))
		f.bump()
	})
	mux.HandleFunc("GET /v1/registry/services/{service}", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		changed := f.changed
		blocking := r.URL.Query().Get("index") == strconv.Itoa(f.index)
		f.mu.Unlock()
		if blocking {
			select {
			case <-changed:
			case <-r.Context().Done():
				return
			}
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		var instances []map[string]any
		for _, in := range f.instances {
			if in["service"] == r.PathValue("service") {
				instances = append(instances, in)
			}
		}
		w.Header().Set("X-Scl-Index", strconv.Itoa(f.index))
		_ = json.NewEncoder(w).Encode(map[string]any{"known": len(instances) > 0, "index": f.index, "instances": instances})
	})
	return mux
}

func (f *fakeRegistry) forget(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.instances, id)
	f.bump()
}

func (f *fakeRegistry) has(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.instances[id] != nil
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestTheInstanceIsRegisteredReRegisteredAfterA404AndDeregisteredOnStop(t *testing.T) {
	fake := newFakeRegistry()
	server := httptest.NewServer(fake.handler())
	defer server.Close()
	s := settings.Defaults().Registry
	s.HeartbeatInterval = 10 * time.Millisecond
	r := New(Options{ControlPlaneURL: server.URL, Service: "customers", InstanceID: "customers-1", Address: "127.0.0.1", Port: 7101, Settings: s}, prometheus.NewRegistry())
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !fake.has("customers-1") || testutil.ToFloat64(r.registered) != 1 {
		t.Fatal("not registered once Start returned")
	}
	fake.forget("customers-1")
	waitFor(t, "re-registration", func() bool { return fake.has("customers-1") })
	if err := r.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if fake.has("customers-1") || testutil.ToFloat64(r.registered) != 0 {
		t.Fatal("still registered after Stop")
	}
	fake.mu.Lock()
	last := fake.calls[len(fake.calls)-1]
	fake.mu.Unlock()
	if last != "deregister" {
		t.Fatalf("the last call was %s: a heartbeat after deregistration would re-register", last)
	}
}

func TestTheResolverFollowsChangesThroughBlockingQueries(t *testing.T) {
	fake := newFakeRegistry()
	server := httptest.NewServer(fake.handler())
	defer server.Close()
	resolver := NewResolver(server.URL, nil)
	defer resolver.Close()
	snapshot, err := resolver.Resolve(context.Background(), "payment")
	if err != nil || snapshot.Known || len(snapshot.Instances) != 0 {
		t.Fatalf("snapshot %+v, err %v: want unknown and empty", snapshot, err)
	}
	s := settings.Defaults().Registry
	r := New(Options{ControlPlaneURL: server.URL, Service: "payment", InstanceID: "payment-1", Address: "127.0.0.1", Port: 7102, Settings: s}, prometheus.NewRegistry())
	_ = r.Start(context.Background())
	defer r.Stop(context.Background())
	waitFor(t, "the new instance", func() bool {
		s, _ := resolver.Resolve(context.Background(), "payment")
		return s.Known && len(s.Instances) == 1 && s.Instances[0].Port == 7102
	})
}

// lockedBuffer is a log destination written by the heartbeat goroutine and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestAFailedRegistrationIsLoggedWithItsCause(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer server.Close()
	var logged lockedBuffer
	r := New(Options{ControlPlaneURL: server.URL, Service: "customers", InstanceID: "customers-1", Address: "127.0.0.1", Port: 7101,
		Settings: settings.Defaults().Registry, Logger: slog.New(slog.NewJSONHandler(&logged, nil))}, prometheus.NewRegistry())
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Stop(context.Background()) }()
	for _, want := range []string{`"event":"registry.register_failed"`, `control plane answered 500`} {
		if !strings.Contains(logged.String(), want) {
			t.Fatalf("the log lacks %s:\n%s", want, logged.String())
		}
	}
}
