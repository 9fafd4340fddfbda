// A service's config document (spec/config.schema.json); an absent key is null. Applied is a document in use.
package dev.sidecarlab.library.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sidecarlab.library.spec.Spec;

public record Document(String logLevel, String banner, Long maxAmountCents, Long pageSizeMax) {

    /** A document in use; version 0 is the built-in defaults. */
    public record Applied(long version, Document document) {}

    /** The built-in document of a service (spec/config.defaults.json). */
    public static Document defaults(String service) {
        JsonNode node = Spec.CONFIG_DEFAULTS.get(service);
        if (node == null)
            throw new IllegalArgumentException("config.defaults.json has no defaults for service \"" + service + "\"");
        return of(node);
    }

    /** Reads a node that the schema already validated. */
    static Document of(JsonNode node) {
        return new Document(
                node.path("logLevel").asText(),
                node.has("banner") ? node.get("banner").asText() : null,
                node.has("maxAmountCents")
                        ? node.get("maxAmountCents").decimalValue().longValue()
                        : null,
                node.has("pageSizeMax") ? node.get("pageSizeMax").decimalValue().longValue() : null);
    }
}
