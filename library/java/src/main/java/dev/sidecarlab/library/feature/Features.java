// The five feature names, their start order, and SCL_FEATURES.
package dev.sidecarlab.library.feature;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

public final class Features {
    public static final String CONFIG = "config";
    public static final String METRICS = "metrics";
    public static final String LOGS = "logs";
    public static final String REGISTRY = "registry";
    public static final String EGRESS = "egress";

    /** Registration comes last so the instance is ready when it is listed, and is undone first at shutdown. */
    public static final List<String> START_ORDER = List.of(CONFIG, METRICS, LOGS, REGISTRY, EGRESS);

    private Features() {}

    /** Reads SCL_FEATURES ("metrics,logs"); empty or null means all five. */
    public static List<String> parse(String value) {
        if (value == null || value.isBlank()) return START_ORDER;
        List<String> names = new ArrayList<>();
        for (String raw : value.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) continue;
            if (!START_ORDER.contains(name)) {
                throw new IllegalArgumentException("SCL_FEATURES: unknown feature \"" + name + "\"; valid values: "
                        + String.join(", ", START_ORDER));
            }
            if (!names.contains(name)) names.add(name);
        }
        return List.copyOf(names);
    }

    /** Sorts features by START_ORDER. */
    public static List<Feature> inStartOrder(List<Feature> features) {
        List<Feature> sorted = new ArrayList<>(features);
        sorted.sort(Comparator.comparingInt(f -> START_ORDER.indexOf(f.name())));
        return sorted;
    }
}
