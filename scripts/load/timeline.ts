// Runs the timeline load as its own (pinned) node process: `started` resolves when its clock starts, `result` at the end.
import { compiledScript } from '../paths.js';
import { startLoadChild, type RunningLoad } from './load-child.js';
import type { LoadWindowReport } from './live-windows.js';
import type { TimelineLoadOptions, TimelineLoadResult } from './timeline-types.js';

export type { TimelineBucket, TimelineLoadOptions, TimelineLoadResult } from './timeline-types.js';

export type RunningTimeline = RunningLoad<TimelineLoadResult>;

/** `onWindow` gets the live windows that `options.liveWindowSeconds` asks for. */
export function startTimelineLoad(
  options: TimelineLoadOptions,
  generatorCpus?: string,
  onWindow?: (window: LoadWindowReport) => void,
): RunningTimeline {
  const timeoutSeconds = options.durationSeconds + options.timeoutSeconds + 30;
  return startLoadChild<TimelineLoadResult>(compiledScript('scripts/load/timeline-main'), options, {
    timeoutSeconds,
    ...(generatorCpus !== undefined ? { cpus: generatorCpus } : {}),
    ...(onWindow !== undefined ? { onWindow } : {}),
  });
}
