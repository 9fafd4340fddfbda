// Business counters to the sidecar's local API: POST {name, value, labels}, answer not awaited.
package platform

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"
)

const (
	// counterQueueSize bounds the increments waiting for the API; beyond, they are dropped: the
	// request path never waits for the sidecar.
	counterQueueSize = 1024
	// counterPostTimeout bounds one POST, so a stalled sidecar holds the queue for 5 s at most.
	counterPostTimeout = 5 * time.Second
)

type counterSender struct {
	url     string
	client  *http.Client
	pending chan []byte
	done    chan struct{}
	cancel  context.CancelFunc // ends the POST in flight and the sending, when close gives up
	unsent  atomic.Int64       // increments not delivered once close gave up
}

func newCounterSender(url string) *counterSender {
	ctx, cancel := context.WithCancel(context.Background())
	c := &counterSender{url: url, client: &http.Client{}, pending: make(chan []byte, counterQueueSize), done: make(chan struct{}), cancel: cancel}
	go c.run(ctx)
	return c
}

func (c *counterSender) send(name string, value float64, labels map[string]string) {
	if labels == nil {
		labels = map[string]string{}
	}
	body, _ := json.Marshal(map[string]any{"name": name, "value": value, "labels": labels})
	select {
	case c.pending <- body:
	default:
	}
}

func (c *counterSender) run(ctx context.Context) {
	defer close(c.done)
	for body := range c.pending {
		if ctx.Err() != nil || c.post(ctx, body) != nil && ctx.Err() != nil {
			c.unsent.Add(1) // given up: count what is left without sending it
		}
	}
}

func (c *counterSender) post(ctx context.Context, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, counterPostTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// close sends what is queued until ctx ends, then drops the rest and says how many.
func (c *counterSender) close(ctx context.Context) error {
	close(c.pending)
	select {
	case <-c.done:
		c.cancel()
		return nil
	case <-ctx.Done():
		c.cancel()
		<-c.done
		return fmt.Errorf("business counters: %d increments not sent to the sidecar: %w", c.unsent.Load(), ctx.Err())
	}
}
