package egress

import (
	"testing"
	"time"
)

func TestBackoffStaysWithinTheFullJitterBound(t *testing.T) {
	base, ceiling := 25*time.Millisecond, 250*time.Millisecond
	for n, bound := range map[int]time.Duration{1: 25 * time.Millisecond, 2: 50 * time.Millisecond, 4: 200 * time.Millisecond, 5: ceiling, 80: ceiling} {
		for range 200 {
			if d := backoff(n, base, ceiling); d < 0 || d > bound {
				t.Fatalf("retry %d waited %v, bound %v", n, d, bound)
			}
		}
	}
	if d := backoff(3, 0, ceiling); d != 0 {
		t.Fatalf("a zero base waits %v", d)
	}
}

func TestTheBudgetAllowsTheMinimumThenARatioOfCalls(t *testing.T) {
	now := time.Unix(1000, 0)
	b := newBudget(0.5, 0.2, 10*time.Second) // 2 retries per window, plus half the calls
	b.now = func() time.Time { return now }
	if !retry(b) || !retry(b) || retry(b) {
		t.Fatal("want exactly the 2 minimum retries with no calls")
	}
	b.call()
	b.call()
	if !retry(b) || retry(b) {
		t.Fatal("two calls at ratio 0.5 allow exactly one more retry")
	}
}

func TestTheBudgetForgetsWhatSlidOutOfTheWindow(t *testing.T) {
	now := time.Unix(1000, 0)
	b := newBudget(0, 0.1, 10*time.Second) // one retry per window
	b.now = func() time.Time { return now }
	if !retry(b) || retry(b) {
		t.Fatal("want one retry per window")
	}
	now = now.Add(10 * time.Second)
	if !retry(b) {
		t.Fatal("a retry a full window later is allowed again")
	}
}

// retry sends a retry when the budget allows it, as the egress loop does.
func retry(b *budget) bool {
	if !b.allowsRetry() {
		return false
	}
	b.recordRetry()
	return true
}
