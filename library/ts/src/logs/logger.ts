// The structured logger: pino producing spec/log-line.schema.json lines into a line sink.
import { pino, type Logger } from 'pino';
import type { AppLogger, LogFields, LogLevel } from '../types.js';

/** Where finished lines go: the library's bounded queue, or a file in sidecar mode. */
export interface LineSink {
  /** One JSON line, newline included. */
  write(line: string): void;
}

export interface JsonLineLoggerOptions {
  sink: LineSink;
  level: LogLevel;
  /** Default: this process's pid. */
  pid?: number;
}

// Written by the logger itself; a field of the same name from the caller is dropped.
const RESERVED_FIELDS = new Set(['time', 'level', 'msg', 'event', 'seq', 'pid']);
const NO_FIELDS: LogFields = Object.freeze({});

interface OwnFields {
  seq: number;
  event: string;
  [field: string]: unknown;
}

/**
 * `seq` comes from pino's mixin, which pino only calls for records at or above the level: a
 * filtered record takes no seq.
 */
export class JsonLineLogger implements AppLogger {
  private readonly pino: Logger;
  private seq = 0;
  private pendingEvent = '';

  constructor(options: JsonLineLoggerOptions) {
    this.pino = pino(
      {
        level: options.level,
        base: { pid: options.pid ?? process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: (): OwnFields => ({ seq: ++this.seq, event: this.pendingEvent }),
        mixinMergeStrategy: mergeFields,
      },
      options.sink,
    );
  }

  log(level: LogLevel, event: string, msg: string, fields: LogFields = NO_FIELDS): void {
    this.pendingEvent = event;
    this.pino[level](fields, msg);
  }

  setLevel(level: LogLevel): void {
    this.pino.level = level;
  }

  get level(): LogLevel {
    return this.pino.level as LogLevel;
  }

  /** Records written so far (the last seq). */
  get written(): number {
    return this.seq;
  }
}

function mergeFields(fields: object, own: object): object {
  const record = own as OwnFields;
  const given = fields as Record<string, unknown>;
  for (const key in given) {
    const value = given[key];
    if (RESERVED_FIELDS.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
      // defined, not assigned: a field named __proto__ is a field like any other, not the record's prototype
      Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return record;
}

/** The logger of a process with logging disabled: writes nothing. */
export const silentLogger: AppLogger = {
  log: () => undefined,
  setLevel: () => undefined,
};
