// One log record, numbered, not yet encoded: encoding happens on the exporter thread, off the request path.
package dev.sidecarlab.library.logs;

import java.util.Map;

/** @param level one of debug, info, warn, error; @param fields the caller's flat fields, in order */
record LogRecord(long epochNanos, String level, String msg, long seq, long pid, Map<String, Object> fields) {}
