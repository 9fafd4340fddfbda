// From polyglot checkout steps to per-checkout, per-mode latency (added over mode none) and CPU and memory per role.
import type { LatencyData } from '../latency/types.js';
import { checkoutScope, checkoutsOf, type PolyglotCheckoutData, type PolyglotData } from './run.js';
import { checkoutName, type PolyglotLangs } from './topology.js';
import type { Mode } from '../../scripts/results/types.js';
import type { Role } from '../../scripts/sampling/sampler.js';
import { estimateMedian, type Estimate } from '../../scripts/stats/summary.js';
import { analyzeFixedRates, type FixedRateFigure } from '../latency/analysis.js';

/**
 * Proxy traversals a checkout makes beyond mode none's three direct calls (client to web, web to customers, web to
 * payment): in sidecar mode web's ingress, web's ambassador twice, and the ingress of customers and of payment; in
 * mode native HAProxy in the same five places; under an agent the same five, in one process.
 */
export const EXTRA_TRAVERSALS: Record<Mode, number> = { none: 0, library: 0, sidecar: 5, native: 5, agent: 5 };

/** One checkout's steps as latency steps of a pseudo-language `polyglot`, so the latency analysis applies unchanged. */
export function asLatencyData(data: PolyglotData, checkout: PolyglotCheckoutData): LatencyData {
  return {
    service: 'web',
    request: data.request,
    connections: data.connections,
    warmupSeconds: data.warmupSeconds,
    windowSeconds: data.windowSeconds,
    steps: checkout.steps.map((step) => ({
      kind: 'fixed',
      lang: 'polyglot',
      mode: step.mode,
      ratePerSecond: step.ratePerSecond,
      repetition: step.repetition,
      load: step.load,
      validity: step.validity,
    })),
    saturation: checkout.saturation.map((one) => ({ lang: 'polyglot', ...one })),
  };
}

export function analyzeCheckout(data: PolyglotData, checkout: PolyglotCheckoutData): FixedRateFigure[] {
  return analyzeFixedRates(asLatencyData(data, checkout));
}

export interface PolyglotRoleFigure {
  mode: Mode;
  ratePerSecond: number;
  role: Role;
  cpuMillisPer1000: Estimate | null;
  rssBytes: Estimate | null;
}

/** Per mode, rate and role over valid steps: the three services' processes of a role summed. */
export function analyzeCheckoutRoles(data: PolyglotCheckoutData): PolyglotRoleFigure[] {
  const keys = [...new Set(data.steps.map((step) => `${step.mode}|${step.ratePerSecond}`))];
  return keys.flatMap((key) => {
    const [mode, rate] = key.split('|') as [Mode, string];
    const valid = data.steps.filter((step) => step.mode === mode && String(step.ratePerSecond) === rate && step.validity.valid);
    const roles = [...new Set(valid.flatMap((step) => step.windows.map((window) => window.role)))];
    return roles.map((role) => {
      const windows = valid.flatMap((step) => step.windows.filter((window) => window.role === role));
      return {
        mode,
        ratePerSecond: Number(rate),
        role,
        cpuMillisPer1000: estimateMedian(
          windows.flatMap((window) => (window.cpuMillisPer1000Requests === null ? [] : [window.cpuMillisPer1000Requests])),
        ),
        rssBytes: estimateMedian(windows.flatMap((window) => (window.rssBytes === null ? [] : [window.rssBytes]))),
      };
    });
  });
}

/** One checkout's figures, with the prefix of its headline keys. */
export interface PolyglotCheckoutAnalysis {
  name: string;
  scope: string;
  services: PolyglotLangs;
  data: PolyglotCheckoutData;
  checkout: FixedRateFigure[];
  roles: PolyglotRoleFigure[];
}

/** Everything the polyglot section and headlines read: computed once per report. */
export interface PolyglotAnalysis {
  data: PolyglotData;
  /** Every checkout in order, the first included; one that was not measured has no figures. */
  checkouts: PolyglotCheckoutAnalysis[];
}

export function analyzePolyglot(data: PolyglotData): PolyglotAnalysis {
  return {
    data,
    checkouts: checkoutsOf(data).map((checkout, index) => ({
      name: checkoutName(checkout.services),
      scope: checkoutScope(index, checkout.services),
      services: checkout.services,
      data: checkout,
      checkout: analyzeCheckout(data, checkout),
      roles: analyzeCheckoutRoles(checkout),
    })),
  };
}
