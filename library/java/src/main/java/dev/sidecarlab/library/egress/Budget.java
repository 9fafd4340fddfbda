// The retry budget: retries in a sliding window stay within a share of the calls.
package dev.sidecarlab.library.egress;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Allows a retry while retries in the window stay <= ratio x calls + minPerSecond x window (spec/features.md). */
final class Budget {
    /** The window slides one bucket (a tenth of it) at a time. */
    private static final int BUCKETS = 10;

    private final double ratio;
    private final double minPerWindow;
    private final long bucketNanos;
    private final LongSupplier clock;
    private final int[] calls = new int[BUCKETS];
    private final int[] retries = new int[BUCKETS];
    private long current; // number of the bucket being filled, counted from the clock's zero

    Budget(double ratio, double minPerSecond, Duration window, LongSupplier nanoClock) {
        this.ratio = ratio;
        this.minPerWindow = minPerSecond * window.toNanos() / 1e9;
        this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
        this.clock = nanoClock;
        this.current = nanoClock.getAsLong() / bucketNanos;
    }

    /** Records one call (a request; its retries not included). */
    synchronized void call() {
        calls[advance()]++;
    }

    /** Whether one more retry keeps the window within the budget. */
    synchronized boolean allowsRetry() {
        advance();
        int c = 0, r = 0;
        for (int i = 0; i < BUCKETS; i++) {
            c += calls[i];
            r += retries[i];
        }
        return r + 1 <= ratio * c + minPerWindow;
    }

    /** Counts a retry that is being sent. */
    synchronized void recordRetry() {
        retries[advance()]++;
    }

    /** Clears the buckets that slid out of the window and returns the current slot. */
    private int advance() {
        long bucket = clock.getAsLong() / bucketNanos;
        long gap = bucket - current;
        if (gap > 0) {
            for (long i = 1; i <= Math.min(gap, BUCKETS); i++) {
                int slot = (int) Math.floorMod(current + i, (long) BUCKETS);
                calls[slot] = 0;
                retries[slot] = 0;
            }
            current = bucket;
        }
        return (int) Math.floorMod(current, (long) BUCKETS);
    }
}
