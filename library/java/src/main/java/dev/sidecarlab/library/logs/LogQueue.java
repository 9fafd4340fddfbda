// The bounded queue between the app's threads and the exporter: full means drop and count, never wait.
package dev.sidecarlab.library.logs;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

final class LogQueue {
    private final LinkedBlockingQueue<LogRecord> records = new LinkedBlockingQueue<>();
    /** Records held in memory, the batch being shipped included, so logs.queueMaxRecords is the whole bound. */
    private final AtomicLong held = new AtomicLong();

    private final long max;
    private final LogMetrics metrics;

    LogQueue(int maxRecords, LogMetrics metrics) {
        this.max = maxRecords;
        this.metrics = metrics;
    }

    void offer(LogRecord record) {
        if (held.incrementAndGet() > max) {
            held.decrementAndGet();
            metrics.droppedQueueFull();
            return;
        }
        records.add(record);
        metrics.queued();
    }

    LogRecord poll(long timeoutNanos) throws InterruptedException {
        return records.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    void drainTo(List<LogRecord> batch, int max) {
        records.drainTo(batch, max);
    }

    /** Forgets n records that were shipped or given up. */
    void release(int n) {
        held.addAndGet(-n);
    }

    long held() {
        return held.get();
    }
}
