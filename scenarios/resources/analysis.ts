// From resources runs to per-mode medians by role (idle and loaded), startup time, and /proc agreement.
import type { ResourcesData } from './run.js';
import type { Lang, Mode } from '../../scripts/results/types.js';
import type { Role } from '../../scripts/sampling/sampler.js';
import { estimateDifference, estimateMedian, median, type Difference, type Estimate } from '../../scripts/stats/summary.js';

export interface RoleFigure {
  role: Role;
  idleCpuCores: Estimate | null;
  idleRssBytes: Estimate | null;
  /** RssAnon at idle: the private memory an idle instance holds. */
  idleAnonBytes: Estimate | null;
  loadedCpuMillisPer1000: Estimate | null;
  loadedRssBytes: Estimate | null;
  /** RssAnon (private memory) and Pss under load: RSS counts shared file-backed pages (node's binary) in full. */
  loadedAnonBytes: Estimate | null;
  loadedPssBytes: Estimate | null;
}

export interface ModeResources {
  lang: Lang;
  mode: Mode;
  startupSeconds: Estimate | null;
  /** Startup of this mode minus mode none's. */
  startupAddedSeconds: Difference | null;
  roles: RoleFigure[];
  /** App + sidecar (or HAProxy) per 1000 requests, over valid loaded windows. */
  instanceCpuMillisPer1000: Estimate | null;
  /** The rate of the loaded windows: CPU per request depends on it (wake-ups and background work are shared by fewer requests at a low rate). */
  loadedRatePerSecond: number | null;
  invalidLoadedRuns: number;
}

/** The processes of one instance: the app, and what stands beside it (the sidecar or agent, or mode native's HAProxy). */
export const INSTANCE_ROLES: Role[] = ['app', 'sidecar', 'proxy'];

/** A role as a cell's figures name it: in mode agent the sidecar role is the host's agent (here serving the one app). */
export function roleLabel(mode: Mode, role: Role): string {
  return mode === 'agent' && role === 'sidecar' ? 'agent' : role;
}

export function analyzeResources(data: ResourcesData): ModeResources[] {
  const keys = [...new Set(data.runs.map((run) => `${run.lang}|${run.mode}`))];
  return keys.map((key) => {
    const [lang, mode] = key.split('|') as [Lang, Mode];
    const runs = data.runs.filter((run) => run.lang === lang && run.mode === mode);
    const valid = runs.filter((run) => run.validity.valid);
    const baseline = data.runs.filter((run) => run.lang === lang && run.mode === 'none');
    const roles = [...new Set(runs.flatMap((run) => [...run.idle, ...run.loaded].map((window) => window.role)))];
    return {
      lang,
      mode,
      loadedRatePerSecond: runs[0]?.ratePerSecond ?? null,
      startupSeconds: estimateMedian(runs.map((run) => run.startupSeconds)),
      startupAddedSeconds:
        mode === 'none'
          ? null
          : estimateDifference(
              baseline.map((run) => run.startupSeconds),
              runs.map((run) => run.startupSeconds),
            ),
      roles: roles.map((role) => {
        const idle = runs.map((run) => run.idle.find((window) => window.role === role)).filter((window) => window !== undefined);
        const loaded = valid.map((run) => run.loaded.find((window) => window.role === role)).filter((window) => window !== undefined);
        return {
          role,
          idleCpuCores: estimateMedian(
            runs.flatMap((run) => {
              const window = run.idle.find((one) => one.role === role);
              return window?.cpuSeconds != null ? [window.cpuSeconds / run.idleSeconds] : [];
            }),
          ),
          idleRssBytes: estimateMedian(idle.flatMap((window) => (window.rssBytes === null ? [] : [window.rssBytes]))),
          idleAnonBytes: estimateMedian(idle.flatMap((window) => (window.anonBytes == null ? [] : [window.anonBytes]))),
          loadedCpuMillisPer1000: estimateMedian(
            loaded.flatMap((window) => (window.cpuMillisPer1000Requests === null ? [] : [window.cpuMillisPer1000Requests])),
          ),
          loadedRssBytes: estimateMedian(loaded.flatMap((window) => (window.rssBytes === null ? [] : [window.rssBytes]))),
          loadedAnonBytes: estimateMedian(loaded.flatMap((window) => (window.anonBytes == null ? [] : [window.anonBytes]))),
          loadedPssBytes: estimateMedian(loaded.flatMap((window) => (window.pssBytes == null ? [] : [window.pssBytes]))),
        };
      }),
      instanceCpuMillisPer1000: estimateMedian(
        valid.flatMap((run) => {
          const windows = run.loaded.filter((window) => INSTANCE_ROLES.includes(window.role));
          const values = windows.map((window) => window.cpuMillisPer1000Requests);
          return values.length > 0 && values.every((value) => value !== null) ? [values.reduce((sum, value) => sum! + value!, 0)!] : [];
        }),
      ),
      invalidLoadedRuns: runs.length - valid.length,
    };
  });
}

/** How far the sidecar's /proc reading of its app is from the harness's own, as a fraction (0.02 = 2%). */
export function procDisagreement(data: ResourcesData): { rss: number; cpu: number; samples: number } | null {
  const readings = data.runs.flatMap((run) => (run.procAgreement === null ? [] : [run.procAgreement]));
  if (readings.length === 0) return null;
  const relative = (a: number, b: number) => (b === 0 ? (a === 0 ? 0 : 1) : Math.abs(a - b) / b);
  return {
    rss: median(readings.map((r) => relative(r.sidecarRssBytes, r.harnessRssBytes))),
    cpu: median(readings.map((r) => relative(r.sidecarCpuSeconds, r.harnessCpuSeconds))),
    samples: readings.length,
  };
}

/** Everything the resources section, headlines and claims read: computed once per report. */
export interface ResourcesAnalysis {
  data: ResourcesData;
  modes: ModeResources[];
  /** The sidecar's /proc reading of its app against the harness's; null when no sidecar ran. */
  procAgreement: ReturnType<typeof procDisagreement>;
}

export function analyzeResourcesRun(data: ResourcesData): ResourcesAnalysis {
  return { data, modes: analyzeResources(data), procAgreement: procDisagreement(data) };
}
