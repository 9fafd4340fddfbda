package config

import (
	"bytes"
	"context"
	"errors"
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

// store is a fake config store: each body set with publish is one new index, and a query
// with the current index blocks until the next publish.
type store struct {
	mu      sync.Mutex
	index   int
	body    string
	changed chan struct{}
}

func newStore(body string) *store { return &store{index: 1, body: body, changed: make(chan struct{})} }

func (s *store) publish(body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.index++
	s.body = body
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	index, body, changed := s.index, s.body, s.changed
	s.mu.Unlock()
	if r.URL.Query().Get("index") == strconv.Itoa(index) {
		select {
		case <-changed:
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
			return
		}
		s.mu.Lock()
		index, body = s.index, s.body
		s.mu.Unlock()
	}
	w.Header().Set("X-Scl-Index", strconv.Itoa(index))
	_, _ = w.Write([]byte(body))
}

func startConfig(t *testing.T, handler http.Handler) *Config {
	t.Helper()
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	s := settings.Defaults().Config
	s.RetryBackoff = 10 * time.Millisecond
	defaults, err := Defaults("payment")
	if err != nil {
		t.Fatal(err)
	}
	c := New(Options{ControlPlaneURL: server.URL, Service: "payment", Defaults: defaults, Settings: s}, prometheus.NewRegistry())
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Stop(context.Background()) })
	return c
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

func TestTheFirstGoodAnswerIsInUseWhenStartReturns(t *testing.T) {
	c := startConfig(t, newStore(`{"service":"payment","version":3,"config":{"logLevel":"warn","maxAmountCents":500}}`))
	got := c.Current()
	if got.Version != 3 || got.Document.LogLevel != "warn" || *got.Document.MaxAmountCents != 500 {
		t.Fatalf("current = %+v", got)
	}
}

func TestAChangeReachesTheListenerThroughTheBlockingQuery(t *testing.T) {
	s := newStore(`{"service":"payment","version":1,"config":{"logLevel":"info"}}`)
	c := startConfig(t, s)
	versions := make(chan int64, 1)
	c.OnChange(func(a Applied) { versions <- a.Version })
	s.publish(`{"service":"payment","version":2,"config":{"logLevel":"debug"}}`)
	select {
	case v := <-versions:
		if v != 2 {
			t.Fatalf("listener saw version %d", v)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change within 5 s")
	}
}

func TestABadAnswerKeepsTheLastGoodConfigAndCountsItsReason(t *testing.T) {
	s := newStore(`{"service":"payment","version":1,"config":{"logLevel":"info"}}`)
	c := startConfig(t, s)
	cases := []struct{ reason, body string }{
		{"empty", ``},
		{"empty", `null`},
		{"empty", `{"service":"payment","version":2,"config":{}}`},
		{"invalid_json", `{"version":`},
		{"schema", `{"service":"payment","version":2,"config":{"logLevel":"loud"}}`},
		{"schema", `{"service":"payment","version":"2","config":{"logLevel":"info"}}`},
	}
	for i, c2 := range cases {
		s.publish(c2.body)
		want := float64(0)
		for _, earlier := range cases[:i+1] {
			if earlier.reason == c2.reason {
				want++
			}
		}
		waitFor(t, c2.body, func() bool { return testutil.ToFloat64(c.metrics.errors.WithLabelValues(c2.reason)) >= want })
	}
	if c.Current().Version != 1 {
		t.Fatalf("current version %d, want the last good 1", c.Current().Version)
	}
}

func TestAnUnreachableControlPlaneLeavesTheDefaultsInUse(t *testing.T) {
	c := startConfig(t, http.NotFoundHandler())
	if got := c.Current(); got.Version != 0 || *got.Document.MaxAmountCents != 1000000 {
		t.Fatalf("current = %+v", got)
	}
	waitFor(t, "a fetch error", func() bool { return testutil.ToFloat64(c.metrics.errors.WithLabelValues("fetch")) >= 1 })
}

func TestAnIntegerWithAZeroFractionIsAnInteger(t *testing.T) {
	doc, err := parseDocument([]byte(`{"logLevel":"info","pageSizeMax":10.0}`))
	if err != nil || *doc.PageSizeMax != 10 {
		t.Fatalf("doc %+v, err %v", doc, err)
	}
	_, err = parseDocument([]byte(`{"logLevel":"info","pageSizeMax":10.5}`))
	if !errors.Is(err, ErrSchema) {
		t.Fatalf("10.5 accepted: %v", err)
	}
}

func TestAPanickingListenerIsReportedAndTheOthersStillHearTheChange(t *testing.T) {
	defaults, err := Defaults("payment")
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	c := New(Options{Service: "payment", Defaults: defaults, Logger: slog.New(slog.NewJSONHandler(&logged, nil))}, prometheus.NewRegistry())
	c.OnChange(func(Applied) { panic("listener bug") })
	heard := int64(0)
	c.OnChange(func(a Applied) { heard = a.Version })
	c.apply(Applied{Version: 7, Document: defaults})
	if heard != 7 {
		t.Fatalf("the second listener heard version %d, want 7", heard)
	}
	for _, want := range []string{`"event":"config.listener_panic"`, `"panic":"listener bug"`, `"stack":`} {
		if !strings.Contains(logged.String(), want) {
			t.Fatalf("the log lacks %s:\n%s", want, logged.String())
		}
	}
}
