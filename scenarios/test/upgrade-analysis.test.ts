import { describe, expect, it } from 'vitest';
import { classifyRecords, failuresByKind, latencyFigures, percentile, recordFigures, timeline } from '../upgrade/rollout-figures.js';
import { libraryFilesInSidecar, pathEffort } from '../upgrade/effort.js';
import { fleetMembers } from '../upgrade/plan.js';
import { classify } from '../upgrade/probes.js';
import { loadTraceId, type RolloutLoadResult } from '../upgrade/load-types.js';
import type { ReplacementFigures } from '../upgrade/types.js';
import type { ChangedFile } from '../upgrade/tree/tests.js';
import { changedTestTargets } from '../upgrade/tree/tests.js';
import { javaTestClasses, rustTestFilter } from '../upgrade/tree/verify.js';
import { SCRATCH_RUST_TARGET, withSharedTargetDir } from '../upgrade/tree/compiled-caches.js';
import { loadUpgrades } from '../upgrade/tree/upgrades.js';

const START = Date.parse('2026-11-28T00:00:00.000Z');
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();
const record = (instance: string, seconds: number, requestId: string, extra: Record<string, unknown> = {}) => ({
  instance,
  body: 'request completed',
  receivedAt: at(seconds),
  attributes: { request_id: requestId, ...extra },
});

