// The app's log file in sidecar mode: JSON lines of spec/log-line.schema.json, appended through a buffer.
import pino from 'pino';
import type { Exchange, LogFields, LogLevel } from './platform.js';

export interface LogFile {
  write(level: LogLevel, event: string, msg: string, fields?: LogFields): void;
  /** One access record per request (spec/features.md logs). */
  access(exchange: Exchange): void;
  setLevel(level: LogLevel): void;
  /** Reopens the path after a rotation by rename (spec/start-contract.md: SIGHUP). */
  reopen(): void;
  /** Writes what is buffered and closes the file. */
  close(): Promise<void>;
}

const CLOSE_TIMEOUT_MILLIS = 5_000;

/**
 * Lines go to a sonic-boom stream with sync:false: a record is copied into a memory buffer and
 * written with write(2) as soon as the previous write returned, so the request path never waits
 * for the disk. What kill -9 loses: only the records still in that buffer, i.e. those logged
 * while a write was in flight (typically well under a millisecond's worth). Lines already
 * written sit in the kernel's page cache and survive the process; a line is never torn, since
 * each write(2) to a regular file carries whole lines. A graceful stop flushes the buffer.
 */
export function openLogFile(file: string, level: LogLevel): LogFile {
  let seq = 0;
  const destination = pino.destination({ dest: file, sync: false, mkdir: true, append: true });
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Called only for records at or above the level, so a filtered record takes no seq.
      mixin: () => ({ seq: ++seq }),
      // Spread, not pino's default Object.assign: a field named __proto__ stays a field instead of setting the prototype.
      mixinMergeStrategy: (fields, own) => ({ ...own, ...fields }),
    },
    destination,
  );

  return {
    write(recordLevel, event, msg, fields) {
      logger[recordLevel](fields === undefined ? { event } : { ...fields, event }, msg);
    },
    access(exchange) {
      logger.info(
        {
          event: 'http.request',
          request_id: exchange.requestId,
          http_route: exchange.route,
          http_method: exchange.method,
          http_status: exchange.status,
          duration_seconds: exchange.durationSeconds,
        },
        'request completed',
      );
    },
    setLevel(newLevel) {
      logger.level = newLevel;
    },
    reopen() {
      destination.reopen();
    },
    close() {
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, CLOSE_TIMEOUT_MILLIS);
        destination.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        destination.end();
      });
    },
  };
}
