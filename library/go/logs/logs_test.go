package logs

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"sidecar-lab.dev/library/feature"
	"sidecar-lab.dev/library/settings"
)

// collector is a fake OTLP endpoint that answers with the statuses of answers in turn (200 after).
type collector struct {
	mu      sync.Mutex
	answers []int
	records []map[string]any
	posts   atomic.Int64
}

func (c *collector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.posts.Add(1)
	body, _ := io.ReadAll(r.Body)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.answers) > 0 {
		status := c.answers[0]
		c.answers = c.answers[1:]
		if status != 200 {
			w.WriteHeader(status)
			return
		}
	}
	var req exportRequest
	if err := json.Unmarshal(body, &req); err != nil {
		w.WriteHeader(400)
		return
	}
	for _, rl := range req.ResourceLogs {
		for _, sl := range rl.ScopeLogs {
			for _, lr := range sl.LogRecords {
				flat := map[string]any{"body": *lr.Body.StringValue, "severityText": lr.SeverityText}
				for _, kv := range lr.Attributes {
					flat[kv.Key] = kv.Value
				}
				c.records = append(c.records, flat)
			}
		}
	}
}

func (c *collector) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.records)
}

func newTestLogs(t *testing.T, c *collector, tune func(*settings.Logs)) (*Logs, *prometheus.Registry) {
	t.Helper()
	server := httptest.NewServer(c)
	t.Cleanup(server.Close)
	s := settings.Defaults()
	s.Logs.FlushInterval = 10 * time.Millisecond
	s.Logs.RetryBackoff = time.Millisecond
	s.Logs.RetryBackoffMax = 5 * time.Millisecond
	if tune != nil {
		tune(&s.Logs)
	}
	registry := prometheus.NewRegistry()
	l := New(Options{Endpoint: server.URL, Resource: Resource{"web", "web-1", "library", "go"}, Settings: s}, registry)
	return l, registry
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

func TestRecordsBelowTheLevelTakeNoSeq(t *testing.T) {
	c := &collector{}
	l, _ := newTestLogs(t, c, nil)
	l.SetLevel(slog.LevelWarn)
	l.Logger().Info("ignored", "event", "test.ignored")
	l.Logger().Warn("kept", "event", "test.kept")
	if err := l.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "one record", func() bool { return c.count() == 1 })
	_ = l.Stop(context.Background())
	if got := *c.records[0]["seq"].(anyValue).IntValue; got != "1" {
		t.Fatalf("seq of the first written record = %s, want 1", got)
	}
}

func TestAFullQueueDropsTheNewRecordAndCountsIt(t *testing.T) {
	c := &collector{}
	l, _ := newTestLogs(t, c, func(s *settings.Logs) { s.QueueMaxRecords = 3 })
	for range 5 {
		l.Logger().Info("flood", "event", "test.flood")
	}
	if got := testutil.ToFloat64(l.queue.metrics.droppedQueueFull); got != 2 {
		t.Fatalf("dropped = %v, want 2", got)
	}
	if err := l.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "three records", func() bool { return c.count() == 3 })
	_ = l.Stop(context.Background())
}

func TestAFailedExportIsRetriedWithTheSameBatch(t *testing.T) {
	c := &collector{answers: []int{503, 429, 200}}
	l, _ := newTestLogs(t, c, nil)
	for range 4 {
		l.Logger().Info("kept", "event", "test.retry")
	}
	_ = l.Start(context.Background())
	waitFor(t, "four records", func() bool { return c.count() == 4 })
	_ = l.Stop(context.Background())
	if got := testutil.ToFloat64(l.queue.metrics.exportFailures); got != 2 {
		t.Fatalf("export failures = %v, want 2", got)
	}
	if got := testutil.ToFloat64(l.queue.metrics.shipped); got != 4 {
		t.Fatalf("shipped = %v, want 4", got)
	}
}

func TestARejectedBatchIsDroppedAndCounted(t *testing.T) {
	c := &collector{answers: []int{400}}
	l, _ := newTestLogs(t, c, nil)
	l.Logger().Info("lost", "event", "test.rejected")
	_ = l.Start(context.Background())
	waitFor(t, "the rejection", func() bool { return testutil.ToFloat64(l.queue.metrics.rejected) == 1 })
	_ = l.Stop(context.Background())
	if c.count() != 0 || l.queue.held.Load() != 0 {
		t.Fatalf("records %d, held %d: want none", c.count(), l.queue.held.Load())
	}
}

func TestStopFlushesTheQueue(t *testing.T) {
	c := &collector{}
	l, _ := newTestLogs(t, c, func(s *settings.Logs) { s.FlushInterval = time.Hour; s.BatchMaxRecords = 2 })
	_ = l.Start(context.Background())
	for range 5 {
		l.Logger().Info("flushed", "event", "test.flush")
	}
	_ = l.Stop(context.Background())
	if c.count() != 5 {
		t.Fatalf("collector got %d records after stop, want 5", c.count())
	}
}

func TestTheAccessRecordCarriesTheExchange(t *testing.T) {
	c := &collector{}
	l, _ := newTestLogs(t, c, nil)
	_ = l.Start(context.Background())
	l.Observe(feature.Exchange{Route: "/customers/{id}", Method: "GET", Status: 404, Duration: 1500 * time.Microsecond, RequestID: "r-1"})
	waitFor(t, "the access record", func() bool { return c.count() == 1 })
	_ = l.Stop(context.Background())
	rec := c.records[0]
	if *rec["event"].(anyValue).StringValue != "http.request" || *rec["http_status"].(anyValue).IntValue != "404" ||
		*rec["duration_seconds"].(anyValue).DoubleValue != 0.0015 || *rec["http_route"].(anyValue).StringValue != "/customers/{id}" {
		t.Fatalf("access record %+v", rec)
	}
}

func TestStopReturnsTheErrorItGaveUpWith(t *testing.T) {
	unavailable := make([]int, 10_000)
	for i := range unavailable {
		unavailable[i] = http.StatusServiceUnavailable
	}
	c := &collector{answers: unavailable}
	l, _ := newTestLogs(t, c, nil)
	_ = l.Start(context.Background())
	for range 3 {
		l.Logger().Info("never shipped", "event", "test.giveup")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := l.Stop(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "3 records not shipped") {
		t.Fatalf("Stop = %v, want the 3 records given up and the deadline that ended the flush", err)
	}
}
