// What one config answer means: a document to apply, or the reason it is not applied.
package dev.sidecarlab.library.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sidecarlab.library.spec.Spec;
import java.math.BigDecimal;
import java.util.Set;

final class Answer {
    /** The reasons of scl_config_errors_total{reason}. */
    static final String FETCH = "fetch", EMPTY = "empty", INVALID_JSON = "invalid_json", SCHEMA = "schema";

    /** An answer that is not applied, with its metric reason. */
    static final class Rejected extends Exception {
        final String reason;

        Rejected(String reason, String message) {
            super(reason + ": " + message);
            this.reason = reason;
        }
    }

    /** Decimals stay exact, so 10.0 is an integer to the schema and 10.5 is not. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final JsonSchema SCHEMA_OF_CONFIG =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Spec.CONFIG_SCHEMA);
    private static final BigDecimal MAX_SAFE_INTEGER = BigDecimal.valueOf((1L << 53) - 1);

    private Answer() {}

    /** Reads {service, version, config}: empty (no body, null, {}, no config or an empty one), invalid_json or schema. */
    static Document.Applied parse(byte[] body) throws Rejected {
        if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank())
            throw new Rejected(EMPTY, "the answer has no body");
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (Exception e) {
            throw new Rejected(INVALID_JSON, "the answer is not JSON: " + e.getMessage());
        }
        if (parsed == null || parsed.isNull() || parsed.isObject() && parsed.isEmpty())
            throw new Rejected(EMPTY, "the answer is empty");
        if (!parsed.isObject()) throw new Rejected(SCHEMA, "the answer is not an object");
        JsonNode config = parsed.get("config");
        if (config == null || config.isNull() || config.isObject() && config.isEmpty())
            throw new Rejected(EMPTY, "the answer has no config");
        JsonNode version = parsed.get("version");
        if (version == null
                || !version.isNumber()
                || !isInteger(version.decimalValue())
                || version.decimalValue().compareTo(BigDecimal.ONE) < 0
                || version.decimalValue().compareTo(MAX_SAFE_INTEGER) > 0) {
            throw new Rejected(SCHEMA, "version " + version + " is not an integer >= 1");
        }
        return new Document.Applied(version.decimalValue().longValueExact(), validated(config));
    }

    /** Validates a config document against spec/config.schema.json (networknt json-schema-validator). */
    static Document validated(JsonNode config) throws Rejected {
        Set<ValidationMessage> errors = SCHEMA_OF_CONFIG.validate(config);
        if (!errors.isEmpty())
            throw new Rejected(
                    SCHEMA,
                    "config does not match spec/config.schema.json: "
                            + errors.iterator().next().getMessage());
        return Document.of(config);
    }

    private static boolean isInteger(BigDecimal d) {
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }
}
