// The /_scl/* conformance hooks (SCL_TEST_HOOKS=1): each drives a feature through the app the way the app itself
// uses it, whatever the mode.
package dev.sidecarlab.services.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sidecarlab.services.httpapi.ApiError;
import dev.sidecarlab.services.httpapi.Fields;
import dev.sidecarlab.services.httpapi.Json;
import dev.sidecarlab.services.platform.CounterRules;
import dev.sidecarlab.services.platform.Platform;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

public final class Hooks {
    private static final List<String> LEVELS = List.of("debug", "info", "warn", "error");
    private static final Pattern EVENT = Pattern.compile("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$");
    private static final List<String> RESERVED = List.of("time", "level", "msg", "event", "seq", "pid");
    private static final long MAX_LOG_COUNT = 100_000;
    /** A lone surrogate: Jackson keeps an escaped one ("\\ud800"); a valid pair is one code point outside this category. */
    private static final Pattern LONE_SURROGATE = Pattern.compile("\\p{Cs}");

    private final Platform platform;

    private Hooks(Platform platform) {
        this.platform = platform;
    }

    public static void routes(Javalin app, Platform platform) {
        Hooks h = new Hooks(platform);
        app.post("/_scl/egress", ctx -> EgressHook.serve(ctx, platform));
        app.post("/_scl/log", h::log);
        app.post("/_scl/metric", h::metric);
        app.get(
                "/_scl/config",
                ctx -> Json.write(ctx, 200, platform.config().applied().json()));
    }

    /** Writes count records (a flood when count is large) through the mode's logger. */
    private void log(Context ctx) throws Exception {
        ObjectNode obj = Json.decodeObject(Json.readBody(ctx));
        JsonNode levelNode = obj.get("level");
        if (levelNode == null || !levelNode.isTextual() || !LEVELS.contains(levelNode.textValue())) {
            throw ApiError.invalid("level", "must be one of debug, info, warn, error");
        }
        String event = Fields.string(obj, "event");
        if (Fields.length(event) > 200 || !EVENT.matcher(event).matches()) {
            throw ApiError.invalid("event", "must be a dotted lower-case name such as payment.captured");
        }
        String msg = wellFormed(Fields.string(obj, "msg"));
        if (Fields.length(msg) > 65536) throw ApiError.invalid("msg", "must be at most 65536 characters");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", event);
        JsonNode raw = obj.get("fields");
        if (raw != null) {
            if (!raw.isObject()) throw ApiError.invalid("fields", "must be an object");
            for (Map.Entry<String, JsonNode> f : raw.properties()) {
                if (RESERVED.contains(f.getKey()))
                    throw ApiError.invalid("fields." + f.getKey(), "is set by the logger and cannot be given");
                Object value = fieldValue(f.getValue());
                if (value == null)
                    throw ApiError.invalid("fields." + f.getKey(), "must be a string, number or boolean");
                fields.put(wellFormed(f.getKey()), value);
            }
        }
        long count = 1;
        if (obj.has("count")) {
            try {
                count = Fields.id(obj, "count");
            } catch (ApiError e) {
                count = -1;
            }
            if (count < 1 || count > MAX_LOG_COUNT)
                throw ApiError.invalid("count", "must be an integer from 1 to 100000");
        }
        Level level = Level.valueOf(levelNode.textValue().toUpperCase());
        for (long i = 0; i < count; i++) {
            LoggingEventBuilder record = platform.logger().atLevel(level);
            for (Map.Entry<String, Object> f : fields.entrySet()) record = record.addKeyValue(f.getKey(), f.getValue());
            record.log(msg);
        }
        ctx.status(204);
    }

    /** Types a JSON value as the spec does: a safe integer is an integer (10.0 included), any other number a double. */
    private static Object fieldValue(JsonNode v) {
        if (v.isTextual()) return wellFormed(v.textValue());
        if (v.isBoolean()) return v.booleanValue();
        if (v.isNumber()) {
            BigDecimal i = Fields.integer(v);
            if (i != null && i.abs().compareTo(BigDecimal.valueOf(Fields.MAX_SAFE_INTEGER)) <= 0)
                return i.longValueExact();
            double d = v.doubleValue(); // 1e400 is Infinity: refused like any value that is not a finite number
            return Double.isFinite(d) ? d : null;
        }
        return null;
    }

    /** Each lone surrogate becomes U+FFFD, as Go's and Node's UTF-8 decoders do. */
    private static String wellFormed(String text) {
        return LONE_SURROGATE.matcher(text).replaceAll("\uFFFD");
    }

    /** Adds to a business counter; the input is checked in the order name, value, labels. */
    private void metric(Context ctx) throws Exception {
        ObjectNode obj = Json.decodeObject(Json.readBody(ctx));
        String name =
                obj.path("name").isTextual() ? obj.get("name").textValue() : ""; // not a string fails the name rule
        double value = obj.path("value").isNumber()
                ? obj.get("value").doubleValue()
                : Double.NaN; // nor a number the value rule
        Map<String, String> labels = null;
        ApiError labelsError = null;
        JsonNode raw = obj.get("labels");
        if (raw != null) {
            labels = new LinkedHashMap<>();
            if (!raw.isObject()) {
                labelsError = ApiError.invalid("labels", "must be an object of strings");
            } else {
                for (Map.Entry<String, JsonNode> l : raw.properties()) {
                    if (!l.getValue().isTextual())
                        labelsError = ApiError.invalid("labels", "must be an object of strings");
                    else labels.put(l.getKey(), l.getValue().textValue());
                }
            }
        }
        CounterRules.check(name, value, labels);
        if (labelsError != null) throw labelsError;
        platform.count(name, value, labels);
        ctx.status(204);
    }
}
