// The registry feature: register this instance with a TTL, heartbeat it, deregister on stop.
package dev.sidecarlab.library.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

public final class Registry implements Feature {
    /** service, id, address (SCL_HOST) and port (SCL_PUBLIC_PORT) as the registry advertises them. */
    public record Instance(String service, String id, String address, int port) {}

    private final String baseUrl;
    private final Instance instance;
    private final Settings.Registry settings;
    private final HttpClient client = ControlPlaneHttp.newClient();
    private final Gauge registered;
    private final Counter heartbeats;
    private ScheduledExecutorService ticker;
    /** Owned by the ticker thread once start returned. */
    private volatile boolean isRegistered;

    public Registry(String controlPlaneUrl, Instance instance, Settings.Registry settings, PrometheusRegistry metrics) {
        this.baseUrl = controlPlaneUrl;
        this.instance = instance;
        this.settings = settings;
        registered = Gauge.builder()
                .name("scl_registry_registered")
                .help(Spec.help("scl_registry_registered"))
                .register(metrics);
        heartbeats = Counter.builder()
                .name("scl_registry_heartbeats_total")
                .help(Spec.help("scl_registry_heartbeats_total"))
                .labelNames("result")
                .register(metrics);
    }

    @Override
    public String name() {
        return Features.REGISTRY;
    }

    /** Registers and heartbeats from then on; a failed registration never fails the start: each tick retries. */
    @Override
    public void start() {
        isRegistered = register();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scl-registry-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = settings.heartbeatInterval().toNanos();
        ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
    }

    /** Ends the heartbeats, then deregisters; a second stop (deregister, then the library's stop) does nothing. */
    @Override
    public synchronized void stop(Duration limit) throws Exception {
        if (ticker == null) return;
        ticker.shutdownNow();
        ticker.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS);
        ticker = null;
        registered.set(0);
        int status = put("/v1/registry/deregister/" + escape(instance.id()), null, limit);
        if (status != 200 && status != 404)
            throw new IOException("deregister " + instance.id() + ": control plane answered " + status);
    }

    private void tick() {
        if (!isRegistered) {
            isRegistered = register();
            return;
        }
        int status;
        try {
            status = put("/v1/registry/heartbeat/" + escape(instance.id()), null, settings.ttl());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // stopping
        } catch (IOException e) {
            heartbeats.labelValues("error").inc();
            return;
        }
        if (status == 200) {
            heartbeats.labelValues("ok").inc();
            registered.set(1);
        } else {
            heartbeats.labelValues("error").inc();
            if (status == 404) { // the control plane forgot the instance
                registered.set(0);
                isRegistered = register();
            }
        }
    }

    private boolean register() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", instance.service());
        body.put("id", instance.id());
        body.put("address", instance.address());
        body.put("port", instance.port());
        body.put("ttlSeconds", settings.ttl().toNanos() / 1e9);
        try {
            int status = put("/v1/registry/register", new ObjectMapper().writeValueAsBytes(body), settings.ttl());
            if (status != 200) return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException e) {
            return false;
        }
        registered.set(1);
        return true;
    }

    /** One request, bounded by the TTL: an answer later than that is useless anyway. */
    private int put(String path, byte[] body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
        if (body != null) {
            request.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.PUT(HttpRequest.BodyPublishers.noBody());
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    static String escape(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
