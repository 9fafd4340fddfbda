// A service error ({"error":{"code","message","field"?}}) with the codes of spec/errors.json.
package dev.sidecarlab.services.httpapi;

import java.util.LinkedHashMap;
import java.util.Map;

public final class ApiError extends RuntimeException {
    public final int status;
    public final String code;
    public final String field;

    public ApiError(int status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** 400 validation_failed naming the first offending field. */
    public static ApiError invalid(String field, String message) {
        return new ApiError(400, "validation_failed", field + ": " + message, field);
    }

    /** 404 not_found; field names the input that pointed nowhere, if any. */
    public static ApiError notFound(String field, String message) {
        return new ApiError(404, "not_found", message, field);
    }

    public static ApiError upstreamFailed(String message) {
        return new ApiError(502, "upstream_failed", message, null);
    }

    public static final ApiError INVALID_JSON = new ApiError(400, "invalid_json", "the body is not valid JSON", null);
    public static final ApiError NOT_AN_OBJECT =
            new ApiError(400, "validation_failed", "the body must be a JSON object", null);
    public static final ApiError TOO_LARGE =
            new ApiError(413, "payload_too_large", "the body is larger than 64 KiB; send a smaller one", null);
    public static final ApiError INTERNAL =
            new ApiError(500, "internal_error", "the service failed unexpectedly; its log has the cause", null);

    public Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", getMessage());
        if (field != null && !field.isEmpty()) error.put("field", field);
        return Map.of("error", error);
    }
}
