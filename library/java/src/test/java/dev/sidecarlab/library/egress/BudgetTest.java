package dev.sidecarlab.library.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BudgetTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Test
    void retriesStayWithinRatioTimesCallsPlusTheMinimum() {
        Budget budget = new Budget(0.2, 0.1, Duration.ofSeconds(10), now::get); // 1 retry per window for free
        for (int i = 0; i < 10; i++) budget.call();
        int allowed = 0;
        while (budget.allowsRetry()) {
            budget.recordRetry();
            allowed++;
        }
        assertEquals(3, allowed, "0.2 x 10 calls + 0.1/s x 10 s");
    }

    @Test
    void aZeroBudgetAllowsNoRetry() {
        Budget budget = new Budget(0, 0, Duration.ofSeconds(10), now::get);
        budget.call();
        assertFalse(budget.allowsRetry());
    }

    @Test
    void retriesSlideOutOfTheWindow() {
        Budget budget = new Budget(0, 0.1, Duration.ofSeconds(10), now::get);
        assertTrue(budget.allowsRetry());
        budget.recordRetry();
        assertFalse(budget.allowsRetry());
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertTrue(budget.allowsRetry(), "the retry left the window");
    }

    @Test
    void backoffIsFullJitterUnderTheCeiling() {
        for (int n = 1; n < 40; n++) {
            Duration d = Backoff.of(n, Duration.ofMillis(25), Duration.ofMillis(250));
            assertTrue(
                    d.compareTo(Duration.ZERO) >= 0
                            && d.compareTo(Duration.ofMillis(Math.min(250, 25L << Math.min(n - 1, 20)))) <= 0,
                    d.toString());
        }
    }
}
