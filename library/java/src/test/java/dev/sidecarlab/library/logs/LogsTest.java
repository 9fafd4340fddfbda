package dev.sidecarlab.library.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sidecarlab.library.FakeServer;
import dev.sidecarlab.library.settings.Settings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Batching, retry and rejection against a real collector on a loopback port. */
class LogsTest {
    private static Settings settings(int batchMax, int queueMax) {
        Settings d = Settings.defaults();
        return new Settings(
                new Settings.Logs(
                        batchMax,
                        Duration.ofMillis(50),
                        queueMax,
                        Duration.ofSeconds(1),
                        Duration.ofMillis(5),
                        Duration.ofMillis(20)),
                d.registry(),
                d.config(),
                d.egress());
    }

    private static Logs logs(String url, Settings s) {
        return new Logs(url, new Resource("payment", "payment-1", "library", "java"), s, new PrometheusRegistry());
    }

    @Test
    void recordsAreShippedInBatchesWithSeqAndTypedFields() throws Exception {
        List<JsonNode> requests = new CopyOnWriteArrayList<>();
        try (FakeServer collector = new FakeServer(x -> {
            requests.add(Otlp.JSON.readTree(x.getRequestBody()));
            FakeServer.answer(x, 200, "{}");
        })) {
            Logs logs = logs(collector.url(), settings(2, 100));
            for (int i = 0; i < 5; i++)
                logs.logger()
                        .atInfo()
                        .addKeyValue("event", "test.record")
                        .addKeyValue("n", i)
                        .addKeyValue("x", 1.0)
                        .log("record " + i);
            logs.logger().debug("below the level: no seq");
            logs.start();
            logs.stop(Duration.ofSeconds(5));
            int records = requests.stream()
                    .mapToInt(
                            r -> r.at("/resourceLogs/0/scopeLogs/0/logRecords").size())
                    .sum();
            assertEquals(5, records);
            assertTrue(requests.size() >= 3, "batches of at most 2: " + requests.size());
            JsonNode last = requests.get(requests.size() - 1).at("/resourceLogs/0/scopeLogs/0/logRecords");
            JsonNode attrs = last.get(last.size() - 1).get("attributes");
            assertEquals("5", find(attrs, "seq").get("intValue").asText());
            assertEquals("4", find(attrs, "n").get("intValue").asText());
            assertEquals(1.0, find(attrs, "x").get("doubleValue").asDouble());
            assertEquals("test.record", find(attrs, "event").get("stringValue").asText());
        }
    }

    @Test
    void aFailedExportIsRetriedAndARejectedOneDropped() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger shippedRecords = new AtomicInteger();
        try (FakeServer collector = new FakeServer(x -> {
            int n = calls.incrementAndGet();
            JsonNode body = Otlp.JSON.readTree(x.getRequestBody());
            if (n <= 2) {
                FakeServer.answer(x, 503, "");
                return;
            }
            shippedRecords.addAndGet(
                    body.at("/resourceLogs/0/scopeLogs/0/logRecords").size());
            FakeServer.answer(x, 200, "{}");
        })) {
            Logs logs = logs(collector.url(), settings(10, 100));
            logs.logger().info("kept through two 503s");
            logs.start();
            logs.stop(Duration.ofSeconds(5));
            assertEquals(1, shippedRecords.get());
            assertEquals(3, calls.get());
        }
    }

    @Test
    void aFullQueueDropsTheNewRecord() {
        Logs logs = logs("http://127.0.0.1:1", settings(10, 3));
        for (int i = 0; i < 5; i++) logs.logger().info("record");
        // not started: the queue holds its bound, the rest is dropped without blocking the caller
        assertEquals(3, logsHeld(logs));
    }

    private static long logsHeld(Logs logs) {
        try {
            var field = Logs.class.getDeclaredField("queue");
            field.setAccessible(true);
            return ((LogQueue) field.get(logs)).held();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode find(JsonNode attrs, String key) {
        for (JsonNode a : attrs) if (a.get("key").asText().equals(key)) return a.get("value");
        throw new AssertionError("no attribute " + key + " in " + attrs);
    }
}
