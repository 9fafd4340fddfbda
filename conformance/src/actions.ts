// Action steps of a vector: requests to the service under test, config, faults, sleeps, signals, fakes.
import type { Faults } from '../../controlplane/src/types.js';
import type { ConfigDocument } from '../../library/ts/src/types.js';
import { stop } from '../../scripts/orchestration/processes.js';
import { delay } from '../../scripts/orchestration/ready.js';
import { failed, OK, type RunContext, type StepOutcome } from './context.js';
import { describe, headersMismatch, subsetMismatch } from './match.js';
import type { Json, RequestStep, Step } from './vector.js';

const REQUEST_TIMEOUT_MS = 15_000;
const SIGNAL_GRACE_SECONDS = 15;

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

/** One HTTP request; the body is sent as JSON when given, or as the raw JSON text `bodyText`. */
export async function send(
  url: string,
  method: string,
  headers: Record<string, string> = {},
  body?: Json,
  bodyText?: string,
): Promise<HttpAnswer> {
  const payload = bodyText ?? (body === undefined ? undefined : JSON.stringify(body));
  const response = await fetch(url, {
    method,
    headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: payload,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: Object.fromEntries(response.headers), text, json };
}

async function request(context: RunContext, step: RequestStep): Promise<StepOutcome> {
  const method = step.method ?? 'GET';
  for (let i = 0; i < (step.repeat ?? 1); i++) {
    const answer = await send(context.instance.publicUrl + step.path, method, step.headers, step.body, step.bodyText);
    const expect = step.expect;
    if (expect === undefined) continue;
    const which = step.repeat === undefined ? '' : ` (request ${i + 1} of ${step.repeat})`;
    const observed = { status: answer.status, body: answer.json ?? answer.text.slice(0, 500) };
    if (expect.status !== undefined && answer.status !== expect.status) {
      return failed(`${method} ${step.path} answered ${answer.status}, expected ${expect.status}${which}`, expect, observed);
    }
    const bodyMismatch = subsetMismatch(expect.json, answer.json);
    if (bodyMismatch !== undefined) return failed(`${method} ${step.path}: body ${bodyMismatch}${which}`, expect, observed);
    const headerMismatch = headersMismatch(expect.headers, answer.headers);
    if (headerMismatch !== undefined) return failed(`${method} ${step.path}: ${headerMismatch}${which}`, expect, answer.headers);
  }
  return OK;
}

async function signal(
  context: RunContext,
  target: 'app' | 'sidecar',
  name: NodeJS.Signals,
  exitCode: number | undefined,
): Promise<StepOutcome> {
  const child = target === 'app' ? context.instance.appProcess : context.instance.sidecarProcess;
  if (child === undefined) return failed(`there is no ${target} process in mode ${context.mode}`);
  const info = await stop(child, { signal: name, graceSeconds: SIGNAL_GRACE_SECONDS });
  if (exitCode !== undefined && info.exitCode !== exitCode) {
    return failed(
      `${target} ended with ${info.signal !== undefined ? `signal ${info.signal}` : `exit code ${info.exitCode}`} after ${name}, expected exit code ${exitCode}`,
      exitCode,
      info,
    );
  }
  return OK;
}

/** Runs one action step; assertion steps are handled by assertions.ts. */
export async function runAction(context: RunContext, step: Step): Promise<StepOutcome> {
  if (step.request !== undefined) return request(context, step.request);
  if (step.putConfig !== undefined) {
    const stored = await context.controlplane.putConfig(context.service, step.putConfig as unknown as ConfigDocument);
    context.latestConfigVersion = stored.version;
    return OK;
  }
  if (step.faults !== undefined) {
    await context.controlplane.setFaults(step.faults as Faults);
    return OK;
  }
  if (step.sleep !== undefined) {
    await delay(step.sleep * 1000);
    return OK;
  }
  if (step.signal !== undefined) return signal(context, step.signal.target, step.signal.name, step.signal.exitCode);
  if (step.setUpstream !== undefined) {
    const fake = context.upstreams.get(step.setUpstream.name);
    if (fake === undefined) return failed(`no upstream named ${step.setUpstream.name}`);
    fake.setScript(step.setUpstream.responses);
    return OK;
  }
  if (step.forgetInstance !== undefined) {
    await context.controlplane.deregister(context.instance.instanceId);
    return OK;
  }
  return failed(`unknown step ${describe(step)}`);
}
