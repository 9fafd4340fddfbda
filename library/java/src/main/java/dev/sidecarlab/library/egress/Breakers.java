// Per-instance circuit breakers (Resilience4j) and their state as a metric read at scrape time.
package dev.sidecarlab.library.egress;

import dev.sidecarlab.library.spec.Spec;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One breaker per (target, instance). Resilience4j counts a failure rate over a window; a count-based window of
 * n calls that must all fail (rate 100 %, at least n calls) is exactly "n consecutive failed tries" of the spec.
 * After the open time the breaker half-opens by itself and lets one probe through, whose outcome closes or
 * reopens it.
 */
final class Breakers {
    private record Key(String target, String instance) {}

    private final Map<Key, CircuitBreaker> byKey = new ConcurrentHashMap<>();
    private final CircuitBreakerConfig config;
    private final Counter opened;

    Breakers(int threshold, Duration openTime, Counter opened, PrometheusRegistry registry) {
        this.opened = opened;
        config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(threshold)
                .minimumNumberOfCalls(threshold)
                .failureRateThreshold(100)
                .waitDurationInOpenState(openTime)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        GaugeWithCallback.builder()
                .name("scl_egress_circuit_state")
                .help(Spec.help("scl_egress_circuit_state"))
                .labelNames("target", "instance")
                .callback(cb -> byKey.forEach(
                        (key, breaker) -> cb.call(specState(breaker.getState()), key.target(), key.instance())))
                .register(registry);
    }

    CircuitBreaker get(String target, String instance) {
        return byKey.computeIfAbsent(new Key(target, instance), key -> {
            CircuitBreaker breaker = CircuitBreaker.of(target + "/" + instance, config);
            breaker.getEventPublisher().onStateTransition(event -> {
                if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN)
                    opened.labelValues(target).inc();
            });
            return breaker;
        });
    }

    /** The spec's numbering: 0 closed, 1 open, 2 half-open. */
    private static double specState(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 0;
        };
    }
}
