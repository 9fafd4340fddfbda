// The payment service: capture payments, idempotent by Idempotency-Key; the payment and its idempotency record
// are written in one transaction, so concurrent requests with one key charge once.
package dev.sidecarlab.services.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sidecarlab.services.httpapi.ApiError;
import dev.sidecarlab.services.httpapi.Fields;
import dev.sidecarlab.services.httpapi.Json;
import dev.sidecarlab.services.httpapi.RequestIds;
import dev.sidecarlab.services.platform.Platform;
import dev.sidecarlab.services.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Payments implements AutoCloseable {
    /** idempotency_keys.request holds the request's fields, to tell a replay from a reuse; response is replayed byte for byte. */
    private static final String SCHEMA = """
        CREATE TABLE IF NOT EXISTS payments (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          customer_id INTEGER NOT NULL,
          amount_cents INTEGER NOT NULL,
          currency TEXT NOT NULL,
          status TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS idempotency_keys (
          key TEXT PRIMARY KEY,
          request TEXT NOT NULL,
          status INTEGER NOT NULL,
          response TEXT NOT NULL
        )""";

    private static final ApiError KEY_REUSED = new ApiError(
            422, "idempotency_key_reused", "this Idempotency-Key was used with a different request body", null);

    private record Charge(long customerId, long amountCents, String currency) {}

    private record Answer(int status, byte[] body, boolean replayed, long id) {}

    private final Connection db;
    private final Platform platform;

    public Payments(Path dataDir, Platform platform) throws Exception {
        this.db = Store.open(dataDir, "payment.db", SCHEMA);
        this.platform = platform;
    }

    public void routes(Javalin app) {
        app.post("/payments", this::capture);
        app.get("/payments/{id}", this::get);
    }

    /** Checks, in this order: the body is JSON, the Idempotency-Key header, the body is an object, its fields. */
    private void capture(Context ctx) throws Exception {
        JsonNode value = Json.decode(Json.readBody(ctx));
        List<String> keys = ctx.req().getHeaders("Idempotency-Key") == null
                ? List.of()
                : java.util.Collections.list(ctx.req().getHeaders("Idempotency-Key"));
        if (!keys.isEmpty() && (keys.size() != 1 || !Fields.validIdempotencyKey(keys.get(0)))) {
            throw ApiError.invalid("Idempotency-Key", "must be 1 to 255 printable ASCII characters without spaces");
        }
        ObjectNode obj = Json.asObject(value);
        long customerId = Fields.id(obj, "customerId");
        long amount = Fields.id(obj, "amountCents");
        long ceiling = platform.config().maxAmountCents();
        if (amount > ceiling) throw ApiError.invalid("amountCents", "must be at most " + ceiling + " (maxAmountCents)");
        Charge charge = new Charge(customerId, amount, Fields.currency(obj, "currency"));
        Answer answer = charge(charge, keys.isEmpty() ? null : keys.get(0));
        if (answer.replayed) {
            ctx.header("Idempotent-Replayed", "true");
        } else {
            captured(ctx, charge, answer.id);
        }
        Json.writeRaw(ctx, answer.status, answer.body);
    }

    /** Reports a payment charged now (not a replay): counters and the payment.captured record. */
    private void captured(Context ctx, Charge c, long id) {
        Map<String, String> labels = Map.of("currency", c.currency());
        platform.count("payments_total", 1, labels); // valid by construction
        platform.count("payment_amount_cents_total", c.amountCents(), labels);
        platform.logger()
                .atInfo()
                .addKeyValue("event", "payment.captured")
                .addKeyValue("request_id", RequestIds.of(ctx))
                .addKeyValue("payment_id", id)
                .addKeyValue("customer_id", c.customerId())
                .addKeyValue("amount_cents", c.amountCents())
                .addKeyValue("currency", c.currency())
                .log("payment " + id + " captured");
    }

    /** Captures the charge, or with a key already used replays the stored answer; one IMMEDIATE transaction. */
    private Answer charge(Charge c, String key) throws Exception {
        String request = c.customerId() + "|" + c.amountCents() + "|" + c.currency();
        synchronized (db) {
            db.setAutoCommit(false);
            try {
                if (key != null) {
                    try (PreparedStatement s = db.prepareStatement(
                            "SELECT request, status, response FROM idempotency_keys WHERE key = ?")) {
                        s.setString(1, key);
                        try (ResultSet rs = s.executeQuery()) {
                            if (rs.next()) {
                                if (!rs.getString(1).equals(request)) throw KEY_REUSED;
                                return new Answer(rs.getInt(2), rs.getBytes(3), true, 0);
                            }
                        }
                    }
                }
                String createdAt = Store.now();
                long id;
                try (PreparedStatement s = db.prepareStatement(
                        "INSERT INTO payments (customer_id, amount_cents, currency, status, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                    s.setLong(1, c.customerId());
                    s.setLong(2, c.amountCents());
                    s.setString(3, c.currency());
                    s.setString(4, "captured");
                    s.setString(5, createdAt);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                byte[] body = Json.MAPPER.writeValueAsBytes(
                        payment(id, c.customerId(), c.amountCents(), c.currency(), "captured", createdAt));
                if (key != null) {
                    try (PreparedStatement s = db.prepareStatement(
                            "INSERT INTO idempotency_keys (key, request, status, response) VALUES (?, ?, ?, ?)")) {
                        s.setString(1, key);
                        s.setString(2, request);
                        s.setInt(3, 201);
                        s.setString(4, new String(body, java.nio.charset.StandardCharsets.UTF_8));
                        s.executeUpdate();
                    }
                }
                db.commit();
                return new Answer(201, body, false, id);
            } finally {
                if (!db.getAutoCommit()) {
                    db.rollback(); // a no-op after commit
                    db.setAutoCommit(true);
                }
            }
        }
    }

    private static Map<String, Object> payment(
            long id, long customerId, long amountCents, String currency, String status, String createdAt) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", id);
        p.put("customerId", customerId);
        p.put("amountCents", amountCents);
        p.put("currency", currency);
        p.put("status", status);
        p.put("createdAt", createdAt);
        return p;
    }

    private void get(Context ctx) throws Exception {
        long id = Fields.integerText(ctx.pathParam("id"));
        if (id < 1 || id > Fields.MAX_SAFE_INTEGER)
            throw ApiError.invalid("id", "must be an integer from 1 to 9007199254740991");
        Map<String, Object> found = null;
        synchronized (db) {
            try (PreparedStatement s = db.prepareStatement(
                    "SELECT id, customer_id, amount_cents, currency, status, created_at FROM payments WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next())
                        found = payment(
                                rs.getLong(1),
                                rs.getLong(2),
                                rs.getLong(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6));
                }
            }
        }
        if (found == null) throw ApiError.notFound(null, "no payment with id " + id);
        Json.write(ctx, 200, found);
    }

    @Override
    public void close() throws SQLException {
        synchronized (db) {
            db.close();
        }
    }
}
