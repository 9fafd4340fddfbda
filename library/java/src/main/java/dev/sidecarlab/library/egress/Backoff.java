// Full-jitter backoff between tries.
package dev.sidecarlab.library.egress;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

final class Backoff {
    private Backoff() {}

    /** The wait before retry n (n >= 1): uniform(0, min(max, base * 2^(n-1))). */
    static Duration of(int n, Duration base, Duration ceiling) {
        long limit = base.toNanos();
        for (int i = 1; i < n && limit < ceiling.toNanos(); i++) limit *= 2; // stops at the ceiling: no overflow
        limit = Math.min(limit, ceiling.toNanos());
        if (limit <= 0) return Duration.ZERO;
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(limit + 1));
    }
}
