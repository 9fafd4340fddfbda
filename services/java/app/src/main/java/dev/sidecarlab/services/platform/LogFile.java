// The app's log file in sidecar mode: a logback appender writing one JSON line per record
// (spec/log-line.schema.json). Each record is one write(2) on a file opened with O_APPEND and no buffer in the
// process: a line the app logged is in the kernel once the call returns, so kill -9 loses nothing already
// logged (a power loss may: nothing is fsynced). SIGHUP reopens the path after a rotation by rename.
package dev.sidecarlab.services.platform;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.event.KeyValuePair;

final class LogFile extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Fields the line sets itself: a caller's field of the same name is dropped (event is the caller's to set). */
    private static final Set<String> RECORD_FIELDS = Set.of("time", "level", "msg", "seq", "pid");

    private final Path path;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong seq = new AtomicLong();
    private final long pid = ProcessHandle.current().pid();
    private final ch.qos.logback.classic.Logger logger;
    private FileOutputStream file;

    LogFile(Path path) throws IOException {
        this.path = path;
        open();
        LoggerContext context = new LoggerContext(); // of its own: the server's diagnostics stay out of the file
        setContext(context);
        start();
        logger = context.getLogger("app");
        logger.setAdditive(false);
        logger.addAppender(this);
        logger.setLevel(Level.INFO);
    }

    ch.qos.logback.classic.Logger logger() {
        return logger;
    }

    private void open() throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        file = new FileOutputStream(path.toFile(), true);
    }

    @Override
    protected void append(ILoggingEvent event) {
        byte[] line;
        try {
            line = encode(event);
        } catch (IOException e) {
            return; // a record Jackson cannot write is dropped, never thrown at the app
        }
        lock.readLock().lock();
        try {
            file.write(line);
        } catch (IOException e) {
            // the disk is full or the file went away: logging never fails the request
        } finally {
            lock.readLock().unlock();
        }
    }

    private byte[] encode(ILoggingEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", TIME.format(event.getInstant()));
            g.writeStringField("level", levelName(event.getLevel()));
            g.writeStringField("msg", event.getFormattedMessage());
            boolean hasEvent = false;
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair kv : event.getKeyValuePairs()) {
                    if (RECORD_FIELDS.contains(kv.key)) continue;
                    if (kv.key.equals("event")) {
                        if (hasEvent || !(kv.value instanceof String)) continue;
                        hasEvent = true;
                    }
                    writeValue(g, kv.key, kv.value);
                }
            }
            if (!hasEvent) g.writeStringField("event", "app.log");
            g.writeNumberField("seq", seq.incrementAndGet());
            g.writeNumberField("pid", pid);
            g.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** A value that is not a string, boolean or finite number is dropped. */
    private static void writeValue(JsonGenerator g, String key, Object value) throws IOException {
        if (value instanceof String s) {
            g.writeStringField(key, s);
        } else if (value instanceof Boolean b) {
            g.writeBooleanField(key, b);
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            g.writeNumberField(key, ((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) g.writeNumberField(key, d);
        }
    }

    static String levelName(Level level) {
        if (level.toInt() >= Level.ERROR_INT) return "error";
        if (level.toInt() >= Level.WARN_INT) return "warn";
        if (level.toInt() >= Level.INFO_INT) return "info";
        return "debug";
    }

    /** Follows a rotation by rename: logrotate moves the file away, then sends SIGHUP. */
    void reopen() {
        lock.writeLock().lock();
        try {
            FileOutputStream old = file;
            try {
                open();
                old.close();
            } catch (IOException e) {
                file = old; // keep writing where we can
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    void close() {
        lock.writeLock().lock();
        try {
            file.close();
        } catch (IOException e) {
            // nothing left to write to
        } finally {
            lock.writeLock().unlock();
        }
    }
}
