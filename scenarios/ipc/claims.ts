// C4 (same host means fast, reliable communication), from the per-call costs of the ipc scenario and the latency steps.
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import { notMeasured, type ClaimFinding, type Verdict } from '../../scripts/report/claims.js';
import { formatMicros } from '../../scripts/report/html.js';
import { analyzeLatency } from '../latency/analysis.js';
import { analyzeIpcRun } from './analysis.js';

/** A local call is "fast" when its median per-call cost stays under this. */
export const LOCAL_CALL_FAST_MICROS = 1000;

export function claimC4(run: AnalysedRun): ClaimFinding {
  const rule = `supported when HTTP over loopback and over a Unix socket each cost under ${formatMicros(LOCAL_CALL_FAST_MICROS)} per call (median) and no sidecar latency step saw an error or timeout; not supported when a local call costs more; depends when fast but not reliable`;
  const ipc = run.analysisOf(analyzeIpcRun);
  if (ipc === null) return notMeasured('the ipc scenario did not run', rule);
  const figures = ipc.figures;
  const local = figures.filter((figure) => figure.transport === 'http-tcp' || figure.transport === 'http-uds');
  const inProcess = figures.find((figure) => figure.transport === 'in-process')?.p50Nanos?.median;
  const fast = local.every((figure) => figure.p50Nanos !== null && figure.p50Nanos.median / 1000 < LOCAL_CALL_FAST_MICROS);
  const latency = run.analysisOf(analyzeLatency)?.data ?? null;
  const sidecarSteps = latency?.steps.filter((step) => step.mode === 'sidecar') ?? [];
  const failures = sidecarSteps.reduce((sum, step) => sum + step.load.errors + step.load.timeouts, 0);
  const reliabilityText = sidecarSteps.length === 0 ? 'reliability not measured (no sidecar latency steps)' : `${failures} errors or timeouts over ${sidecarSteps.length} sidecar load steps`;
  const evidence = `${local.map((figure) => `${figure.transport} p50 ${formatMicros((figure.p50Nanos?.median ?? Number.NaN) / 1000)}`).join(', ')}${inProcess !== undefined ? ` vs in-process ${inProcess.toFixed(0)} ns` : ''}; ${reliabilityText}`;
  const verdict: Verdict = !fast ? 'not supported' : failures > 0 ? 'depends' : 'supported';
  return { evidence, verdict, rule };
}

export const ipcClaims: ClaimRule[] = [{ id: 'C4', evaluate: claimC4 }];
