// The fault claims (C3, A1, K3 from lifecycle, C5's log loss) from hand-made episodes.
import { describe, expect, it } from 'vitest';
import { appKillLoss } from '../isolation/claims.js';
import { analysed, claim } from './support/registry.js';
import { analyzeLifecycle } from '../common/fault-analysis.js';
import { isolation, isolationEpisode, lifecycle, lifecycleRun, resilience, resilienceEpisode } from './synthetic-faults.js';

describe('C3: the sidecar isolates the app', () => {
  // The same bug run the same way: the shipper's exception on the main thread, of the app (library) or of the sidecar.
  const crash = (mode: 'library' | 'sidecar', failedDuring: number, appSurvived = true) =>
    isolationEpisode(mode === 'sidecar' ? 'feature-crash-main-thread' : 'feature-crash', mode, { failedDuring, appSurvived });
  const workerCrash = (failedDuring: number) => isolationEpisode('feature-crash', 'sidecar', { failedDuring });

  it("is supported when the same crash fails the library's clients and spares the sidecar's, and the sidecar's death fails none", () => {
    const row = claim(
      'C3',
      isolation([crash('sidecar', 0), crash('library', 10, false), isolationEpisode('sidecar-kill', 'sidecar', { failedDuring: 0 })]),
    );
    expect(row.verdict).toBe('supported');
    expect(row.evidence).toMatch(/the sidecar's own death \(ts, kill -9\): 0(\.0)?% of client requests failed/);
  });

  it("depends when the crash is spared but the sidecar's own death fails the clients", () => {
    const row = claim(
      'C3',
      isolation([crash('sidecar', 0), crash('library', 10, false), isolationEpisode('sidecar-kill', 'sidecar', { failedDuring: 6 })]),
    );
    expect(row.verdict).toBe('depends');
  });

  it("is not supported when the sidecar's clients fail as much as the library's, or more, or the app is hurt", () => {
    expect(claim('C3', isolation([crash('sidecar', 10), crash('library', 10, false)])).verdict).toBe('not supported');
    expect(
      claim(
        'C3',
        isolation([isolationEpisode('collector-500', 'sidecar', { failedDuring: 5 }), isolationEpisode('collector-500', 'library')]),
      ).verdict,
    ).toBe('not supported');
    expect(claim('C3', isolation([crash('sidecar', 0, false), crash('library', 10, false)])).verdict).toBe('not supported');
  });

  it("compares the library's crash with the sidecar's main-thread crash, and shows its worker thread's crash beside, not counted", () => {
    // The worker spares everyone, the same bug on the sidecar's main thread fails as many clients as in the library.
    const row = claim('C3', isolation([workerCrash(0), crash('sidecar', 10), crash('library', 10, false)]));
    expect(row.verdict).toBe('not supported');
    expect(row.evidence).toMatch(/feature-crash-main-thread \(ts\): 100(\.0)?% .* against 100(\.0)?% with feature-crash in library mode/);
    expect(row.evidence).toMatch(
      /the design's part \(ts\): the same exception in the sidecar's logs worker thread failed 0(\.0)?% .* on its main thread 100(\.0)?%/,
    );
    // Without the main-thread episode, the worker's crash alone is no like-for-like comparison.
    expect(claim('C3', isolation([workerCrash(0), crash('library', 10, false)])).verdict).toBe('not measured');
  });

  it("a library that failed no client is no comparison: the sidecar's death alone then says not supported, or nothing", () => {
    const spareNothing = [crash('sidecar', 0), crash('library', 0)];
    const row = claim('C3', isolation([...spareNothing, isolationEpisode('sidecar-kill', 'sidecar', { failedDuring: 6 })]));
    expect(row.verdict).toBe('not supported');
    expect(row.evidence).toMatch(/not counted: the library failed no client/);
    expect(claim('C3', isolation(spareNothing)).verdict).toBe('depends');
  });

  it('is not measured without a sidecar episode', () => {
    expect(claim('C3', isolation([isolationEpisode('collector-500', 'library')])).verdict).toBe('not measured');
  });

  it('a killed app loses nothing in sidecar mode and at least what its queue held in library mode', () => {
    const loss = appKillLoss(
      analysed(
        isolation([
          isolationEpisode('app-kill', 'sidecar', { appSurvived: false }),
          isolationEpisode('app-kill', 'library', { appSurvived: false, lost: 38, exact: false }),
        ]),
      ),
    );
    expect(loss).toEqual({ sidecarLost: 0, libraryLost: 38, cells: 1 });
  });
});

describe("A1: the ambassador against the library's egress, both retrying", () => {
  it('is supported when the ambassador matches the library on failures, tries and double charges, and says whether both beat no retries', () => {
    const row = claim('A1', resilience([resilienceEpisode('none', 2), resilienceEpisode('library', 0), resilienceEpisode('sidecar', 0)]));
    expect(row.verdict).toBe('supported');
    expect(row.evidence).toMatch(/ts: both beat mode none/);
  });

  it('is not supported when the ambassador fails more checkouts than the library, sends more tries, or charges a key twice', () => {
    expect(claim('A1', resilience([resilienceEpisode('library', 0), resilienceEpisode('sidecar', 4)])).verdict).toBe('not supported');
    expect(claim('A1', resilience([resilienceEpisode('library', 0), resilienceEpisode('sidecar', 0, { tries: 200 })])).verdict).toBe(
      'not supported',
    );
    expect(claim('A1', resilience([resilienceEpisode('library', 0), resilienceEpisode('sidecar', 0, { twice: 1 })])).verdict).toBe(
      'not supported',
    );
  });

  it('depends when it matches the library in one language and not in another', () => {
    const row = claim(
      'A1',
      resilience([
        resilienceEpisode('library', 0),
        resilienceEpisode('sidecar', 0),
        resilienceEpisode('library', 0, { lang: 'go' }),
        resilienceEpisode('sidecar', 4, { lang: 'go' }),
      ]),
    );
    expect(row.verdict).toBe('depends');
  });

  it('is not measured against mode none alone: no library, no comparison', () => {
    const row = claim('A1', resilience([resilienceEpisode('none', 2), resilienceEpisode('sidecar', 0)]));
    expect(row.verdict).toBe('not measured');
  });
});

describe('K3 from the lifecycle scenario', () => {
  it('counts only the failures while listed, bucket by whole bucket', () => {
    const [figure] = analyzeLifecycle({
      plan: 'complete',
      request: 'x',
      ratePerSecond: 100,
      bucketSeconds: 0.05,
      servingSeconds: 2,
      runs: [lifecycleRun('library', 'app-first', 1, 3)],
    });
    expect(figure).toMatchObject({ failedWhileStarting: 3, failedWhileStopping: 0 });
    expect(figure!.secondsToServing).toBeCloseTo(0.7);
    expect(figure!.failedBeforeServing.failed).toBe(figure!.failedBeforeServing.requests);
  });

  it('is supported when sidecar mode is listed clearly later, not supported when it matches the library', () => {
    expect(
      claim('K3', lifecycle([lifecycleRun('library', 'app-first', 0.8, 0), lifecycleRun('sidecar', 'together', 1.5, 0)]))!.verdict,
    ).toBe('supported');
    expect(
      claim('K3', lifecycle([lifecycleRun('library', 'app-first', 0.8, 0), lifecycleRun('sidecar', 'together', 0.8, 0)]))!.verdict,
    ).toBe('not supported');
  });

  it('depends when one language is coupled and another is not', () => {
    expect(
      claim(
        'K3',
        lifecycle([
          lifecycleRun('library', 'app-first', 0.8, 0),
          lifecycleRun('sidecar', 'together', 1.5, 0),
          lifecycleRun('library', 'app-first', 0.8, 0, 'go'),
          lifecycleRun('sidecar', 'together', 0.8, 0, 'go'),
        ]),
      ).verdict,
    ).toBe('depends');
  });

  it('is supported when the sidecar fails requests while listed that the library does not', () => {
    expect(
      claim('K3', lifecycle([lifecycleRun('library', 'app-first', 0.8, 0), lifecycleRun('sidecar', 'together', 0.8, 2)]))!.verdict,
    ).toBe('supported');
  });
});
