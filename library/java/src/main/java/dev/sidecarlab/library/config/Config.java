// The config feature: first pull on start, then a loop of blocking queries; the last good document is kept.
package dev.sidecarlab.library.config;

import dev.sidecarlab.library.feature.Feature;
import dev.sidecarlab.library.feature.Features;
import dev.sidecarlab.library.internal.ControlPlaneHttp;
import dev.sidecarlab.library.settings.Settings;
import dev.sidecarlab.library.spec.Spec;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

public final class Config implements Feature {
    /** Start waits this long for the first answer: a control plane that is down never blocks the app's start. */
    private static final Duration FIRST_PULL_LIMIT = Duration.ofMillis(1500);

    private final String baseUrl;
    private final String service;
    private final Settings.Config settings;
    private final HttpClient client;
    private final List<Consumer<Document.Applied>> listeners = new CopyOnWriteArrayList<>();
    private final Gauge version;
    private final Counter applied;
    private final Counter errors;
    private volatile Document.Applied current;
    private Thread thread;

    public Config(
            String controlPlaneUrl,
            String service,
            Document defaults,
            Settings.Config settings,
            PrometheusRegistry registry) {
        this(controlPlaneUrl, service, defaults, settings, registry, ControlPlaneHttp.newClient());
    }

    Config(
            String controlPlaneUrl,
            String service,
            Document defaults,
            Settings.Config settings,
            PrometheusRegistry registry,
            HttpClient client) {
        this.baseUrl = controlPlaneUrl;
        this.service = service;
        this.settings = settings;
        this.client = client;
        this.current = new Document.Applied(0, defaults);
        version = Gauge.builder()
                .name("scl_config_version")
                .help(Spec.help("scl_config_version"))
                .register(registry);
        applied = Counter.builder()
                .name("scl_config_applied_total")
                .help(Spec.help("scl_config_applied_total"))
                .register(registry);
        errors = Counter.builder()
                .name("scl_config_errors_total")
                .help(Spec.help("scl_config_errors_total"))
                .labelNames("reason")
                .register(registry);
    }

    /** The config in use; safe from any thread. */
    public Document.Applied current() {
        return current;
    }

    /** Registers a listener called, on the pull thread, after each applied version. */
    public void onChange(Consumer<Document.Applied> listener) {
        listeners.add(listener);
    }

    double errorCount(String reason) {
        return errors.labelValues(reason).get();
    }

    @Override
    public String name() {
        return Features.CONFIG;
    }

    /** Runs the pull loop and waits for its first outcome, good or not, up to FIRST_PULL_LIMIT. */
    @Override
    public void start() throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        thread = new Thread(() -> loop(first), "scl-config-pull");
        thread.setDaemon(true);
        thread.start();
        first.await(FIRST_PULL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Cancels the pull in flight and waits for the loop to end. */
    @Override
    public void stop(Duration limit) throws InterruptedException {
        if (thread == null) return;
        thread.interrupt();
        thread.join(Math.max(1, limit.toMillis()));
        thread = null;
    }

    /** A bad answer is counted, then config.retryBackoffSeconds passes; the next query blocks on the last good index. */
    private void loop(CountDownLatch first) {
        long index = 0;
        while (!Thread.currentThread().isInterrupted()) {
            boolean ok = false;
            try {
                index = pull(index);
                ok = true;
            } catch (Answer.Rejected rejected) {
                errors.labelValues(rejected.reason).inc();
            } catch (InterruptedException e) {
                return; // stop
            } finally {
                first.countDown();
            }
            if (ok) continue;
            try {
                Thread.sleep(settings.retryBackoff().toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Asks for the document, blocking while the store's index is still index; returns the index to block on next. */
    private long pull(long index) throws Answer.Rejected, InterruptedException {
        String query = "index=" + index + "&wait=" + settings.waitTime().toMillis() + "ms";
        URI uri =
                URI.create(baseUrl + "/v1/config/" + URLEncoder.encode(service, StandardCharsets.UTF_8) + "?" + query);
        // the control plane holds the query for up to wait; give it slack to answer
        Duration timeout = settings.waitTime().multipliedBy(3).dividedBy(2).plusSeconds(2);
        HttpResponse<byte[]> response;
        try {
            response = client.send(
                    HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Answer.Rejected(Answer.FETCH, e.toString());
        }
        if (response.statusCode() != 200)
            throw new Answer.Rejected(Answer.FETCH, "control plane answered " + response.statusCode());
        Document.Applied answer = Answer.parse(response.body());
        apply(answer);
        try {
            return Long.parseLong(response.headers().firstValue("X-Scl-Index").orElseThrow());
        } catch (RuntimeException e) {
            return answer.version();
        }
    }

    /** A version is applied when it differs from the one in use. */
    void apply(Document.Applied next) {
        if (current.version() == next.version()) return;
        current = next;
        version.set(next.version());
        applied.inc();
        for (Consumer<Document.Applied> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                // a failing listener is the app's bug and must not end the pull loop
            }
        }
    }
}
