package dev.sidecarlab.library.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sidecarlab.library.feature.Exchange;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void requestsAndBusinessCountersAreExposedInTheTextFormat() {
        Metrics m = new Metrics(new PrometheusRegistry());
        m.observe(new Exchange("/customers/{id}", "GET", 200, 0.003, "r"));
        m.count("payments_total", 2, Map.of("currency", "EUR"));
        String text = new String(m.scrape(), StandardCharsets.UTF_8);
        assertTrue(
                text.contains(
                        "scl_http_server_requests_total{method=\"GET\",route=\"/customers/{id}\",status=\"200\"} 1"),
                text);
        assertTrue(
                text.contains(
                        "scl_http_server_request_duration_seconds_bucket{method=\"GET\",route=\"/customers/{id}\",le=\"0.005\"} 1"),
                text);
        assertTrue(text.contains("scl_business_payments_total{currency=\"EUR\"} 2"), text);
        assertTrue(text.contains("scl_app_resident_memory_bytes "), text);
    }

    @Test
    void badBusinessInputIsAnErrorNamingTheField() {
        Metrics m = new Metrics(new PrometheusRegistry());
        assertEquals(
                "name",
                assertThrows(BusinessError.class, () -> m.count("Payments", 1, Map.of()))
                        .field());
        assertEquals(
                "value",
                assertThrows(BusinessError.class, () -> m.count("payments_total", -1, Map.of()))
                        .field());
        m.count("refunds_total", 1, Map.of("currency", "EUR"));
        assertEquals(
                "labels",
                assertThrows(BusinessError.class, () -> m.count("refunds_total", 1, Map.of("reason", "x")))
                        .field());
    }
}
