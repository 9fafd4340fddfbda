// Raw figures of the latency scenario, as results.json keeps them.
import type { ClosedLoopResult } from '../../scripts/load/closed-loop.js';
import type { OpenLoopResult } from '../../scripts/load/open-loop.js';
import type { Validity } from '../../scripts/load/validity.js';
import type { Lang, Mode } from '../../scripts/results/types.js';
import type { RoleWindow } from '../common/measure.js';

export interface LatencyStep {
  /** `fixed`: the rates modes are compared at; `curve`: a point of latency vs rate. */
  kind: 'fixed' | 'curve';
  lang: Lang;
  mode: Mode;
  ratePerSecond: number;
  repetition: number;
  load: OpenLoopResult;
  validity: Validity;
  /** Fixed steps: CPU and memory per role over the measured window. */
  windows?: RoleWindow[];
}

export interface SaturationStep {
  lang: Lang;
  mode: Mode;
  result: ClosedLoopResult;
  validity: Validity;
}

export interface LatencyData {
  service: string;
  /** The request every step sends, e.g. GET /customers/{id}. */
  request: string;
  connections: number;
  warmupSeconds: number;
  windowSeconds: number;
  steps: LatencyStep[];
  saturation: SaturationStep[];
}
