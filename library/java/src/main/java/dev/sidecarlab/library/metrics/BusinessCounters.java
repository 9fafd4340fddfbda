// Business counters the app reports: scl_business_<name>, created on first use, label names fixed by it.
package dev.sidecarlab.library.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

final class BusinessCounters {
    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]*_total$");
    private static final Pattern LABEL = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
    private static final int MAX_LABELS = 5;
    /** Bounds the registry against a caller inventing names without end. */
    private static final int MAX_COUNTERS = 100;

    private record Entry(List<String> labelNames, Counter counter) {}

    private final PrometheusRegistry registry;
    private final Map<String, Entry> counters = new HashMap<>();

    BusinessCounters(PrometheusRegistry registry) {
        this.registry = registry;
    }

    void add(String name, double value, Map<String, String> labels) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BusinessError("name", "\"" + name + "\" must match ^[a-z][a-z0-9_]*_total$");
        }
        if (!(value >= 0) || Double.isInfinite(value))
            throw new BusinessError("value", value + " must be a finite number >= 0");
        TreeMap<String, String> sorted = new TreeMap<>(labels == null ? Map.of() : labels);
        if (sorted.size() > MAX_LABELS)
            throw new BusinessError("labels", sorted.size() + " labels, at most " + MAX_LABELS);
        for (String label : sorted.keySet()) {
            if (!LABEL.matcher(label).matches() || label.startsWith("__")) {
                throw new BusinessError("labels", "\"" + label + "\" is not a valid label name");
            }
        }
        List<String> names = List.copyOf(sorted.keySet());
        counterOf(name, names)
                .labelValues(sorted.values().toArray(String[]::new))
                .inc(value);
    }

    private synchronized Counter counterOf(String name, List<String> labelNames) {
        Entry entry = counters.get(name);
        if (entry != null) {
            if (!entry.labelNames.equals(labelNames)) {
                throw new BusinessError(
                        "labels",
                        name + " was first counted with labels " + entry.labelNames + "; use the same label names");
            }
            return entry.counter;
        }
        if (counters.size() >= MAX_COUNTERS) {
            throw new BusinessError(
                    "name",
                    "at most " + MAX_COUNTERS + " business counters per process; " + name + " would be one more");
        }
        Counter counter = Counter.builder()
                .name("scl_business_" + name)
                .help("business counter " + name + " reported by the app")
                .labelNames(labelNames.toArray(String[]::new))
                .register(registry);
        counters.put(name, new Entry(labelNames, counter));
        return counter;
    }
}
