// The bounded queue between the app's goroutines and the exporter: full means drop, never wait.
package logs

import (
	"log/slog"
	"sync/atomic"
	"time"
)

// record is one log record, numbered, not yet encoded: encoding happens off the request path.
type record struct {
	time  time.Time
	level slog.Level
	msg   string
	seq   int64
	pid   int64
	attrs []slog.Attr
}

// queue bounds the records held in memory, the batch being shipped included, so that
// logs.queueMaxRecords is the whole memory bound. The channel never blocks a sender: it has
// room for every record the count admits.
type queue struct {
	records chan record
	held    atomic.Int64
	max     int64
	metrics *logMetrics
}

func newQueue(maxRecords int, m *logMetrics) *queue {
	return &queue{records: make(chan record, maxRecords), max: int64(maxRecords), metrics: m}
}

func (q *queue) offer(r record) {
	if q.held.Add(1) > q.max {
		q.held.Add(-1)
		q.metrics.droppedQueueFull.Inc()
		return
	}
	q.records <- r
	q.metrics.queued.Inc()
}

// release forgets n records that were shipped or given up.
func (q *queue) release(n int) { q.held.Add(-int64(n)) }
