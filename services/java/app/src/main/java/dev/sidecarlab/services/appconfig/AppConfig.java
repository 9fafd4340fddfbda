// The app's view of its config document (spec/config.schema.json): the version in use and the values the
// handlers read, with the built-in defaults under them.
package dev.sidecarlab.services.appconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

public final class AppConfig {
    /** The fields of spec/config.schema.json; an absent key is null. */
    public record Document(String logLevel, String banner, Long maxAmountCents, Long pageSizeMax) {}

    /** A config in use; version 0 is the built-in defaults. */
    public record Applied(long version, Document document) {
        /** The shape of GET /_scl/config. */
        public Map<String, Object> json() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("logLevel", document.logLevel());
            if (document.banner() != null) config.put("banner", document.banner());
            if (document.maxAmountCents() != null) config.put("maxAmountCents", document.maxAmountCents());
            if (document.pageSizeMax() != null) config.put("pageSizeMax", document.pageSizeMax());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("version", version);
            out.put("config", config);
            return out;
        }
    }

    private final Document defaults;
    private volatile Applied applied;

    /** Starts on the built-in defaults, version 0. */
    public AppConfig(Document defaults) {
        this.defaults = defaults;
        this.applied = new Applied(0, defaults);
    }

    /** The built-in document of a service (spec/config.defaults.json, copied into the jar by the build). */
    public static Document defaults(String service) throws Exception {
        try (InputStream in = AppConfig.class.getResourceAsStream("/spec/config.defaults.json")) {
            JsonNode node = new ObjectMapper().readTree(in).get(service);
            if (node == null) throw new IllegalArgumentException("config.defaults.json has no defaults for " + service);
            return new Document(
                    node.path("logLevel").asText(),
                    node.has("banner") ? node.get("banner").asText() : null,
                    node.has("maxAmountCents") ? node.get("maxAmountCents").asLong() : null,
                    node.has("pageSizeMax") ? node.get("pageSizeMax").asLong() : null);
        }
    }

    public void set(Applied a) {
        applied = a;
    }

    public Applied applied() {
        return applied;
    }

    public long version() {
        return applied.version();
    }

    /** A document missing a key falls back to the built-in default of that key. */
    public String banner() {
        String b = applied.document().banner();
        return b != null ? b : defaults.banner() != null ? defaults.banner() : "";
    }

    public long maxAmountCents() {
        Long v = applied.document().maxAmountCents();
        return v != null ? v : defaults.maxAmountCents() != null ? defaults.maxAmountCents() : 0;
    }

    public long pageSizeMax() {
        Long v = applied.document().pageSizeMax();
        return v != null ? v : defaults.pageSizeMax() != null ? defaults.pageSizeMax() : 0;
    }
}
