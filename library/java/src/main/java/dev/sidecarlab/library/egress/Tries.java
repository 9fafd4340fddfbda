// One try: one attempt on one instance, bounded by egress.tryTimeoutSeconds, the whole answer read within it.
package dev.sidecarlab.library.egress;

import dev.sidecarlab.library.registry.Resolver;
import dev.sidecarlab.library.spec.Spec;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

final class Tries {
    /** Hop-by-hop headers, and those the client sets itself (the JDK refuses expect and the others outright). */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "keep-alive",
            "transfer-encoding",
            "te",
            "trailer",
            "upgrade",
            "proxy-connection",
            "host",
            "content-length",
            "expect");

    /** A try's result: a downstream's answer, or an error kind. */
    record Outcome(Reply reply, String kind) {
        static Outcome failure(String kind) {
            return new Outcome(null, kind);
        }

        /** Counts against the instance's circuit: connect error, timeout, any 5xx. */
        boolean failed() {
            return kind != null || reply.status() >= 500;
        }

        /** May be repeated: connect error, timeout, a retryable status. */
        boolean retryable() {
            return kind != null || Spec.retryableStatuses().contains(reply.status());
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    Tries(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    Outcome send(Call call, Resolver.Instance instance) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + instance.address() + ":" + instance.port() + call.pathAndQuery()))
                .timeout(timeout)
                .method(
                        call.method(),
                        call.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        if (call.headers() != null) {
            call.headers().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)))
                    values.forEach(v -> request.header(name, v));
            });
        }
        CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            Map<String, List<String>> headers = new TreeMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            return new Outcome(new Reply(response.statusCode(), headers, response.body()), null);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return Outcome.failure(ErrorKinds.TIMEOUT);
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            return Outcome.failure(kindOf(e.getCause()));
        }
    }

    /** Tells a try's timeout from a failure to connect (or a connection lost mid-answer). */
    private static String kindOf(Throwable cause) {
        if (cause instanceof HttpTimeoutException) return ErrorKinds.TIMEOUT;
        if (cause instanceof ConnectException && cause.getCause() instanceof HttpTimeoutException)
            return ErrorKinds.TIMEOUT;
        return ErrorKinds.CONNECT_ERROR;
    }
}