describe('probes', () => {
  it("redaction: a load request's record with the address is old, with the token new; other records do not count", () => {
    expect(classify('redaction', record('w', 1, 'chk/1/ada.lovelace@example.com'))).toEqual({ behaviour: 'old', requestIndex: 1 });
    expect(classify('redaction', record('w', 1, 'chk/1/[redacted:email]'))?.behaviour).toBe('new');
    expect(classify('redaction', record('w', 1, 'other-request'))).toBeUndefined();
    expect(classify('redaction', { ...record('w', 1, 'x'), attributes: {} })).toBeUndefined();
  });

  it("traceparent: without trace_id old; with one new, continued when it is the load's trace id", () => {
    expect(classify('traceparent', record('w', 1, 'chk/7/ada@example.com'))).toEqual({ behaviour: 'old', requestIndex: 7 });
    expect(classify('traceparent', record('w', 1, 'chk/7/ada@example.com', { trace_id: loadTraceId(7) }))).toEqual({
      behaviour: 'new',
      requestIndex: 7,
      continued: true,
    });
    expect(classify('traceparent', record('w', 1, 'chk/7/ada@example.com', { trace_id: loadTraceId(8) }))).toEqual({
      behaviour: 'new',
      requestIndex: 7,
      continued: false,
    });
    expect(classify('traceparent', record('w', 1, 'chk/7/ada@example.com', { trace_id: 'not-hex' }))?.behaviour).toBe('wrong');
    expect(loadTraceId(7)).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('rollout figures', () => {
  const load: RolloutLoadResult = {
    startEpochMillis: START,
    ratePerSecond: 4,
    intendedMillis: [0, 250, 500, 750, 1000, 1250, 1500, 1750],
    latencyMicros: [1000, 2000, 3000, 4000, -1, 50_000, 1000, 1000],
    status: [200, 201, 201, 201, 0, 201, 503, 201],
    error: ['', '', '', '', 'ECONNREFUSED', '', '', ''],
    instance: ['w1', 'w2', 'w1', 'w2', 'w1', 'w2', 'w1', 'w2'],
  };

  it('counts sent and failed requests by intended time and takes nearest-rank percentiles of the answered ones', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([], 99)).toBeNull();
    expect(latencyFigures(load, 1, 2)).toEqual({ sent: 4, failed: 2, p50Micros: 1000, p99Micros: 50_000, maxMicros: 50_000 });
    expect(failuresByKind(load, 0, 2)).toEqual({ ECONNREFUSED: 1, '503': 1 });
  });

  it('the mixed-version window runs from the first new record to the last old one; old ones after the end are counted', () => {
    const replacements: ReplacementFigures[] = [
      {
        instanceId: 'w1',
        service: 'web',
        lang: 'ts',
        replaced: 'app',
        signalledSeconds: 1,
        deregisteredSeconds: 1.01,
        exitedSeconds: 1.2,
        readySeconds: 1.5,
        passingSeconds: 1.5,
      },
      {
        instanceId: 'w2',
        service: 'web',
        lang: 'go',
        replaced: 'app',
        signalledSeconds: 1.5,
        deregisteredSeconds: 1.51,
        exitedSeconds: 1.6,
        readySeconds: 2,
        passingSeconds: 2,
      },
    ];
    const records = [
      record('w1', 0.5, 'chk/0/a@example.com'),
      record('w2', 0.6, 'chk/1/a@example.com'),
      record('w1', 1.6, 'chk/5/[redacted:email]'),
      record('w2', 1.8, 'chk/6/a@example.com'),
      record('w2', 2.2, 'chk/7/[redacted:email]'),
    ];
    const classified = classifyRecords('redaction', records, load);
    const figures = recordFigures(classified, replacements, 1, 2);
    expect(figures).toMatchObject({
      classified: 5,
      old: 3,
      new: 2,
      wrong: 0,
      oldAfterRolloutStart: 1,
      oldAfterRolloutEnd: 0,
      firstNewSeconds: 1.6,
      lastOldSeconds: 1.8,
    });
    expect(figures.mixedWindowSeconds).toBeCloseTo(0.2, 6);
    expect(figures.perInstance.map((one) => [one.instanceId, one.old, one.new, one.movedSeconds])).toEqual([
      ['w1', 1, 1, 1.5],
      ['w2', 2, 1, 2],
    ]);
    const buckets = timeline(load, classified, 1, 2.5);
    expect(buckets.map((bucket) => [bucket.ok, bucket.failed, bucket.oldRecords, bucket.newRecords])).toEqual([
      [4, 0, 2, 0],
      [2, 2, 1, 1],
      [0, 0, 0, 1],
    ]);
  });

  it('without overlap the window is zero', () => {
    const classified = classifyRecords(
      'redaction',
      [record('w1', 1, 'chk/0/a@example.com'), record('w1', 2, 'chk/1/[redacted:email]')],
      load,
    );
    expect(recordFigures(classified, [], 0.5, 3).mixedWindowSeconds).toBe(0);
  });

  it('a trace started on the way counts as new during the rollout, and as wrong for a request sent after it ended', () => {
    const records = [
      record('c1', 0.6, 'chk/2/a@example.com', { trace_id: loadTraceId(99) }),
      record('c1', 1.9, 'chk/7/a@example.com', { trace_id: loadTraceId(99) }),
      record('c1', 1.9, 'chk/6/a@example.com', { trace_id: loadTraceId(6) }),
    ];
    const figures = recordFigures(classifyRecords('traceparent', records, load), [], 0.5, 1.6);
    expect(figures).toMatchObject({ new: 3, wrong: 1, tracesStartedOnTheWay: 2 });
  });
});

describe('effort per path', () => {
  const changed: ChangedFile[] = [
    { codebase: 'contract', file: 'spec/features.md', added: 10, deleted: 0 },
    { codebase: 'library-ts', file: 'library/ts/src/logs/otlp.ts', added: 5, deleted: 2 },
    { codebase: 'library-ts', file: 'library/ts/src/fastify.ts', added: 8, deleted: 0 },
    { codebase: 'library-ts', file: 'library/ts/test/logs/redact.test.ts', added: 40, deleted: 0 },
    { codebase: 'library-python', file: 'library/python/src/scl_library/logs/otlp.py', added: 6, deleted: 1 },
    { codebase: 'library-go', file: 'library/go/logs/redact_test.go', added: 30, deleted: 0 },
    { codebase: 'sidecar', file: 'sidecar/src/proxy/ingress.ts', added: 3, deleted: 1 },
  ];
  const sidecarSources = new Set(['library/ts/src/logs/otlp.ts', 'sidecar/src/proxy/ingress.ts']);

  it("the sidecar path ships the library/ts files it imports, and their feature's tests", () => {
    expect(libraryFilesInSidecar(changed, sidecarSources).map((file) => file.file)).toEqual([
      'library/ts/src/logs/otlp.ts',
      'library/ts/test/logs/redact.test.ts',
    ]);
  });

  it('the library path counts every library and its languages; the sidecar path one language', () => {
    const library = pathEffort(
      'library',
      changed,
      sidecarSources,
      [
        { lang: 'ts', what: 'tsc', seconds: 5 },
        { lang: 'go', what: 'go build', seconds: 3 },
      ],
      [],
    );
    const sidecar = pathEffort(
      'sidecar',
      changed,
      sidecarSources,
      [
        { lang: 'ts', what: 'tsc', seconds: 5 },
        { lang: 'go', what: 'go build', seconds: 3 },
      ],
      [],
    );
    expect(library.languages).toEqual(['go', 'python', 'ts']);
    expect(library.codebases.map((one) => one.codebase)).toEqual(['contract', 'library-ts', 'library-python', 'library-go']);
    expect(library.linesChanged).toBe(10 + 55 + 7 + 30);
    expect(library.builds.map((one) => one.lang)).toEqual(['ts', 'go']);
    expect(sidecar.languages).toEqual(['ts']);
    expect(sidecar.codebases.map((one) => [one.codebase, one.codeFiles, one.testFiles])).toEqual([
      ['contract', 0, 0],
      ['sidecar', 1, 0],
      ['library-ts (in the sidecar)', 1, 1],
    ]);
    expect(sidecar.builds.map((one) => one.lang)).toEqual(['ts']);
  });

  it('the guard runs the test files a patch touches: TypeScript and Python files, Go packages', () => {
    expect(changedTestTargets(changed)).toEqual({ ts: ['library/ts/test/logs/redact.test.ts'], go: ['./logs'] });
  });

  it('Rust test files narrow cargo test to their module; Java test files to their classes', () => {
    const compiled: ChangedFile[] = [
      { codebase: 'library-rust', file: 'library/rust/src/logs/redact_test.rs', added: 60, deleted: 0 },
      { codebase: 'library-rust', file: 'library/rust/src/logs/otlp.rs', added: 5, deleted: 4 },
      { codebase: 'library-java', file: 'library/java/src/test/java/dev/sidecarlab/library/logs/RedactTest.java', added: 68, deleted: 0 },
    ];
    const targets = changedTestTargets(compiled);
    expect(targets).toEqual({
      rust: ['library/rust/src/logs/redact_test.rs'],
      java: ['library/java/src/test/java/dev/sidecarlab/library/logs/RedactTest.java'],
    });
    expect(
      ['library/rust/src/logs/redact_test.rs', 'library/rust/src/logs/logs_test.rs', 'library/rust/src/settings_test.rs'].map(
        rustTestFilter,
      ),
    ).toEqual(['logs::redact::', 'logs::', 'settings::']);
    expect(javaTestClasses(targets.java ?? [])).toBe('RedactTest');
    expect(pathEffort('library', compiled, new Set(), [], []).languages).toEqual(['java', 'rust']);
  });

  it('a scratch Rust build uses the shared target dir and copies the start binary from it', () => {
    const { step, treeTargetDir } = withSharedTargetDir({ command: 'cargo', args: ['build', '--release', '--target-dir', '.cache/rust'] });
    expect(treeTargetDir).toBe('.cache/rust');
    expect(step.args).toEqual(['build', '--release', '--target-dir', SCRATCH_RUST_TARGET]);
    expect(SCRATCH_RUST_TARGET.endsWith('/.cache/rust-scratch')).toBe(true);
  });
});

describe('fleet', () => {
  it('languages rotate over instances, so every service runs two languages and every language two services', () => {
    expect(fleetMembers(['go', 'python', 'ts'], 2, 'library').map((member) => `${member.instanceId}:${member.lang}`)).toEqual([
      'customers-1:go',
      'customers-2:python',
      'payment-1:ts',
      'payment-2:go',
      'web-1:python',
      'web-2:ts',
    ]);
    // Five languages in a fleet of six: every one of them runs, so the upgrade reaches every codebase.
    expect(new Set(fleetMembers(['go', 'java', 'python', 'rust', 'ts'], 2, 'library').map((member) => member.lang)).size).toBe(5);
    expect(new Set(fleetMembers(['ts'], 2, 'sidecar').map((member) => member.lang))).toEqual(new Set(['ts']));
  });

  it('every upgrade in scenarios/upgrade/upgrades names a probe the rollout knows', () => {
    for (const upgrade of loadUpgrades()) expect(['redaction', 'traceparent']).toContain(upgrade.probe);
  });
});
