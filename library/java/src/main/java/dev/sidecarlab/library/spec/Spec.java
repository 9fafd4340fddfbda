// The contract files of the repository's spec/ folder, copied into the jar by the build and decoded once.
package dev.sidecarlab.library.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

public final class Spec {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final JsonNode FEATURES = read("features.json");
    public static final JsonNode ERRORS = read("errors.json");
    public static final JsonNode CONFIG_DEFAULTS = read("config.defaults.json");
    public static final JsonNode CONFIG_SCHEMA = read("config.schema.json");

    private Spec() {}

    private static JsonNode read(String name) {
        try (InputStream in = Spec.class.getResourceAsStream("/spec/" + name)) {
            if (in == null) throw new IllegalStateException("spec/" + name + " is not in the jar: the build copies it");
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One entry of features.json "settings". */
    public static JsonNode setting(String key) {
        JsonNode s = FEATURES.path("settings").get(key);
        if (s == null) throw new IllegalArgumentException("setting not in features.json: " + key);
        return s;
    }

    /** The help text of a metric named in features.json. */
    public static String help(String metric) {
        JsonNode m = FEATURES.path("metrics").path("names").get(metric);
        if (m == null) throw new IllegalArgumentException("metric not in features.json: " + metric);
        return m.path("help").asText();
    }

    public static double[] histogramBuckets() {
        JsonNode b = FEATURES.path("metrics").path("histogramBucketsSeconds");
        double[] out = new double[b.size()];
        for (int i = 0; i < out.length; i++) out[i] = b.get(i).asDouble();
        return out;
    }

    private static final List<String> IDEMPOTENT_METHODS =
            texts(FEATURES.path("egress").path("idempotentMethods"));
    private static final List<Integer> RETRYABLE_STATUSES =
            texts(FEATURES.path("egress").path("retryableStatuses")).stream()
                    .map(Integer::valueOf)
                    .toList();

    public static List<String> idempotentMethods() {
        return IDEMPOTENT_METHODS;
    }

    public static List<Integer> retryableStatuses() {
        return RETRYABLE_STATUSES;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    /** egress.errorKinds[kind]: {status, code}. */
    public static JsonNode errorKind(String kind) {
        return FEATURES.path("egress").path("errorKinds").path(kind);
    }

    /** The catalogue message of a platform error code (errors.json). */
    public static String platformMessage(String code) {
        return ERRORS.path("platform").path(code).path("message").asText();
    }

    public static int severityNumber(String level) {
        return FEATURES.path("logs").path("severityNumbers").path(level).asInt(0);
    }

    public static String scopeName() {
        return FEATURES.path("logs").path("scopeName").asText();
    }
}
