// Business counters to the sidecar's local API: POST {name, value, labels}, answer not awaited.
package platform

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// counterQueueSize bounds the increments waiting for the API; beyond, they are dropped: the
// request path never waits for the sidecar.
const counterQueueSize = 1024

type counterSender struct {
	url     string
	client  *http.Client
	pending chan []byte
	done    chan struct{}
}

func newCounterSender(url string) *counterSender {
	c := &counterSender{url: url, client: &http.Client{Timeout: 5 * time.Second}, pending: make(chan []byte, counterQueueSize), done: make(chan struct{})}
	go c.run()
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

func (c *counterSender) run() {
	defer close(c.done)
	for body := range c.pending {
		resp, err := c.client.Post(c.url, "application/json", bytes.NewReader(body))
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
}

// close sends what is queued, then stops.
func (c *counterSender) close() {
	close(c.pending)
	<-c.done
}
