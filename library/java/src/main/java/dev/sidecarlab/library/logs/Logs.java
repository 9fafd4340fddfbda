// The logs feature: an SLF4J logger (logback, a context of its own) whose records go to a bounded queue and
// are shipped to the collector as OTLP/HTTP JSON by one thread.
package dev.sidecarlab.library.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.sidecarlab.library.feature.Exchange;
import dev.sidecarlab.library.feature.Feature;
import dev.sidecarlab.library.feature.Features;
import dev.sidecarlab.library.internal.ControlPlaneHttp;
import dev.sidecarlab.library.settings.Settings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

public final class Logs implements Feature {
    /** The flush on stop takes at most this long (spec/features.md). */
    private static final Duration STOP_FLUSH_LIMIT = Duration.ofSeconds(5);

    private final LogQueue queue;
    private final Exporter exporter;
    private final ch.qos.logback.classic.Logger logger;
    private final AtomicLong seq = new AtomicLong();
    private final long pid = ProcessHandle.current().pid();
    private Thread thread;

    public Logs(String controlPlaneUrl, Resource resource, Settings settings, PrometheusRegistry registry) {
        LogMetrics metrics = new LogMetrics(registry);
        queue = new LogQueue(settings.logs().queueMaxRecords(), metrics);
        metrics.registerQueueGauge(registry, queue::held);
        exporter = new Exporter(
                URI.create(controlPlaneUrl + "/v1/logs"),
                resource,
                ControlPlaneHttp.newClient(),
                settings.logs(),
                metrics,
                queue);
        // A context of its own: the app's records never mix with the server's diagnostics.
        LoggerContext context = new LoggerContext();
        context.setName("scl-logs");
        QueueAppender appender = new QueueAppender(this);
        appender.setContext(context);
        appender.start();
        logger = context.getLogger("app");
        logger.setAdditive(false);
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
    }

    /** What the app writes with: SLF4J, key-value pairs (addKeyValue) become the record's flat fields. */
    public Logger logger() {
        return logger;
    }

    /** Changes the threshold at once; records below it take no seq. */
    public void setLevel(String name) {
        Level level = switch (name) {
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARN;
            case "error" -> Level.ERROR;
            default ->
                throw new IllegalArgumentException(
                        "config logLevel \"" + name + "\" is not debug, info, warn or error");
        };
        logger.setLevel(level);
    }

    @Override
    public String name() {
        return Features.LOGS;
    }

    @Override
    public void start() {
        exporter.faults.arm();
        thread = new Thread(exporter, "scl-logs-exporter");
        thread.setDaemon(true);
        thread.start();
    }

    /** Ships what is queued, for at most 5 s or the limit, then abandons the rest. A second stop does nothing. */
    @Override
    public void stop(Duration limit) throws InterruptedException {
        if (thread == null) return;
        exporter.draining = true;
        Duration wait = limit.compareTo(STOP_FLUSH_LIMIT) < 0 ? limit : STOP_FLUSH_LIMIT;
        thread.join(Math.max(1, wait.toMillis()));
        thread.interrupt();
        thread.join(1000);
        thread = null;
        exporter.faults.disarm();
    }

    /** Writes the access record of one request. */
    @Override
    public void observe(Exchange e) {
        if (!logger.isInfoEnabled()) return;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "http.request");
        fields.put("request_id", e.requestId());
        fields.put("http_route", e.route());
        fields.put("http_method", e.method());
        fields.put("http_status", (long) e.status());
        fields.put("duration_seconds", e.durationSeconds());
        Instant now = Instant.now();
        enqueue(now.getEpochSecond() * 1_000_000_000L + now.getNano(), "info", "request completed", fields);
    }

    /** Numbers a record that passed the level filter and queues it without blocking. */
    void enqueue(long epochNanos, String level, String msg, Map<String, Object> fields) {
        queue.offer(new LogRecord(epochNanos, level, msg, seq.incrementAndGet(), pid, fields));
    }
}
