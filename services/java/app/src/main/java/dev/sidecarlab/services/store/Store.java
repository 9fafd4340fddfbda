// Opens a service's SQLite database under SCL_DATA_DIR (sqlite-jdbc) in WAL mode.
package dev.sidecarlab.services.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.sqlite.SQLiteConfig;

public final class Store {
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Store() {}

    /**
     * One connection, used under a lock by the service, serializes access as SQLite serializes writers anyway.
     * synchronous=NORMAL in WAL mode makes a commit durable against the process dying (kill -9), not against a
     * power loss. Write transactions begin IMMEDIATE, so two requests with one key cannot both charge.
     */
    public static Connection open(Path dataDir, String name, String schema) throws Exception {
        Files.createDirectories(dataDir);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(5000);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection db = config.createConnection("jdbc:sqlite:" + dataDir.resolve(name));
        try (Statement s = db.createStatement()) {
            for (String statement : schema.split(";")) {
                if (!statement.isBlank()) s.execute(statement);
            }
        }
        return db;
    }

    /** The time stored and answered: RFC 3339 in UTC with milliseconds. */
    public static String now() {
        return MILLIS.format(Instant.now());
    }
}
