// Assertion steps of a vector: what the metrics, the collector, the registry, the fakes and the app show.
import { delay } from '../../scripts/orchestration/ready.js';
import { send } from './actions.js';
import { failed, OK, type RunContext, type StepOutcome } from './context.js';
import { countMatches, describeCount, hasJsonType, headersMismatch, subsetMismatch } from './match.js';
import { bucketBoundaries, parsePrometheusText, selectSamples } from './prometheus.js';
import type { Count, ExpectConfigInUse, ExpectLogs, ExpectLogStats, ExpectMetric, ExpectRegistry, ExpectUpstream, Step } from './vector.js';

const POLL_INTERVAL_MS = 100;
/** The most /v1/logs/records returns; vectors write far fewer. */
const MAX_RECORDS = 100_000;

export function isAssertion(step: Step): boolean {
  return Object.keys(step)[0]?.startsWith('expect') ?? false;
}

/** Checks an assertion step, polling until it holds when it has `within`; the last failure is reported. */
export async function runAssertion(context: RunContext, step: Step): Promise<StepOutcome> {
  const within = Object.values(step)[0]?.within as number | undefined;
  const deadline = Date.now() + (within ?? 0) * 1000;
  for (;;) {
    let outcome: StepOutcome;
    try {
      outcome = await checkOnce(context, step);
    } catch (error) {
      outcome = failed((error as Error).message);
    }
    if (outcome.ok || Date.now() >= deadline) {
      if (!outcome.ok && within !== undefined) return { ...outcome, message: `${outcome.message} (still after ${within} s)` };
      return outcome;
    }
    await delay(POLL_INTERVAL_MS);
  }
}

function checkOnce(context: RunContext, step: Step): Promise<StepOutcome> {
  if (step.expectMetric !== undefined) return expectMetric(context, step.expectMetric);
  if (step.expectLogs !== undefined) return expectLogs(context, step.expectLogs);
  if (step.expectLogStats !== undefined) return expectLogStats(context, step.expectLogStats);
  if (step.expectRegistry !== undefined) return expectRegistry(context, step.expectRegistry);
  if (step.expectUpstream !== undefined) return Promise.resolve(expectUpstream(context, step.expectUpstream));
  if (step.expectConfigInUse !== undefined) return expectConfigInUse(context, step.expectConfigInUse);
  return Promise.resolve(failed(`not an assertion: ${Object.keys(step).join(', ')}`));
}

/** Matching samples are summed; no matching sample counts as 0 (an untouched counter), except for `exists`. */
async function expectMetric(context: RunContext, expected: ExpectMetric): Promise<StepOutcome> {
  const url = context.instance.metricsUrl;
  if (url === undefined) return failed(`mode ${context.mode} exposes no metrics`);
  const answer = await send(url, 'GET');
  if (answer.status !== 200) return failed(`GET ${url} answered ${answer.status}`);
  const exposition = parsePrometheusText(answer.text);
  const series = `${expected.name}${JSON.stringify(expected.labels ?? {})}`;
  if (expected.buckets !== undefined) {
    const observed = bucketBoundaries(exposition, expected.name, expected.labels);
    const same =
      observed.length === expected.buckets.length &&
      observed.every((bound, i) => Math.abs(bound - (expected.buckets?.[i] as number)) <= 1e-12 * Math.max(1, bound));
    if (!same) return failed(`${series} has le boundaries ${JSON.stringify(observed)}`, expected.buckets, observed);
  }
  const samples = selectSamples(exposition, expected.name, expected.labels);
  const observedSamples = samples.map((sample) => ({ labels: sample.labels, value: sample.value }));
  if (expected.absent === true && samples.length > 0) return failed(`${series} is present`, 'absent', observedSamples);
  if (expected.exists === true && samples.length === 0)
    return failed(`${series} is absent`, 'present', sampleNames(exposition, expected.name));
  const value = samples.reduce((sum, sample) => sum + sample.value, 0);
  if (expected.equals !== undefined && value !== expected.equals)
    return failed(`${series} is ${value}, expected ${expected.equals}`, expected.equals, observedSamples);
  if (expected.atLeast !== undefined && !(value >= expected.atLeast))
    return failed(`${series} is ${value}, expected at least ${expected.atLeast}`, expected.atLeast, observedSamples);
  if (expected.atMost !== undefined && !(value <= expected.atMost))
    return failed(`${series} is ${value}, expected at most ${expected.atMost}`, expected.atMost, observedSamples);
  return OK;
}

/** For a failure message: the label sets under a name, or the names present when there is none. */
function sampleNames(exposition: ReturnType<typeof parsePrometheusText>, name: string): unknown {
  const same = exposition.samples.filter((sample) => sample.name === name).map((sample) => sample.labels);
  return same.length > 0 ? same.slice(0, 20) : [...new Set(exposition.samples.map((sample) => sample.name))];
}

