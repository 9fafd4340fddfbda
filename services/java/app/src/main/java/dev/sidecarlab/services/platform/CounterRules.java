// The input rules of a business counter (spec/features.md metrics), checked the same in every mode.
package dev.sidecarlab.services.platform;

import dev.sidecarlab.services.httpapi.ApiError;
import java.util.Map;
import java.util.regex.Pattern;

public final class CounterRules {
    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]*_total$");
    private static final Pattern LABEL = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
    private static final int MAX_LABELS = 5;

    private CounterRules() {}

    /** Throws 400 validation_failed naming the field of an invalid increment. */
    public static void check(String name, double value, Map<String, String> labels) {
        if (name == null || !NAME.matcher(name).matches())
            throw ApiError.invalid("name", "must match ^[a-z][a-z0-9_]*_total$");
        if (!(value >= 0) || Double.isInfinite(value)) throw ApiError.invalid("value", "must be a finite number >= 0");
        if (labels == null) return;
        if (labels.size() > MAX_LABELS) throw ApiError.invalid("labels", "at most " + MAX_LABELS + " labels");
        for (String label : labels.keySet()) {
            if (!LABEL.matcher(label).matches() || label.startsWith("__")) {
                throw ApiError.invalid("labels", "label \"" + label + "\" must be a Prometheus label name");
            }
        }
    }
}
