// The feature settings of spec/features.json: defaults, overridden by SCL_<FEATURE>_<SETTING> variables.
package dev.sidecarlab.library.settings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sidecarlab.library.spec.Spec;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Pattern;

public record Settings(Logs logs, Registry registry, Config config, Egress egress) {

    public record Logs(
            int batchMaxRecords,
            Duration flushInterval,
            int queueMaxRecords,
            Duration exportTimeout,
            Duration retryBackoff,
            Duration retryBackoffMax) {}

    public record Registry(
            Duration ttl,
            Duration heartbeatInterval,
            Duration healthCheckInterval,
            Duration healthCheckTimeout,
            int healthCheckFailureThreshold) {}

    public record Config(Duration waitTime, Duration retryBackoff, Duration fileDebounce) {}

    public record Egress(
            Duration tryTimeout,
            int maxAttempts,
            Duration backoffBase,
            Duration backoffMax,
            double retryBudgetRatio,
            double retryBudgetMinPerSecond,
            Duration retryBudgetWindow,
            int circuitFailureThreshold,
            Duration circuitOpen) {}

    /**
     * The one number grammar of spec/start-contract.md: what Double.parseDouble would also take (0x1p4, 1d, 1f,
     * Infinity, NaN, non-ASCII white space) is refused before it is parsed.
     */
    private static final Pattern DECIMAL =
            Pattern.compile("[ \\t]*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?[ \\t]*");

    /** egress.tryTimeoutSeconds -> SCL_EGRESS_TRY_TIMEOUT_SECONDS. */
    public static String envName(String key) {
        return "SCL_"
                + key.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
    }

    public static Settings defaults() {
        return load(name -> null);
    }

    /** Reads every setting through lookup (System::getenv in production); the first bad override throws. */
    public static Settings load(Function<String, String> lookup) {
        Reader r = new Reader(lookup);
        return new Settings(
                new Logs(
                        r.integer("logs.batchMaxRecords"),
                        r.seconds("logs.flushIntervalSeconds"),
                        r.integer("logs.queueMaxRecords"),
                        r.seconds("logs.exportTimeoutSeconds"),
                        r.seconds("logs.retryBackoffSeconds"),
                        r.seconds("logs.retryBackoffMaxSeconds")),
                new Registry(
                        r.seconds("registry.ttlSeconds"),
                        r.seconds("registry.heartbeatIntervalSeconds"),
                        r.seconds("registry.healthCheckIntervalSeconds"),
                        r.seconds("registry.healthCheckTimeoutSeconds"),
                        r.integer("registry.healthCheckFailureThreshold")),
                new Config(
                        r.seconds("config.waitSeconds"),
                        r.seconds("config.retryBackoffSeconds"),
                        r.seconds("config.fileDebounceSeconds")),
                new Egress(
                        r.seconds("egress.tryTimeoutSeconds"),
                        r.integer("egress.maxAttempts"),
                        r.seconds("egress.backoffBaseSeconds"),
                        r.seconds("egress.backoffMaxSeconds"),
                        r.number("egress.retryBudgetRatio"),
                        r.number("egress.retryBudgetMinPerSecond"),
                        r.seconds("egress.retryBudgetWindowSeconds"),
                        r.integer("egress.circuitFailureThreshold"),
                        r.seconds("egress.circuitOpenSeconds")));
    }

    private record Reader(Function<String, String> lookup) {
        double number(String key) {
            JsonNode def = Spec.setting(key);
            String name = envName(key);
            String raw = lookup.apply(name);
            if (raw == null) return def.path("default").asDouble();
            if (!DECIMAL.matcher(raw).matches()) throw new SettingsError(name, "=\"" + raw + "\" is not a number");
            double value = Double.parseDouble(raw.strip());
            if (Double.isNaN(value) || Double.isInfinite(value))
                throw new SettingsError(name, "=\"" + raw + "\" is not a number");
            if (def.path("type").asText().equals("integer") && value != Math.rint(value)) {
                throw new SettingsError(name, "=\"" + raw + "\" must be an integer");
            }
            if (value < def.path("min").asDouble()) {
                throw new SettingsError(
                        name,
                        "=" + raw + " is below its minimum " + def.path("min").asText());
            }
            return value;
        }

        int integer(String key) {
            return (int) number(key);
        }

        Duration seconds(String key) {
            return Duration.ofNanos(Math.round(number(key) * 1e9));
        }
    }
}
