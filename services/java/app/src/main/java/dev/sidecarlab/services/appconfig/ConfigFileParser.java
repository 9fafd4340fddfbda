// Reading the config file the sidecar writes (spec/config-file.schema.json). Sidecar mode links no JSON Schema
// library, so the schema's rules for the four keys are checked here by hand.
package dev.sidecarlab.services.appconfig;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sidecarlab.services.httpapi.Fields;
import dev.sidecarlab.services.httpapi.Json;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;

public final class ConfigFileParser {
    private static final List<String> KEYS = List.of("logLevel", "banner", "maxAmountCents", "pageSizeMax");
    private static final List<String> LEVELS = List.of("debug", "info", "warn", "error");

    private ConfigFileParser() {}

    public static AppConfig.Applied parse(byte[] data) {
        JsonNode file;
        try {
            file = Json.MAPPER.readTree(data);
        } catch (Exception e) {
            throw new IllegalArgumentException("config file: " + e.getMessage());
        }
        if (file == null || !file.isObject()) throw new IllegalArgumentException("config file: not a JSON object");
        BigDecimal version = Fields.integer(file.get("version"));
        if (version == null || version.compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException(
                    "config file: version " + file.get("version") + " is not an integer >= 1");
        }
        JsonNode config = file.get("config");
        if (config == null || !config.isObject())
            throw new IllegalArgumentException("config file: config is not an object");
        for (Iterator<String> names = config.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!KEYS.contains(key)) throw new IllegalArgumentException("config file: unknown key \"" + key + "\"");
        }
        JsonNode level = config.get("logLevel");
        if (level == null || !level.isTextual() || !LEVELS.contains(level.textValue())) {
            throw new IllegalArgumentException("config file: logLevel is missing or invalid");
        }
        String banner = null;
        if (config.has("banner")) {
            JsonNode b = config.get("banner");
            if (!b.isTextual() || Fields.length(b.textValue()) > 200) {
                throw new IllegalArgumentException("config file: banner must be a string of at most 200 characters");
            }
            banner = b.textValue();
        }
        return new AppConfig.Applied(
                version.longValueExact(),
                new AppConfig.Document(
                        level.textValue(),
                        banner,
                        integerField(config, "maxAmountCents", 100_000_000),
                        integerField(config, "pageSizeMax", 1000)));
    }

    /** An optional integer from 1 to maximum; 10.0 is one, as in JSON Schema. */
    private static Long integerField(JsonNode config, String key, long maximum) {
        if (!config.has(key)) return null;
        BigDecimal v = Fields.integer(config.get(key));
        if (v == null || v.compareTo(BigDecimal.ONE) < 0 || v.compareTo(BigDecimal.valueOf(maximum)) > 0) {
            throw new IllegalArgumentException("config file: " + key + " must be an integer from 1 to " + maximum);
        }
        return v.longValueExact();
    }
}
