// The scl_logs_* metrics of spec/features.json, read from an exporter's totals at scrape time.
import type { Registry } from 'prom-client';
import { setCounterTotal, specCounter, specGauge } from '../metrics/definitions.js';

/** Running totals of an exporter (plain numbers: offer() runs per record). */
export interface LogExportStats {
  queued: number;
  shipped: number;
  droppedQueueFull: number;
  droppedRejected: number;
  exportFailures: number;
}

export interface LogExportReadings {
  readonly stats: LogExportStats;
  readonly queuedRecords: number;
}

export function registerLogsMetrics(registry: Registry, exporter: LogExportReadings): void {
  const { stats } = exporter;
  specCounter(registry, 'scl_logs_records_queued_total', function () {
    setCounterTotal(this, stats.queued);
  });
  specCounter(registry, 'scl_logs_records_shipped_total', function () {
    setCounterTotal(this, stats.shipped);
  });
  specCounter(registry, 'scl_logs_records_dropped_total', function () {
    this.reset();
    this.inc({ reason: 'queue_full' }, stats.droppedQueueFull);
    this.inc({ reason: 'rejected' }, stats.droppedRejected);
  });
  specCounter(registry, 'scl_logs_export_failures_total', function () {
    setCounterTotal(this, stats.exportFailures);
  });
  specGauge(registry, 'scl_logs_queue_records', function () {
    this.set(exporter.queuedRecords);
  });
}
