// The web service: the home page, the checkout page, and the checkout that calls customers and payment.
package dev.sidecarlab.services.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sidecarlab.services.httpapi.ApiError;
import dev.sidecarlab.services.httpapi.Fields;
import dev.sidecarlab.services.httpapi.Json;
import dev.sidecarlab.services.httpapi.RequestIds;
import dev.sidecarlab.services.platform.Peers;
import dev.sidecarlab.services.platform.Platform;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

public final class Web {
    private static final String HTML = "text/html; charset=utf-8";

    private record Order(long customerId, long amountCents, String currency, String key) {}

    /** A peer's answer, or why there is none. */
    private record Outcome(int status, byte[] body, boolean fromEgress, String error) {}

    private final Platform platform;
    private final String checkoutPage;

    public Web(Platform platform) throws IOException {
        this.platform = platform;
        try (InputStream in = Web.class.getResourceAsStream("/checkout.html")) {
            checkoutPage = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The web paths of spec/services.openapi.yaml. */
    public void routes(Javalin app) {
        app.get("/", this::home);
        app.get("/checkout", ctx -> ctx.contentType(HTML).result(checkoutPage));
        app.post("/checkout", this::checkout);
    }

    private void home(Context ctx) {
        ctx.contentType(HTML)
                .result(
                        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sidecar-lab shop</title></head>\n"
                                + "<body><h1>" + escape(platform.config().banner())
                                + "</h1><p><a href=\"/checkout\">Check out</a></p></body></html>\n");
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Answers, and counts checkouts_total{outcome}. */
    private void checkout(Context ctx) throws Exception {
        String outcome = "invalid";
        try {
            outcome = serveCheckout(ctx);
        } finally {
            platform.count("checkouts_total", 1, Map.of("outcome", outcome));
        }
    }

    private String serveCheckout(Context ctx) throws Exception {
        Order o = readOrder(ctx);
        Outcome found = call(ctx, "GET", "customers", "/customers/" + o.customerId, null, null);
        if (found.status == 404 && !found.fromEgress) {
            Json.writeError(ctx, ApiError.notFound("customerId", "no customer with id " + o.customerId));
            return "unknown_customer";
        }
        if (found.status != 200 || !isObject(found.body)) return upstreamFailed(ctx, "customers", found);
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("customerId", o.customerId);
        charge.put("amountCents", o.amountCents);
        charge.put("currency", o.currency);
        Outcome paid = call(ctx, "POST", "payment", "/payments", Json.MAPPER.writeValueAsBytes(charge), o.key);
        if ((paid.status == 400 || paid.status == 422) && !paid.fromEgress) {
            Json.writeRaw(ctx, paid.status, paid.body); // payment's own refusal is the client's to fix
            return "payment_rejected";
        }
        if (paid.status != 201 || !isObject(paid.body)) return upstreamFailed(ctx, "payment", paid);
        Map<String, JsonNode> answer = new LinkedHashMap<>();
        answer.put("customer", Json.MAPPER.readTree(found.body));
        answer.put("payment", Json.MAPPER.readTree(paid.body));
        Json.write(ctx, 201, answer);
        return "paid";
    }

    private static String upstreamFailed(Context ctx, String service, Outcome o) {
        Json.writeError(
                ctx,
                ApiError.upstreamFailed(service + " failed: " + (o.error != null ? o.error : "status " + o.status)));
        return "upstream_failed";
    }

    private static Order readOrder(Context ctx) throws IOException {
        ObjectNode obj = Json.decodeObject(Json.readBody(ctx));
        long customerId = Fields.id(obj, "customerId");
        long amountCents = Fields.id(obj, "amountCents");
        String currency = Fields.currency(obj, "currency");
        JsonNode raw = obj.get("idempotencyKey");
        if (raw == null)
            return new Order(
                    customerId,
                    amountCents,
                    currency,
                    UUID.randomUUID().toString()); // a fresh key still lets egress retry the charge safely
        if (raw.isTextual() && Fields.validIdempotencyKey(raw.textValue()))
            return new Order(customerId, amountCents, currency, raw.textValue());
        throw ApiError.invalid("idempotencyKey", "must be 1 to 255 printable ASCII characters without spaces");
    }

    private Outcome call(Context ctx, String method, String service, String path, byte[] body, String idempotencyKey)
            throws InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (body != null) headers.put("Content-Type", "application/json");
        if (idempotencyKey != null) headers.put("Idempotency-Key", idempotencyKey);
        try {
            Peers.Answer a = platform.call(new Peers.Request(service, method, path, headers, body, RequestIds.of(ctx)));
            return new Outcome(a.status(), a.body(), a.fromEgress(), null);
        } catch (IOException e) {
            return new Outcome(0, null, false, e.toString());
        }
    }

    private static boolean isObject(byte[] body) {
        try {
            return body != null && Json.MAPPER.readTree(body).isObject();
        } catch (IOException e) {
            return false;
        }
    }
}
