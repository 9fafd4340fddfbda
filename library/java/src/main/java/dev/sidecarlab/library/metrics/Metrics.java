// The metrics feature: request counter and latency histogram, scl_app_* of this process, business counters,
// exposed in the Prometheus text format 0.0.4 (prometheus-metrics-core).
package dev.sidecarlab.library.metrics;

import dev.sidecarlab.library.feature.Exchange;
import dev.sidecarlab.library.feature.Feature;
import dev.sidecarlab.library.feature.Features;
import dev.sidecarlab.library.spec.Spec;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

public final class Metrics implements Feature {
    private final PrometheusRegistry registry;
    private final Counter requests;
    private final Histogram duration;
    private final BusinessCounters business;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** The other features register their metrics in the same registry. */
    public Metrics(PrometheusRegistry registry) {
        this.registry = registry;
        requests = Counter.builder()
                .name("scl_http_server_requests_total")
                .help(Spec.help("scl_http_server_requests_total"))
                .labelNames("route", "method", "status")
                .register(registry);
        duration = Histogram.builder()
                .name("scl_http_server_request_duration_seconds")
                .help(Spec.help("scl_http_server_request_duration_seconds"))
                .labelNames("route", "method")
                .classicOnly()
                .classicUpperBounds(Spec.histogramBuckets())
                .register(registry);
        ProcessMetrics.register(registry);
        business = new BusinessCounters(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** The body of GET /metrics. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    public String contentType() {
        return writer.getContentType();
    }

    /** Adds to scl_business_&lt;name&gt;; bad input is a {@link BusinessError}, never a crash. */
    public void count(String name, double value, Map<String, String> labels) {
        business.add(name, value, labels);
    }

    @Override
    public String name() {
        return Features.METRICS;
    }

    @Override
    public void start() {}

    @Override
    public void observe(Exchange e) {
        requests.labelValues(e.route(), e.method(), Integer.toString(e.status()))
                .inc();
        duration.labelValues(e.route(), e.method()).observe(e.durationSeconds());
    }

    @Override
    public void stop(Duration limit) {}
}
