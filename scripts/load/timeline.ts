// Runs the timeline load as its own (pinned) node process: `started` resolves when its clock starts, `result` at the end.
import { compiledScript } from '../paths.js';
import { startLoadChild, type RunningLoad } from './load-child.js';
import type { TimelineLoadOptions, TimelineLoadResult } from './timeline-types.js';

export type { TimelineBucket, TimelineLoadOptions, TimelineLoadResult } from './timeline-types.js';

export type RunningTimeline = RunningLoad<TimelineLoadResult>;

export function startTimelineLoad(options: TimelineLoadOptions, generatorCpus?: string): RunningTimeline {
  const timeoutSeconds = options.durationSeconds + options.timeoutSeconds + 30;
  return startLoadChild<TimelineLoadResult>(compiledScript('scripts/load/timeline-main'), options, { timeoutSeconds, ...(generatorCpus !== undefined ? { cpus: generatorCpus } : {}) });
}
