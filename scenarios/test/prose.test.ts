// Prose in a section is computed from the data like its figures: contradicting data changes the sentence.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../scripts/report/render.js';
import type { FeaturesData } from '../features/run.js';
import { measuredSets } from '../features/section.js';
import { observedInThisRun, placementSummary } from '../isolation/section.js';
import { analyzeIsolation } from '../common/fault-analysis.js';
import { SCENARIOS } from './support/registry.js';
import { isolationEpisode } from './synthetic-faults.js';
import { syntheticResults } from './synthetic-results.js';

const episodesOf = (...episodes: ReturnType<typeof isolationEpisode>[]) =>
  analyzeIsolation({
    plan: 'complete',
    request: 'x',
    faults: [],
    episodes,
    episodePlan: {
      beforeSeconds: 1,
      duringSeconds: 1,
      afterSeconds: 1,
      ratePerSecond: 40,
      bucketSeconds: 0.25,
      sampleIntervalSeconds: 0.25,
      settings: {},
    },
    processEpisodePlan: {
      beforeSeconds: 1,
      duringSeconds: 1,
      afterSeconds: 1,
      ratePerSecond: 40,
      bucketSeconds: 0.25,
      sampleIntervalSeconds: 0.25,
      settings: {},
    },
  });

describe('sentences from data', () => {
  it("the isolation section says which mode's clients fared better, from the figures, either way", () => {
    const spared = observedInThisRun(
      episodesOf(
        isolationEpisode('feature-crash', 'sidecar'),
        isolationEpisode('feature-crash', 'library', { failedDuring: 10, appSurvived: false }),
      ),
    );
    expect(spared).toMatch(/clients fared better beside the sidecar/);
    expect(spared).toMatch(/ts\/library: .* the app died/);
    const hurt = observedInThisRun(
      episodesOf(isolationEpisode('feature-crash', 'sidecar', { failedDuring: 10 }), isolationEpisode('feature-crash', 'library')),
    );
    expect(hurt).toMatch(/clients fared worse beside the sidecar/);
    expect(hurt).toMatch(/ts\/library: .* the app survived/);
  });

  it('the three placements of the same bug are told from the figures: a main-thread crash in the sidecar can fail every client, or none', () => {
    const placements = (mainThreadFailed: number) =>
      placementSummary(
        episodesOf(
          isolationEpisode('feature-crash', 'library', { failedDuring: 10, appSurvived: false }),
          isolationEpisode('feature-crash-main-thread', 'sidecar', { failedDuring: mainThreadFailed }),
          isolationEpisode('feature-crash', 'sidecar'),
        ),
      );
    expect(placements(10)).toMatch(/<td>100(\.0)?% failed; the app died<\/td><td>100(\.0)?% failed; the app lived on/);
    expect(placements(0)).toMatch(/<td>0(\.0)?% failed; the app lived on, the app answered its own port/);
    // Without a main-thread episode there is nothing to set the placements against.
    expect(placementSummary(episodesOf(isolationEpisode('feature-crash', 'sidecar'), isolationEpisode('feature-crash', 'library')))).toBe(
      '',
    );
  });

  it('the features section names the feature sets the run measured, not the ones a tier usually runs', () => {
    const results = syntheticResults();
    const features = results.scenarios.find((one) => one.id === 'features')!.data as FeaturesData;
    expect(measuredSets(features)).toMatch(/all five/);
    const onlyLogs: FeaturesData = {
      ...features,
      steps: features.steps.filter((step) => step.mode === 'none' || step.features.join() === 'logs'),
    };
    expect(measuredSets(onlyLogs)).toBe('logs');
  });

  it('the latency section says the generator was pinned only when it was', () => {
    const pinned = syntheticResults();
    expect(renderReport(pinned, SCENARIOS)).toMatch(/open-loop generator pinned to a core of its own/);
    const unpinned = syntheticResults();
    unpinned.environment.pinning = { applied: false, note: '--no-pin' };
    expect(renderReport(unpinned, SCENARIOS)).toMatch(/not pinned to a core of its own in this run/);
  });
});
