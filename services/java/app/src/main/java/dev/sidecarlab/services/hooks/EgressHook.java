// POST /_scl/egress: one outbound call the way this mode makes it, reported as {status, headers, body}.
package dev.sidecarlab.services.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sidecarlab.services.httpapi.ApiError;
import dev.sidecarlab.services.httpapi.Fields;
import dev.sidecarlab.services.httpapi.Json;
import dev.sidecarlab.services.httpapi.RequestIds;
import dev.sidecarlab.services.platform.Peers;
import dev.sidecarlab.services.platform.Platform;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

final class EgressHook {
    private static final Pattern METHOD = Pattern.compile("^[A-Za-z]{1,20}$");

    private EgressHook() {}

    static void serve(Context ctx, Platform platform) throws Exception {
        ObjectNode obj = Json.decodeObject(Json.readBody(ctx));
        String service = Fields.string(obj, "service");
        if (service.isBlank() || Fields.length(service) > 100)
            throw ApiError.invalid("service", "must be a service name of at most 100 characters");
        String method = Fields.string(obj, "method");
        if (!METHOD.matcher(method).matches()) throw ApiError.invalid("method", "must be an HTTP method such as GET");
        String path = Fields.string(obj, "path");
        if (!path.startsWith("/") || Fields.length(path) > 8192)
            throw ApiError.invalid("path", "must start with / and be at most 8192 characters");
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = null;
        if (obj.has("body")) {
            body = Json.MAPPER.writeValueAsBytes(obj.get("body"));
            headers.put("Content-Type", "application/json");
        }
        JsonNode raw = obj.get("headers");
        if (raw != null) {
            if (!raw.isObject()) throw ApiError.invalid("headers", "must be an object of strings");
            for (Map.Entry<String, JsonNode> h : raw.properties()) {
                if (!h.getValue().isTextual()) throw ApiError.invalid("headers." + h.getKey(), "must be a string");
                headers.keySet().removeIf(name -> name.equalsIgnoreCase(h.getKey()));
                headers.put(h.getKey(), h.getValue().textValue());
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        try {
            Peers.Answer a = platform.call(new Peers.Request(
                    service, method.toUpperCase(Locale.ROOT), path, headers, body, RequestIds.of(ctx)));
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            a.headers().forEach((name, values) -> answerHeaders.put(name, String.join(", ", values)));
            report.put("status", a.status());
            report.put("headers", answerHeaders);
            report.put("body", new String(a.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            report = failedCall(e);
        }
        Json.write(ctx, 200, report);
    }

    /** A call the plain client could not make, reported as egress would answer it. */
    private static Map<String, Object> failedCall(IOException e) {
        String kind = e instanceof Peers.UnknownPeer
                ? "unknown_service"
                : e instanceof HttpTimeoutException || e.getCause() instanceof HttpTimeoutException
                        ? "timeout"
                        : "connect_error";
        int status = kind.equals("timeout") ? 504 : 502;
        String code = switch (kind) {
            case "unknown_service" -> "SCL_ERR_EGRESS_UNKNOWN_SERVICE";
            case "timeout" -> "SCL_ERR_EGRESS_TIMEOUT";
            default -> "SCL_ERR_EGRESS_CONNECT";
        };
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", String.valueOf(e.getMessage()));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", status);
        report.put("headers", Map.of("content-type", "application/json", "x-scl-egress-error", kind));
        try {
            report.put("body", Json.MAPPER.writeValueAsString(Map.of("error", error)));
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return report;
    }
}
