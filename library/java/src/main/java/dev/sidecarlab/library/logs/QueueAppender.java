// The logback appender of the logs feature: each event that passed the level filter becomes a numbered record.
package dev.sidecarlab.library.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

final class QueueAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final Logs logs;

    QueueAppender(Logs logs) {
        this.logs = logs;
    }

    @Override
    protected void append(ILoggingEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) fields.putIfAbsent(kv.key, kv.value);
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) fields.putIfAbsent("exception", thrown.getClassName() + ": " + thrown.getMessage());
        long nanos = event.getInstant().getEpochSecond() * 1_000_000_000L
                + event.getInstant().getNano();
        logs.enqueue(nanos, levelName(event.getLevel()), event.getFormattedMessage(), fields);
    }

    /** The schema's four levels; TRACE counts as debug. */
    static String levelName(Level level) {
        if (level.toInt() >= Level.ERROR_INT) return "error";
        if (level.toInt() >= Level.WARN_INT) return "warn";
        if (level.toInt() >= Level.INFO_INT) return "info";
        return "debug";
    }
}
