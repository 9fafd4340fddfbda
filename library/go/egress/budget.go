// The retry budget: retries in a sliding window stay within a share of the calls.
package egress

import (
	"sync"
	"time"
)

// budgetBuckets divides the window; it slides one bucket (window/10) at a time (spec/features.md).
const budgetBuckets = 10

// budget allows a retry while, with it, retries in the last window stay <= ratio x calls in
// the window + minPerSecond x window (spec/features.md).
type budget struct {
	mu           sync.Mutex
	ratio        float64
	minPerWindow float64
	bucketWidth  time.Duration
	calls        [budgetBuckets]int
	retries      [budgetBuckets]int
	current      int64 // number of the bucket now being filled, since the Unix epoch
	now          func() time.Time
}

func newBudget(ratio, minPerSecond float64, window time.Duration) *budget {
	return &budget{
		ratio:        ratio,
		minPerWindow: minPerSecond * window.Seconds(),
		bucketWidth:  window / budgetBuckets,
		now:          time.Now,
	}
}

// call records one call (a request, retries not included).
func (b *budget) call() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls[b.advance()]++
}

// allowsRetry tells whether one more retry keeps the window within the budget.
func (b *budget) allowsRetry() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.advance()
	calls, retries := 0, 0
	for i := range budgetBuckets {
		calls += b.calls[i]
		retries += b.retries[i]
	}
	return float64(retries+1) <= b.ratio*float64(calls)+b.minPerWindow
}

// recordRetry counts a retry that is being sent.
func (b *budget) recordRetry() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.retries[b.advance()]++
}

// advance clears the buckets that slid out of the window and returns the current slot.
func (b *budget) advance() int {
	bucket := b.now().UnixNano() / int64(b.bucketWidth)
	if gap := bucket - b.current; gap > 0 {
		for i := int64(1); i <= min(gap, budgetBuckets); i++ {
			slot := (b.current + i) % budgetBuckets
			b.calls[slot], b.retries[slot] = 0, 0
		}
		b.current = bucket
	}
	return int(b.current % budgetBuckets)
}
