package dev.sidecarlab.library.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sidecarlab.library.FakeServer;
import dev.sidecarlab.library.settings.Settings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AnswerTest {
    private static String reasonOf(String body) {
        return assertThrows(Answer.Rejected.class, () -> Answer.parse(body.getBytes())).reason;
    }

    @Test
    void eachBadAnswerHasItsReason() {
        assertEquals("empty", reasonOf(""));
        assertEquals("empty", reasonOf("null"));
        assertEquals("empty", reasonOf("{}"));
        assertEquals("empty", reasonOf("{\"service\":\"payment\",\"version\":2,\"config\":{}}"));
        assertEquals("invalid_json", reasonOf("{\"version\":"));
        assertEquals("schema", reasonOf("{\"service\":\"payment\",\"version\":2,\"config\":{\"logLevel\":\"loud\"}}"));
        assertEquals(
                "schema", reasonOf("{\"service\":\"payment\",\"version\":\"2\",\"config\":{\"logLevel\":\"info\"}}"));
        assertEquals("schema", reasonOf("{\"version\":2,\"config\":{\"logLevel\":\"info\",\"pageSizeMax\":10.5}}"));
    }

    @Test
    void anIntegerWithAZeroFractionIsAnInteger() throws Exception {
        Document.Applied a =
                Answer.parse("{\"version\":2,\"config\":{\"logLevel\":\"info\",\"pageSizeMax\":10.0}}".getBytes());
        assertEquals(10L, a.document().pageSizeMax());
    }

    @Test
    void aBadAnswerKeepsTheLastGoodConfigAndIsCounted() throws Exception {
        AtomicReference<String> body =
                new AtomicReference<>("{\"service\":\"payment\",\"version\":3,\"config\":{\"logLevel\":\"warn\"}}");
        try (FakeServer store = new FakeServer(x -> {
            if (x.getRequestURI().getQuery().contains("index=3")) Thread.sleep(50); // a blocking query, briefly
            x.getResponseHeaders().set("X-Scl-Index", "3");
            FakeServer.answer(x, 200, body.get());
        })) {
            Settings.Config s = new Settings.Config(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ZERO);
            Config config =
                    new Config(store.url(), "payment", Document.defaults("payment"), s, new PrometheusRegistry());
            config.start();
            assertEquals(3, config.current().version(), "the first good answer is in use when start returns");
            body.set("{\"version\":4,\"config\":{\"logLevel\":\"loud\"}}");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (config.errorCount("schema") < 1 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(1, Math.min(1, config.errorCount("schema")));
            assertEquals(3, config.current().version());
            assertEquals("warn", config.current().document().logLevel());
            config.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void anUnreachableControlPlaneLeavesTheDefaultsInUse() throws Exception {
        Settings.Config s = new Settings.Config(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ZERO);
        Config config =
                new Config("http://127.0.0.1:1", "payment", Document.defaults("payment"), s, new PrometheusRegistry());
        config.start();
        assertEquals(0, config.current().version());
        assertEquals(1_000_000L, config.current().document().maxAmountCents());
        config.stop(Duration.ofSeconds(1));
    }
}
