// The egress feature: resolves a service name through the registry and makes the call resilient (per-try
// timeout, retries with full-jitter backoff and a budget, a circuit breaker per instance).
package dev.sidecarlab.library.egress;

import dev.sidecarlab.library.feature.Feature;
import dev.sidecarlab.library.feature.Features;
import dev.sidecarlab.library.registry.Resolver;
import dev.sidecarlab.library.settings.Settings;
import dev.sidecarlab.library.spec.Spec;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

public final class Egress implements Feature {
    /** Finds the passing instances of a service (the registry's Resolver). */
    public interface Discovery {
        Resolver.Snapshot resolve(String service) throws InterruptedException;
    }

    private final Discovery discovery;
    private final Settings.Egress settings;
    private final Tries tries;
    private final Breakers breakers;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> next = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closers = new ArrayList<>();
    private final Counter requests;
    private final Histogram duration;
    private final Counter retries;
    private final Counter budgetExhausted;

    public Egress(Discovery discovery, Settings.Egress settings, PrometheusRegistry registry) {
        this.discovery = discovery;
        this.settings = settings;
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.tries = new Tries(client, settings.tryTimeout());
        requests = Counter.builder()
                .name("scl_egress_requests_total")
                .help(Spec.help("scl_egress_requests_total"))
                .labelNames("target", "method", "status")
                .register(registry);
        duration = Histogram.builder()
                .name("scl_egress_request_duration_seconds")
                .help(Spec.help("scl_egress_request_duration_seconds"))
                .labelNames("target", "method")
                .classicOnly()
                .classicUpperBounds(Spec.histogramBuckets())
                .register(registry);
        retries = counter(registry, "scl_egress_retries_total");
        budgetExhausted = counter(registry, "scl_egress_retry_budget_exhausted_total");
        breakers = new Breakers(
                settings.circuitFailureThreshold(),
                settings.circuitOpen(),
                counter(registry, "scl_egress_circuit_opened_total"),
                registry);
    }

    private static Counter counter(PrometheusRegistry registry, String name) {
        return Counter.builder()
                .name(name)
                .help(Spec.help(name))
                .labelNames("target")
                .register(registry);
    }

    /** Adds something to release when the feature stops (the resolver's watches). */
    public void onStop(AutoCloseable release) {
        closers.add(release);
    }

    @Override
    public String name() {
        return Features.EGRESS;
    }

    @Override
    public void start() {}

    @Override
    public void stop(Duration limit) throws Exception {
        for (AutoCloseable c : closers) c.close();
    }

    /** Makes one call; a call egress cannot make answers with its error kind, never an exception. */
    public Reply call(Call call) throws InterruptedException {
        long started = System.nanoTime();
        Reply reply = attempt(call);
        String status = reply.header(Reply.ERROR_HEADER);
        requests.labelValues(call.service(), call.method(), status != null ? status : Integer.toString(reply.status()))
                .inc();
        duration.labelValues(call.service(), call.method()).observe((System.nanoTime() - started) / 1e9);
        return reply;
    }

    private Reply attempt(Call call) throws InterruptedException {
        String target = call.service();
        Budget budget = budgets.computeIfAbsent(
                target,
                t -> new Budget(
                        settings.retryBudgetRatio(),
                        settings.retryBudgetMinPerSecond(),
                        settings.retryBudgetWindow(),
                        System::nanoTime));
        budget.call();
        Resolver.Snapshot snapshot = discovery.resolve(target);
        if (!snapshot.known()) return Reply.synthesized(ErrorKinds.UNKNOWN_SERVICE);
        boolean mayRetry = Spec.idempotentMethods().contains(call.method()) || hasHeader(call, "idempotency-key");
        Tries.Outcome last = null;
        String previous = null;
        for (int attempt = 1; ; attempt++) {
            Picked picked = pick(target, snapshot.instances(), previous);
            if (picked.kind != null) { // a retry with no usable instance is not made: the last try's answer stands
                if (attempt == 1) last = Tries.Outcome.failure(picked.kind);
                break;
            }
            if (attempt > 1) {
                budget.recordRetry();
                retries.labelValues(target).inc();
            }
            previous = picked.instance.id();
            long tryStarted = System.nanoTime();
            try {
                last = tries.send(call, picked.instance);
            } catch (InterruptedException e) {
                picked.breaker.releasePermission(); // the caller went away: neither a success nor a failure
                throw e;
            }
            long took = System.nanoTime() - tryStarted;
            if (last.failed()) {
                picked.breaker.onError(took, java.util.concurrent.TimeUnit.NANOSECONDS, new TryFailed());
            } else {
                picked.breaker.onSuccess(took, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            if (attempt >= settings.maxAttempts() || !mayRetry || !last.retryable()) break;
            if (!budget.allowsRetry()) {
                budgetExhausted.labelValues(target).inc();
                break;
            }
            Thread.sleep(Backoff.of(attempt, settings.backoffBase(), settings.backoffMax())
                    .toMillis());
            snapshot = discovery.resolve(target);
        }
        return last.kind() != null ? Reply.synthesized(last.kind()) : last.reply();
    }

    private record Picked(Resolver.Instance instance, CircuitBreaker breaker, String kind) {}

    /** Round robin over passing instances whose circuit lets a try through, preferring another than the previous. */
    private Picked pick(String target, List<Resolver.Instance> instances, String previous) {
        if (instances.isEmpty()) return new Picked(null, null, ErrorKinds.NO_INSTANCE);
        int start = next.computeIfAbsent(target, t -> new AtomicInteger()).getAndIncrement();
        List<Resolver.Instance> order = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) order.add(instances.get(Math.floorMod(start + i, instances.size())));
        if (order.size() > 1 && order.get(0).id().equals(previous)) order.add(order.remove(0));
        for (Resolver.Instance instance : order) {
            CircuitBreaker breaker = breakers.get(target, instance.id());
            if (breaker.tryAcquirePermission()) return new Picked(instance, breaker, null);
        }
        return new Picked(null, null, ErrorKinds.CIRCUIT_OPEN);
    }

    private static boolean hasHeader(Call call, String name) {
        if (call.headers() == null) return false;
        return call.headers().entrySet().stream()
                .anyMatch(e -> e.getKey().equalsIgnoreCase(name)
                        && !e.getValue().isEmpty()
                        && !e.getValue().get(0).isEmpty());
    }

    /** What a failed try tells its breaker. */
    private static final class TryFailed extends Exception {
        TryFailed() {
            super("try failed", null, false, false);
        }
    }

    /** Stands in for egress when the feature is off: every call answers no_instance at once, nothing is sent. */
    public static Reply disabled(Call call) {
        return Reply.synthesized(ErrorKinds.NO_INSTANCE);
    }
}
