// The exporter thread: batches from the queue, POSTed to the collector, retried with doubling backoff while
// the batch is kept.
package dev.sidecarlab.library.logs;

import dev.sidecarlab.library.settings.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

final class Exporter implements Runnable {
    private final URI endpoint;
    private final Resource resource;
    private final HttpClient client;
    private final Settings.Logs settings;
    private final LogMetrics metrics;
    private final LogQueue queue;
    /** Set by stop: ship what is queued without waiting for the flush interval, then return. */
    volatile boolean draining;

    final FaultSwitch faults = new FaultSwitch();

    Exporter(
            URI endpoint,
            Resource resource,
            HttpClient client,
            Settings.Logs settings,
            LogMetrics metrics,
            LogQueue queue) {
        this.endpoint = endpoint;
        this.resource = resource;
        this.client = client;
        this.settings = settings;
        this.metrics = metrics;
        this.queue = queue;
    }

    @Override
    public void run() {
        List<LogRecord> batch = new ArrayList<>(settings.batchMaxRecords());
        try {
            while (true) {
                batch.clear();
                collect(batch);
                if (batch.isEmpty() && draining) return;
                if (!batch.isEmpty()) ship(batch);
            }
        } catch (InterruptedException e) {
            // stop's time is up: what is left is abandoned
        }
    }

    /** Waits for a first record, then fills the batch until it is full or the flush interval has passed. */
    private void collect(List<LogRecord> batch) throws InterruptedException {
        long pollSlice = Duration.ofMillis(50).toNanos(); // how soon a drain is noticed while idle
        while (batch.isEmpty()) {
            faults.check();
            if (draining) {
                queue.drainTo(batch, settings.batchMaxRecords());
                return;
            }
            LogRecord first = queue.poll(pollSlice);
            if (first != null) batch.add(first);
        }
        long deadline = System.nanoTime() + settings.flushInterval().toNanos();
        while (batch.size() < settings.batchMaxRecords()) {
            faults.check();
            queue.drainTo(batch, settings.batchMaxRecords() - batch.size());
            if (batch.size() >= settings.batchMaxRecords() || draining) return;
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            LogRecord next = queue.poll(Math.min(left, pollSlice));
            if (next != null) batch.add(next);
        }
    }

    /** Sends one batch until the collector accepts or rejects it. */
    private void ship(List<LogRecord> batch) throws InterruptedException {
        int n = batch.size();
        try {
            byte[] body;
            try {
                body = Otlp.encodeBatch(resource, batch, System.currentTimeMillis() * 1_000_000L);
            } catch (Exception e) {
                metrics.rejected(n); // cannot happen with the value types kept; never retry it
                return;
            }
            Duration backoff = settings.retryBackoff();
            while (true) {
                faults.check();
                Result result = post(body);
                if (result == Result.ACCEPTED) {
                    metrics.shipped(n);
                    return;
                }
                if (result == Result.REJECTED) {
                    metrics.rejected(n);
                    return;
                }
                metrics.exportFailed();
                Thread.sleep(backoff.toMillis(), backoff.toNanosPart() % 1_000_000);
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(settings.retryBackoffMax()) > 0) backoff = settings.retryBackoffMax();
            }
        } finally {
            queue.release(n);
        }
    }

    enum Result {
        ACCEPTED,
        RETRY,
        REJECTED
    }

    /** One export request: network errors, timeouts, 5xx and 429 are retried; any other non-2xx drops the batch. */
    private Result post(byte[] body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.exportTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        int status;
        try {
            status =
                    client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return Result.RETRY;
        }
        if (status >= 200 && status < 300) return Result.ACCEPTED;
        if (status == 429 || status >= 500) return Result.RETRY;
        return Result.REJECTED;
    }
}
