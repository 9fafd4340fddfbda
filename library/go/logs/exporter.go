// The exporter goroutine: batches from the queue, POSTed to the collector, retried with
// doubling backoff while the batch is kept.
package logs

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"sidecar-lab.dev/library/settings"
)

type exporter struct {
	endpoint string
	resource Resource
	client   *http.Client
	settings settings.Logs
	metrics  *logMetrics
	queue    *queue
	faults   <-chan os.Signal // the test switch of fault.go; nil when off
	// abandoned counts the records of batches given up when ctx ended mid-ship (Stop reports them).
	abandoned atomic.Int64
}

// run ships until ctx ends; after drain is closed it ships what is queued without waiting
// for the flush interval, and returns when the queue is empty.
func (e *exporter) run(ctx context.Context, drain <-chan struct{}) {
	batch := make([]record, 0, e.settings.BatchMaxRecords)
	for {
		batch = e.collect(ctx, drain, batch[:0])
		if len(batch) == 0 || ctx.Err() != nil {
			return // ctx ended, or draining and nothing is left
		}
		e.ship(ctx, batch)
		clear(batch) // let the shipped records be collected
	}
}

// collect waits for a first record, then fills the batch until it is full or the flush
// interval since that first record has passed.
func (e *exporter) collect(ctx context.Context, drain <-chan struct{}, batch []record) []record {
	select {
	case r := <-e.queue.records:
		batch = append(batch, r)
	case <-drain:
		return e.takeQueued(batch)
	case <-ctx.Done():
		return batch
	case <-e.faults:
		injectedPanic()
	}
	flush := time.NewTimer(e.settings.FlushInterval)
	defer flush.Stop()
	for len(batch) < e.settings.BatchMaxRecords {
		select {
		case r := <-e.queue.records:
			batch = append(batch, r)
		case <-flush.C:
			return batch
		case <-drain:
			return e.takeQueued(batch)
		case <-ctx.Done():
			return batch
		case <-e.faults:
			injectedPanic()
		}
	}
	return batch
}

// takeQueued fills the batch from what is queued now, without waiting.
func (e *exporter) takeQueued(batch []record) []record {
	for len(batch) < e.settings.BatchMaxRecords {
		select {
		case r := <-e.queue.records:
			batch = append(batch, r)
		default:
			return batch
		}
	}
	return batch
}

// ship sends one batch until the collector accepts or rejects it, or ctx ends.
func (e *exporter) ship(ctx context.Context, batch []record) {
	defer e.queue.release(len(batch))
	body, err := encodeBatch(e.resource, batch)
	if err != nil {
		e.metrics.rejected.Add(float64(len(batch))) // cannot happen with slog values; never retry it
		return
	}
	backoff := e.settings.RetryBackoff
	for {
		retryable, err := e.post(ctx, body)
		switch {
		case err == nil:
			e.metrics.shipped.Add(float64(len(batch)))
			return
		case !retryable:
			e.metrics.rejected.Add(float64(len(batch)))
			return
		}
		e.metrics.exportFailures.Inc()
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			e.abandoned.Add(int64(len(batch)))
			return
		}
		backoff = min(2*backoff, e.settings.RetryBackoffMax)
	}
}

// post makes one export request; network errors, timeouts, 5xx and 429 are retryable.
func (e *exporter) post(ctx context.Context, body []byte) (retryable bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, e.settings.ExportTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.endpoint, bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.client.Do(req)
	if err != nil {
		return true, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	switch {
	case resp.StatusCode < 300:
		return false, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return true, fmt.Errorf("collector answered %d", resp.StatusCode)
	default:
		return false, fmt.Errorf("collector rejected the batch with %d", resp.StatusCode)
	}
}
