// OTLP/HTTP JSON encoding of a batch (ExportLogsServiceRequest, spec/features.md "Export").
package dev.sidecarlab.library.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sidecarlab.library.spec.Spec;
import java.util.List;
import java.util.Map;
import java.util.Set;

final class Otlp {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Fields the record sets itself: a caller's field of the same name is dropped. */
    private static final Set<String> RECORD_FIELDS = Set.of("time", "level", "msg", "event", "seq", "pid");
    /** Names a record the app wrote without an event, which the schema requires. */
    static final String DEFAULT_EVENT = "app.log";

    private Otlp() {}

    static byte[] encodeBatch(Resource res, List<LogRecord> batch, long observedNanos) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode resourceLogs = root.putArray("resourceLogs").addObject();
        ArrayNode resAttrs = resourceLogs.putObject("resource").putArray("attributes");
        stringAttr(resAttrs, "service.name", res.service());
        stringAttr(resAttrs, "service.instance.id", res.instanceId());
        stringAttr(resAttrs, "scl.mode", res.mode());
        stringAttr(resAttrs, "scl.lang", res.lang());
        ObjectNode scopeLogs = resourceLogs.putArray("scopeLogs").addObject();
        scopeLogs.putObject("scope").put("name", Spec.scopeName());
        ArrayNode records = scopeLogs.putArray("logRecords");
        String observed = Long.toString(observedNanos);
        for (LogRecord r : batch) {
            ObjectNode out = records.addObject();
            out.put("timeUnixNano", Long.toString(r.epochNanos()));
            out.put("observedTimeUnixNano", observed);
            out.put("severityNumber", Spec.severityNumber(r.level()));
            out.put("severityText", r.level().toUpperCase());
            out.putObject("body").put("stringValue", r.msg());
            ArrayNode attrs = out.putArray("attributes");
            String event = r.fields().get("event") instanceof String s ? s : DEFAULT_EVENT;
            stringAttr(attrs, "event", event);
            for (Map.Entry<String, Object> f : r.fields().entrySet()) {
                if (!RECORD_FIELDS.contains(f.getKey())) addValue(attrs, f.getKey(), f.getValue());
            }
            attrs.addObject().put("key", "seq").putObject("value").put("intValue", Long.toString(r.seq()));
            attrs.addObject().put("key", "pid").putObject("value").put("intValue", Long.toString(r.pid()));
        }
        return JSON.writeValueAsBytes(root);
    }

    private static void stringAttr(ArrayNode attrs, String key, String value) {
        attrs.addObject().put("key", key).putObject("value").put("stringValue", value);
    }

    /**
     * Types a value by its Java type: integral types are an intValue (a decimal string), float and double a
     * doubleValue even when whole; a value that is not a string, boolean or finite number is dropped.
     */
    private static void addValue(ArrayNode attrs, String key, Object value) {
        if (value instanceof String s) {
            stringAttr(attrs, key, s);
        } else if (value instanceof Boolean b) {
            attrs.addObject().put("key", key).putObject("value").put("boolValue", b);
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            attrs.addObject().put("key", key).putObject("value").put("intValue", value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d))
                attrs.addObject().put("key", key).putObject("value").put("doubleValue", d);
        }
    }
}
