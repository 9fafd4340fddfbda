// The request id: taken from x-request-id or generated, echoed, and sent on outbound calls.
package dev.sidecarlab.services.httpapi;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;

public final class RequestIds {
    /** An incoming x-request-id worth keeping: 1 to 128 printable ASCII characters. */
    private static final Pattern REUSABLE = Pattern.compile("^[\\x21-\\x7e]{1,128}$");

    private static final String ATTRIBUTE = "scl.requestId";

    private RequestIds() {}

    /** A before-handler: every request has an id, and the answer echoes it. */
    public static void assign(Context ctx) {
        String id = ctx.header("X-Request-Id");
        if (id == null || !REUSABLE.matcher(id).matches())
            id = UUID.randomUUID().toString();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header("X-Request-Id", id);
    }

    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id != null ? id : "";
    }
}
