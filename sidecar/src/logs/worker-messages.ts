// What the main thread and the logs worker say to each other (structured-clone data only).
import type { LogFields, LogLevel } from '../../../library/ts/src/types.js';
import type { LogShipperConfig } from './shipper.js';

export interface LogsWorkerData {
  config: LogShipperConfig;
  /** SharedExportStats' memory: the totals survive the worker. */
  statsBuffer: SharedArrayBuffer;
  level: LogLevel;
}

export type ToLogsWorker =
  | { type: 'emit'; id: number; level: LogLevel; event: string; msg: string; fields?: LogFields }
  | { type: 'level'; level: LogLevel }
  | { type: 'stop'; flushSeconds: number }
  /** The fault switch (spec/faults.md): throw from the shipper's thread, uncaught. */
  | { type: 'fault' };

export type FromLogsWorker = { type: 'ready' } | { type: 'emitted'; id: number; queued: boolean } | { type: 'stopped' };