async function expectLogs(context: RunContext, expected: ExpectLogs): Promise<StepOutcome> {
  const { records } = await context.controlplane.logRecords({ service: context.service, limit: MAX_RECORDS });
  const selected = records.filter((record) => subsetMismatch(expected.match ?? {}, record) === undefined);
  const what = `records matching ${JSON.stringify(expected.match ?? {})}`;
  if (expected.count !== undefined && !countMatches(expected.count, selected.length)) {
    return failed(`${selected.length} ${what}, expected ${describeCount(expected.count)}`, expected.count, selected.slice(0, 5));
  }
  for (const record of selected) {
    for (const [attribute, type] of Object.entries(expected.types ?? {})) {
      const value = record.attributes?.[attribute];
      if (!hasJsonType(value, type))
        return failed(`attribute ${attribute} is ${JSON.stringify(value)}, expected type ${type}`, type, record);
    }
    const mismatch = subsetMismatch(expected.equals, record);
    if (mismatch !== undefined) return failed(`a record of the ${what}: ${mismatch}`, expected.equals, record);
  }
  return OK;
}

async function expectLogStats(context: RunContext, expected: ExpectLogStats): Promise<StepOutcome> {
  const stats = (await context.controlplane.logStats(context.service)).total;
  for (const field of ['received', 'distinct', 'duplicates', 'missing'] as const) {
    const count: Count | undefined = expected[field];
    if (count !== undefined && !countMatches(count, stats[field])) {
      return failed(`collector ${field} is ${stats[field]}, expected ${describeCount(count)}`, count, stats);
    }
  }
  return OK;
}

async function expectRegistry(context: RunContext, expected: ExpectRegistry): Promise<StepOutcome> {
  const service = expected.service ?? context.service;
  const { instances } = await context.controlplane.instances(service);
  const passing = instances.filter((instance) => instance.status === 'passing').length;
  if (expected.passing !== undefined && !countMatches(expected.passing, passing)) {
    return failed(`${service} has ${passing} passing instances, expected ${describeCount(expected.passing)}`, expected.passing, instances);
  }
  if (expected.self !== undefined) {
    const self = instances.find((instance) => instance.id === context.instance.instanceId);
    const state = self === undefined ? 'absent' : self.status;
    const holds =
      expected.self === 'absent' ? self === undefined : expected.self === 'notPassing' ? state !== 'passing' : state === 'passing';
    if (!holds) return failed(`instance ${context.instance.instanceId} is ${state}, expected ${expected.self}`, expected.self, instances);
    if (self !== undefined && self.port !== context.instance.publicPort) {
      return failed(
        `instance ${self.id} is listed with port ${self.port}, expected its public port ${context.instance.publicPort}`,
        context.instance.publicPort,
        self,
      );
    }
  }
  return OK;
}

function expectUpstream(context: RunContext, expected: ExpectUpstream): StepOutcome {
  const fake = context.upstreams.get(expected.name);
  if (fake === undefined) return failed(`no upstream named ${expected.name}`);
  const observed = fake.received.map((request) => ({ instance: request.instance, method: request.method, path: request.path }));
  if (expected.received !== undefined && !countMatches(expected.received, fake.received.length)) {
    return failed(
      `${expected.name} received ${fake.received.length} requests, expected ${describeCount(expected.received)}`,
      expected.received,
      observed,
    );
  }
  if (expected.perInstance !== undefined) {
    const perInstance = fake.ports.map((_, index) => fake.receivedBy(index));
    if (JSON.stringify(perInstance) !== JSON.stringify(expected.perInstance)) {
      return failed(`${expected.name} instances received ${JSON.stringify(perInstance)}`, expected.perInstance, perInstance);
    }
  }
  for (const request of fake.received) {
    const mismatch = headersMismatch(expected.headers, request.headers);
    if (mismatch !== undefined)
      return failed(`${request.method} ${request.path} to ${expected.name}: ${mismatch}`, expected.headers, request.headers);
  }
  return OK;
}

/** The app's `/_scl/config` and the `configVersion` of its `/health` must both show the expected config. */
async function expectConfigInUse(context: RunContext, expected: ExpectConfigInUse): Promise<StepOutcome> {
  const inUse = await send(`${context.instance.publicUrl}/_scl/config`, 'GET');
  if (inUse.status !== 200) return failed(`GET /_scl/config answered ${inUse.status}`, 200, inUse.text.slice(0, 300));
  const body = inUse.json as { version?: unknown; config?: unknown } | undefined;
  const version = expected.version === 'latest' ? context.latestConfigVersion : expected.version;
  if (version !== undefined && body?.version !== version)
    return failed(`the app uses config version ${String(body?.version)}, expected ${version}`, version, body);
  const mismatch = subsetMismatch(expected.config, body?.config);
  if (mismatch !== undefined) return failed(`the config in use differs: ${mismatch}`, expected.config, body?.config);
  const health = await send(`${context.instance.publicUrl}/health`, 'GET');
  const reported = (health.json as { configVersion?: unknown } | undefined)?.configVersion;
  if (reported !== body?.version)
    return failed(
      `/health reports configVersion ${String(reported)} but /_scl/config version ${String(body?.version)}`,
      body?.version,
      health.json,
    );
  return OK;
}
