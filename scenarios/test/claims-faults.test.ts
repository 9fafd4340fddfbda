// The fault claims (C3, A1, K3 from lifecycle, C5's log loss) from hand-made episodes.
import { describe, expect, it } from 'vitest';
import { appKillLoss } from '../isolation/claims.js';
import { analysed, claim } from './support/registry.js';
import { analyzeLifecycle } from '../shared/fault-analysis.js';
import { isolation, isolationEpisode, lifecycle, lifecycleRun, resilience, resilienceEpisode } from './synthetic-faults.js';

describe('C3: the sidecar isolates the app', () => {
  it('is supported when the sidecar\'s crash and the collector faults leave clients untouched while the library\'s crash fails them', () => {
    const row = claim('C3', isolation([
      isolationEpisode('collector-slow', 'sidecar'), isolationEpisode('feature-crash', 'sidecar', { failedDuring: 0 }),
      isolationEpisode('feature-crash', 'library', { failedDuring: 10, appSurvived: false }),
    ]));
    expect(row.verdict).toBe('supported');
  });

  it('depends when the app survives the sidecar\'s crash but clients fail as much as with the library', () => {
    const row = claim('C3', isolation([
      isolationEpisode('collector-slow', 'sidecar'), isolationEpisode('feature-crash', 'sidecar', { failedDuring: 10 }),
      isolationEpisode('feature-crash', 'library', { failedDuring: 10, appSurvived: false }),
    ]));
    expect(row.verdict).toBe('depends');
    expect(row.evidence).toMatch(/of client requests failed in sidecar mode/);
  });

  it('is not supported when a collector fault fails clients in sidecar mode, and not measured without sidecar episodes', () => {
    expect(claim('C3', isolation([isolationEpisode('collector-500', 'sidecar', { failedDuring: 5 })])).verdict).toBe('not supported');
    expect(claim('C3', isolation([isolationEpisode('collector-500', 'library')])).verdict).toBe('not measured');
  });

  it('a killed app loses nothing in sidecar mode and at least what its queue held in library mode', () => {
    const loss = appKillLoss(analysed(isolation([isolationEpisode('app-kill', 'sidecar', { appSurvived: false }), isolationEpisode('app-kill', 'library', { appSurvived: false, lost: 38, exact: false })])));
    expect(loss).toEqual({ sidecarLost: 0, libraryLost: 38, cells: 1 });
  });
});

describe('A1: the ambassador makes outbound calls resilient', () => {
  it('is supported when the ambassador hides the 503s that fail mode none, with no double charge', () => {
    expect(claim('A1', resilience([resilienceEpisode('none', 2), resilienceEpisode('sidecar', 0)])).verdict).toBe('supported');
  });

  it('depends when a key was charged twice, and is not supported when the ambassador fails as often as no egress', () => {
    expect(claim('A1', resilience([resilienceEpisode('none', 2), resilienceEpisode('sidecar', 0, { twice: 1 })])).verdict).toBe('depends');
    expect(claim('A1', resilience([resilienceEpisode('none', 2), resilienceEpisode('sidecar', 2)])).verdict).toBe('not supported');
  });
});

describe('K3 from the lifecycle scenario', () => {
  it('counts only the failures while listed, bucket by whole bucket', () => {
    const [figure] = analyzeLifecycle({ plan: 'complete', request: 'x', ratePerSecond: 100, bucketSeconds: 0.05, servingSeconds: 2, runs: [lifecycleRun('library', 'app-first', 1, 3)] });
    expect(figure).toMatchObject({ failedWhileStarting: 3, failedWhileStopping: 0 });
    expect(figure!.secondsToServing).toBeCloseTo(0.7);
    expect(figure!.failedBeforeServing.failed).toBe(figure!.failedBeforeServing.requests);
  });

  it('is supported when sidecar mode is listed clearly later, not supported when it matches the library', () => {
    expect(claim('K3', lifecycle([lifecycleRun('library', 'app-first', 0.8, 0), lifecycleRun('sidecar', 'together', 1.5, 0)]))!.verdict).toBe('supported');
    expect(claim('K3', lifecycle([lifecycleRun('library', 'app-first', 0.8, 0), lifecycleRun('sidecar', 'together', 0.8, 0)]))!.verdict).toBe('not supported');
  });

  it('is supported when the sidecar fails requests while listed that the library does not', () => {
    expect(claim('K3', lifecycle([lifecycleRun('library', 'app-first', 0.8, 0), lifecycleRun('sidecar', 'together', 0.8, 2)]))!.verdict).toBe('supported');
  });
});
