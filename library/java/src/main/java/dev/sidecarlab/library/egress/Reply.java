// The answer to a call: a downstream's own answer, or one egress synthesized for an error kind.
package dev.sidecarlab.library.egress;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sidecarlab.library.spec.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** @param headers lower-case names */
public record Reply(int status, Map<String, List<String>> headers, byte[] body) {
    /** Names the error kind on a synthesized answer. */
    public static final String ERROR_HEADER = "x-scl-egress-error";

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase());
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The answer of an error kind: its status, a JSON error body from the catalogue, the x-scl-egress-error header. */
    public static Reply synthesized(String kind) {
        String code = Spec.errorKind(kind).path("code").asText();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", Spec.platformMessage(code));
        byte[] body;
        try {
            body = new ObjectMapper().writeValueAsBytes(Map.of("error", error));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/json"));
        headers.put(ERROR_HEADER, List.of(kind));
        return new Reply(Spec.errorKind(kind).path("status").asInt(), headers, body);
    }
}
