// Full-jitter backoff between tries.
package egress

import (
	"math/rand/v2"
	"time"
)

// backoff is the wait before retry n (n >= 1): uniform(0, min(max, base * 2^(n-1))).
func backoff(n int, base, ceiling time.Duration) time.Duration {
	limit := base
	for i := 1; i < n && limit < ceiling; i++ { // stops at the ceiling, so it cannot overflow
		limit *= 2
	}
	limit = min(limit, ceiling)
	if limit <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(limit) + 1))
}
