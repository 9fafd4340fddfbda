// Business counters to the sidecar's local API: POST {name, value, labels}, the answer not awaited.
package dev.sidecarlab.services.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

final class Counters {
    /** Increments waiting for the API; beyond, they are dropped: the request path never waits for the sidecar. */
    private static final int QUEUE_SIZE = 1024;

    private static final byte[] STOP = new byte[0];
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final BlockingQueue<byte[]> pending = new ArrayBlockingQueue<>(QUEUE_SIZE + 1);
    private final Thread sender;

    Counters(String url) {
        this.url = URI.create(url);
        sender = new Thread(this::run, "scl-counters");
        sender.setDaemon(true);
        sender.start();
    }

    void send(String name, double value, Map<String, String> labels) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("value", value);
        body.put("labels", labels == null ? Map.of() : labels);
        try {
            if (pending.size() < QUEUE_SIZE) pending.offer(JSON.writeValueAsBytes(body));
        } catch (Exception e) {
            // a map of strings always encodes
        }
    }

    private void run() {
        try {
            while (true) {
                byte[] body = pending.take();
                if (body == STOP) return;
                try {
                    client.send(
                            HttpRequest.newBuilder(url)
                                    .timeout(Duration.ofSeconds(5))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                } catch (java.io.IOException e) {
                    // the sidecar is restarting: this increment is lost, as the spec allows
                }
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    /** Sends what is queued, then stops. */
    void close(Duration limit) throws InterruptedException {
        pending.offer(STOP);
        sender.join(limit.toMillis());
    }
}
