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
	if sent := retries(b, 3); sent != 2 {
		t.Fatalf("%d retries with no calls, want the minimum 2", sent)
	}
	b.call()
	b.call()
	if sent := retries(b, 2); sent != 1 {
		t.Fatalf("two calls at ratio 0.5 allowed %d more retries, want 1", sent)
	}
}

func TestTheBudgetForgetsWhatSlidOutOfTheWindow(t *testing.T) {
	now := time.Unix(1000, 0)
	b := newBudget(0, 0.1, 10*time.Second) // one retry per window
	b.now = func() time.Time { return now }
	if sent := retries(b, 2); sent != 1 {
		t.Fatalf("%d retries, want one per window", sent)
	}
	now = now.Add(10 * time.Second)
	if !retry(b) {
		t.Fatal("a retry a full window later is allowed again")
	}
}

// retries tries n retries as the egress loop does and says how many the budget let through.
func retries(b *budget, n int) int {
	sent := 0
	for range n {
		if b.allowsRetry() {
			b.recordRetry()
			sent++
		}
	}
	return sent
}

func retry(b *budget) bool { return retries(b, 1) == 1 }
