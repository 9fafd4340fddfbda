package platform

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestCountersAreSentAndCloseWaitsForThem(t *testing.T) {
	var received atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { received.Add(1) }))
	defer api.Close()
	c := newCounterSender(api.URL)
	for range 3 {
		c.send("orders_total", 1, nil)
	}
	if err := c.close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if received.Load() != 3 {
		t.Fatalf("the API received %d increments, want 3", received.Load())
	}
}

func TestCloseGivesUpWhenItsContextEndsAndSaysWhat(t *testing.T) {
	release := make(chan struct{})
	api := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select { // a sidecar that never answers
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer api.Close()
	defer close(release)
	c := newCounterSender(api.URL)
	for range 10 {
		c.send("orders_total", 1, nil)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	started := time.Now()
	err := c.close(ctx)
	if waited := time.Since(started); waited > 2*time.Second {
		t.Fatalf("close waited %v past its context's 100 ms", waited)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "10 increments not sent") {
		t.Fatalf("close = %v, want the 10 increments given up and the deadline", err)
	}
}
