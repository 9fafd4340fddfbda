// A scenario's load, watched live: with --live the generator reports windows of answers, said on the run's event channel.
import type { LoadWindowReport } from '../load/live-windows.js';
import type { EventCell } from './events.js';
import type { ScenarioContext } from './scenario.js';

/** Short enough to see a fault's first failures within a second, long enough to hold tens of requests at 50/s. */
export const LIVE_WINDOW_SECONDS = 0.5;

export interface LiveLoadWindows {
  /** Goes into the load's options: the generator reports windows only when this is set. */
  options: { liveWindowSeconds?: number };
  onWindow?: (window: LoadWindowReport) => void;
}

/** Nothing without --live: the generator then runs exactly as it always has. */
export function liveLoadWindows(context: Pick<ScenarioContext, 'options' | 'emit'>, label: string, cell?: EventCell): LiveLoadWindows {
  if (context.options.live === undefined) return { options: {} };
  return {
    options: { liveWindowSeconds: LIVE_WINDOW_SECONDS },
    onWindow: (window) =>
      context.emit({
        type: 'load-window',
        label,
        window: { ...(cell !== undefined ? { cell: { lang: cell.lang, mode: cell.mode } } : {}), ...window },
      }),
  };
}
