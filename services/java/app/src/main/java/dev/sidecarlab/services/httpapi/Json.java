// JSON bodies: 64 KiB at most, exactly one value, numbers kept exact; answers written as JSON.
package dev.sidecarlab.services.httpapi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;

public final class Json {
    /** The largest body a service accepts (spec/services.openapi.yaml). */
    public static final int MAX_BODY_BYTES = 64 << 10;

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    public static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private Json() {}

    /** Reads the whole body, or fails with 413 beyond MAX_BODY_BYTES. */
    public static byte[] readBody(Context ctx) throws IOException {
        byte[] body = ctx.req().getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) throw ApiError.TOO_LARGE;
        return body;
    }

    /** Parses exactly one JSON value; anything else is invalid_json. */
    public static JsonNode decode(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) throw ApiError.INVALID_JSON;
            return node;
        } catch (IOException e) {
            throw ApiError.INVALID_JSON;
        }
    }

    /** One JSON object; another JSON value is validation_failed without a field. */
    public static ObjectNode decodeObject(byte[] body) {
        return asObject(decode(body));
    }

    public static ObjectNode asObject(JsonNode node) {
        if (!node.isObject()) throw ApiError.NOT_AN_OBJECT;
        return (ObjectNode) node;
    }

    public static void write(Context ctx, int status, Object value) {
        try {
            writeRaw(ctx, status, MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void writeRaw(Context ctx, int status, byte[] body) {
        ctx.status(status).contentType(CONTENT_TYPE).result(body);
    }

    public static void writeError(Context ctx, ApiError e) {
        write(ctx, e.status, e.body());
    }
}
