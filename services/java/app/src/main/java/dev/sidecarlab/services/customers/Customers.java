// The customers service: create, list and read customers in SQLite.
package dev.sidecarlab.services.customers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sidecarlab.services.appconfig.AppConfig;
import dev.sidecarlab.services.httpapi.ApiError;
import dev.sidecarlab.services.httpapi.Fields;
import dev.sidecarlab.services.httpapi.Json;
import dev.sidecarlab.services.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

public final class Customers implements AutoCloseable {
    private static final String SCHEMA = """
        CREATE TABLE IF NOT EXISTS customers (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL,
          email TEXT NOT NULL,
          created_at TEXT NOT NULL
        )""";
    /** The spec's ^[^@\s]+@[^@\s]+\.[^@\s]+$ with ECMA-262's \s spelled out (Java's \s is ASCII only). */
    private static final String NOT_AT_OR_SPACE = "[^@" + Fields.ECMA_SPACE + "]+";

    private static final Pattern EMAIL =
            Pattern.compile("^" + NOT_AT_OR_SPACE + "@" + NOT_AT_OR_SPACE + "\\." + NOT_AT_OR_SPACE + "$");

    private final Connection db;
    private final AppConfig config;

    public Customers(Path dataDir, AppConfig config) throws Exception {
        this.db = Store.open(dataDir, "customers.db", SCHEMA);
        this.config = config;
    }

    /** The customers paths of spec/services.openapi.yaml. */
    public void routes(Javalin app) {
        app.post("/customers", this::create);
        app.get("/customers", this::list);
        app.get("/customers/{id}", this::get);
    }

    private static Map<String, Object> customer(long id, String name, String email, String createdAt) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", name);
        c.put("email", email);
        c.put("createdAt", createdAt);
        return c;
    }

    private void create(Context ctx) throws Exception {
        ObjectNode obj = Json.decodeObject(Json.readBody(ctx));
        String name = Fields.string(obj, "name");
        if (!Fields.notBlank(name) || Fields.length(name) > 100)
            throw ApiError.invalid("name", "must be 1 to 100 characters, not blank");
        String email = Fields.string(obj, "email");
        if (Fields.length(email) > 254 || !EMAIL.matcher(email).matches()) {
            throw ApiError.invalid("email", "must be an email address of at most 254 characters");
        }
        String createdAt = Store.now();
        long id;
        synchronized (db) {
            try (PreparedStatement s = db.prepareStatement(
                    "INSERT INTO customers (name, email, created_at) VALUES (?, ?, ?) RETURNING id")) {
                s.setString(1, name);
                s.setString(2, email);
                s.setString(3, createdAt);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
        }
        Json.write(ctx, 201, customer(id, name, email, createdAt));
    }

    private void list(Context ctx) throws Exception {
        long limit = 20, after = 0;
        // a parameter given more than once is as invalid as a malformed one (queryParam would take the first)
        for (String name : List.of("limit", "after")) {
            if (ctx.queryParams(name).size() > 1) throw ApiError.invalid(name, "must be given once");
        }
        if (ctx.queryParamMap().containsKey("limit")) {
            long v = Fields.integerText(ctx.queryParam("limit"));
            long max = config.pageSizeMax();
            if (v < 1 || v > max) throw ApiError.invalid("limit", "must be an integer from 1 to " + max);
            limit = v;
        }
        if (ctx.queryParamMap().containsKey("after")) {
            long v = Fields.integerText(ctx.queryParam("after"));
            if (v < 0 || v > Fields.MAX_SAFE_INTEGER) throw ApiError.invalid("after", "must be an integer >= 0");
            after = v;
        }
        List<Map<String, Object>> items = new ArrayList<>();
        synchronized (db) {
            // one row more than the page tells whether a next page exists
            try (PreparedStatement s = db.prepareStatement(
                    "SELECT id, name, email, created_at FROM customers WHERE id > ? ORDER BY id LIMIT ?")) {
                s.setLong(1, after);
                s.setLong(2, limit + 1);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next())
                        items.add(customer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        Object nextAfter = null;
        if (items.size() > limit) {
            items = items.subList(0, (int) limit);
            nextAfter = items.get((int) limit - 1).get("id");
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("nextAfter", nextAfter);
        Json.write(ctx, 200, page);
    }

    private void get(Context ctx) throws Exception {
        long id = Fields.integerText(ctx.pathParam("id"));
        if (id < 1 || id > Fields.MAX_SAFE_INTEGER)
            throw ApiError.invalid("id", "must be an integer from 1 to 9007199254740991");
        Map<String, Object> found = null;
        synchronized (db) {
            try (PreparedStatement s =
                    db.prepareStatement("SELECT id, name, email, created_at FROM customers WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) found = customer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
                }
            }
        }
        if (found == null) throw ApiError.notFound(null, "no customer with id " + id);
        Json.write(ctx, 200, found);
    }

    @Override
    public void close() throws SQLException {
        synchronized (db) {
            db.close();
        }
    }
}
