// The `metrics` feature out of process: the library's metrics, with scl_app_* read from /proc/<app pid>.
import type { Registry } from 'prom-client';
import { MetricsFeature } from '../../../library/ts/src/metrics/feature.js';
import type { AppPidFinder } from './app-pid.js';
import { readProcConstants, sampleProcess, type ProcConstants } from './proc-reader.js';

/**
 * The same unit as the library's (request counter and histogram, business counters, process
 * gauges), fed differently: ingress calls observe(), the local API counts business metrics, and
 * each scrape reads the app's /proc files.
 */
export function createSidecarMetrics(registry: Registry, appPid: AppPidFinder): MetricsFeature {
  let constants: Promise<ProcConstants> | undefined;
  return new MetricsFeature({
    registry,
    sampleProcess: async () => {
      constants ??= readProcConstants();
      const pid = await appPid.current();
      return pid === undefined ? undefined : sampleProcess(pid, await constants);
    },
  });
}
