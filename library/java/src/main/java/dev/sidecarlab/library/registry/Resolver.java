// The resolver: passing instances of a service, kept fresh by one blocking-query thread per service.
package dev.sidecarlab.library.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sidecarlab.library.internal.ControlPlaneHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

public final class Resolver implements AutoCloseable {
    /** The registry settings have no watch wait or backoff of their own: the control plane's default wait. */
    private static final Duration WATCH_WAIT = Duration.ofSeconds(10);

    private static final Duration WATCH_RETRY_BACKOFF = Duration.ofMillis(500);
    /** A first resolve waits this long, then answers "no instance" (spec/features.md registry). */
    private static final Duration FIRST_ANSWER_LIMIT = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One passing instance of a service. */
    public record Instance(String id, String address, int port) {}

    /** What the registry said last about a service; known: some instance ever registered under the name. */
    public record Snapshot(boolean known, List<Instance> instances) {}

    private static final Snapshot NOT_RESOLVED = new Snapshot(true, List.of());

    private final String baseUrl;
    private final HttpClient client = ControlPlaneHttp.newClient();
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Resolver(String controlPlaneUrl) {
        this.baseUrl = controlPlaneUrl;
    }

    private final class Watch implements Runnable {
        final String service;
        final CountDownLatch answered = new CountDownLatch(1);
        volatile Snapshot snapshot = NOT_RESOLVED;
        Thread thread;

        Watch(String service) {
            this.service = service;
        }

        /** Asks at once, then blocks on the index of each answer until close. */
        @Override
        public void run() {
            long index = 0;
            while (!closed) {
                long next = -1;
                try {
                    next = query(index);
                    if (next >= 0) index = next;
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    next = -1;
                }
                if (next <= 0) { // nothing to block on: do not spin
                    try {
                        Thread.sleep(WATCH_RETRY_BACKOFF.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        /** Returns the index to block on next, 0 when there is none, -1 on an error. */
        private long query(long index) throws Exception {
            String query =
                    "passing=true" + (index > 0 ? "&index=" + index + "&wait=" + WATCH_WAIT.toSeconds() + "s" : "");
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(baseUrl + "/v1/registry/services/" + Registry.escape(service) + "?" + query))
                    .timeout(WATCH_WAIT.plusSeconds(5))
                    .GET()
                    .build();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 400) { // a name the registry refuses never has instances
                update(new Snapshot(false, List.of()));
                return 0;
            }
            if (response.statusCode() != 200) return -1;
            JsonNode body = JSON.readTree(response.body());
            List<Instance> instances = new ArrayList<>();
            for (JsonNode i : body.path("instances")) {
                instances.add(new Instance(
                        i.path("id").asText(),
                        i.path("address").asText(),
                        i.path("port").asInt()));
            }
            update(new Snapshot(body.path("known").asBoolean(false), List.copyOf(instances)));
            String header = response.headers().firstValue("X-Scl-Index").orElse(null);
            try {
                return header != null
                        ? Long.parseLong(header)
                        : body.path("index").asLong(0);
            } catch (NumberFormatException e) {
                return body.path("index").asLong(0);
            }
        }

        private void update(Snapshot s) {
            snapshot = s;
            answered.countDown();
        }
    }

    /** The last known snapshot; the first call for a service starts its watch and waits for its first answer. */
    public Snapshot resolve(String service) throws InterruptedException {
        Watch w = watches.computeIfAbsent(service, name -> {
            Watch watch = new Watch(name);
            watch.thread = new Thread(watch, "scl-registry-watch-" + name);
            watch.thread.setDaemon(true);
            watch.thread.start();
            return watch;
        });
        w.answered.await(FIRST_ANSWER_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        return w.snapshot;
    }

    /** Ends every watch. */
    @Override
    public void close() {
        closed = true;
        watches.values().forEach(w -> w.thread.interrupt());
    }
}
