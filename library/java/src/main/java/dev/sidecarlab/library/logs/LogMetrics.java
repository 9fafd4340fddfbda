// The logs feature's own metrics (spec/features.json, feature "logs").
package dev.sidecarlab.library.logs;

import dev.sidecarlab.library.spec.Spec;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

final class LogMetrics {
    private final Counter queued;
    private final Counter shipped;
    private final Counter exportFailures;
    private final CounterDataPoint droppedQueueFull;
    private final CounterDataPoint rejected;

    LogMetrics(PrometheusRegistry registry) {
        queued = counter(registry, "scl_logs_records_queued_total");
        shipped = counter(registry, "scl_logs_records_shipped_total");
        exportFailures = counter(registry, "scl_logs_export_failures_total");
        Counter dropped = Counter.builder()
                .name("scl_logs_records_dropped_total")
                .help(Spec.help("scl_logs_records_dropped_total"))
                .labelNames("reason")
                .register(registry);
        droppedQueueFull = dropped.labelValues("queue_full");
        rejected = dropped.labelValues("rejected");
    }

    private static Counter counter(PrometheusRegistry registry, String name) {
        return Counter.builder().name(name).help(Spec.help(name)).register(registry);
    }

    void registerQueueGauge(PrometheusRegistry registry, LongSupplier held) {
        GaugeWithCallback.builder()
                .name("scl_logs_queue_records")
                .help(Spec.help("scl_logs_queue_records"))
                .callback(cb -> cb.call(held.getAsLong()))
                .register(registry);
    }

    void queued() {
        queued.inc();
    }

    void shipped(int n) {
        shipped.inc(n);
    }

    void exportFailed() {
        exportFailures.inc();
    }

    void droppedQueueFull() {
        droppedQueueFull.inc();
    }

    void rejected(int n) {
        rejected.inc(n);
    }
}
