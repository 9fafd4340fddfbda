// Calling peers with a plain HTTP client (mode none, and sidecar through the ambassador): http://<service>/<path>
// goes to base(service)/<path>.
package dev.sidecarlab.services.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

public final class Peers {
    /** A safety net for the plain client, not a feature: the ambassador's own tries end well before it. */
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);
    /** Headers the JDK client sets itself and refuses from a caller. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    /** Marks an answer egress (or the ambassador) made up itself: not the peer's own answer. */
    public static final String EGRESS_ERROR_HEADER = "x-scl-egress-error";

    /** One call: the request id of the inbound request goes out as x-request-id unless headers set one. */
    public record Request(
            String service,
            String method,
            String pathAndQuery,
            Map<String, String> headers,
            byte[] body,
            String requestId) {}

    /** A peer's answer; headers have lower-case names. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        public boolean fromEgress() {
            return headers.containsKey(EGRESS_ERROR_HEADER);
        }
    }

    /** A call to a service the mode has no address for. */
    public static final class UnknownPeer extends IOException {
        public UnknownPeer(String service) {
            super("no address for service " + service + "; add it to SCL_PEERS");
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Function<String, String> base;

    /** base answers a service's base URL, or null for none. */
    public Peers(Function<String, String> base) {
        this.base = base;
    }

    public Answer call(Request r) throws IOException, InterruptedException {
        String root = base.apply(r.service());
        if (root == null) throw new UnknownPeer(r.service());
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(root + r.pathAndQuery()))
                .timeout(PEER_TIMEOUT)
                .method(
                        r.method(),
                        r.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        boolean hasRequestId = false;
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (RESTRICTED.contains(name)) continue;
            hasRequestId |= name.equals("x-request-id");
            out.header(h.getKey(), h.getValue());
        }
        if (!hasRequestId && r.requestId() != null && !r.requestId().isEmpty())
            out.header("X-Request-Id", r.requestId());
        HttpResponse<byte[]> response = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), lowerCase(response.headers().map()), response.body());
    }

    static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new TreeMap<>();
        headers.forEach((name, values) -> out.put(name.toLowerCase(Locale.ROOT), values));
        return out;
    }
}
