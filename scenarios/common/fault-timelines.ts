// Chart.js timelines of fault episodes: failed share and p99 per time bucket, one line per cell, the fault's window shaded.
import type { TimelineLoadResult } from '../../scripts/load/timeline-types.js';
import { failedIn } from '../../scripts/faults/figures.js';
import { summarizeEncoded } from '../../scripts/stats/histogram.js';
import { colorFor } from '../../scripts/report/charts.js';

export interface TimelineLine {
  /** Starts with the mode, so the line takes the mode's colour: "sidecar (ts)". */
  label: string;
  timeline: TimelineLoadResult;
}

const FAULT_FILL = 'rgba(250, 204, 21, 0.25)';

function points(line: TimelineLine, value: (index: number) => number | null): { x: number; y: number | null }[] {
  return line.timeline.buckets.map((_, index) => ({ x: Number((index * line.timeline.bucketSeconds).toFixed(3)), y: value(index) }));
}

/** A filled band over [start, end) at the top of the axis: where the fault was in force. */
function faultBand(startSeconds: number, endSeconds: number, top: number, label: string) {
  return {
    label,
    data: [
      { x: startSeconds, y: top },
      { x: endSeconds, y: top },
    ],
    fill: 'origin',
    backgroundColor: FAULT_FILL,
    borderColor: 'rgba(161, 98, 7, 0.6)',
    borderWidth: 1,
    pointRadius: 0,
    stepped: false,
    order: 10,
  };
}

function timelineConfig(datasets: unknown[], yTitle: string, logarithmic: boolean): unknown {
  return {
    type: 'line',
    data: { datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      parsing: true,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'seconds into the timeline' } },
        y: {
          type: logarithmic ? 'logarithmic' : 'linear',
          title: { display: true, text: yTitle },
          ...(logarithmic ? {} : { beginAtZero: true }),
        },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}

/** The mode gives the colour, the language the dash, so one chart can hold every cell. */
const LANG_DASHES: Record<string, number[]> = { ts: [], python: [7, 4], go: [2, 3], rust: [10, 3, 2, 3], java: [12, 6] };

function lineDataset(line: TimelineLine, index: number, data: { x: number; y: number | null }[]) {
  const color = colorFor(line.label.split(' ')[0] ?? line.label, index);
  const lang = /\(([a-z]+)\)/.exec(line.label)?.[1] ?? '';
  return {
    label: line.label,
    data,
    borderColor: color,
    backgroundColor: color,
    borderDash: LANG_DASHES[lang] ?? [4, 4],
    pointRadius: 0,
    borderWidth: 2,
    spanGaps: false,
    stepped: 'before',
  };
}

export function failedShareChart(
  lines: readonly TimelineLine[],
  band?: { startSeconds: number; endSeconds: number; label: string },
): unknown {
  const datasets: unknown[] = lines.map((line, index) =>
    lineDataset(
      line,
      index,
      points(line, (bucket) => {
        const one = line.timeline.buckets[bucket]!;
        return one.sent === 0 ? null : (100 * failedIn(one)) / one.sent;
      }),
    ),
  );
  if (band) datasets.push(faultBand(band.startSeconds, band.endSeconds, 100, band.label));
  return timelineConfig(datasets, 'requests failed, % of those sent', false);
}

export function p99Chart(lines: readonly TimelineLine[], band?: { startSeconds: number; endSeconds: number; label: string }): unknown {
  let top = 1;
  const datasets: unknown[] = lines.map((line, index) =>
    lineDataset(
      line,
      index,
      points(line, (bucket) => {
        const one = line.timeline.buckets[bucket]!;
        if (one.ok === 0) return null;
        const p99 = summarizeEncoded(one.latencyHistogram).p99Micros;
        if (p99 === null) return null;
        top = Math.max(top, p99 / 1000);
        return p99 / 1000;
      }),
    ),
  );
  if (band) datasets.push(faultBand(band.startSeconds, band.endSeconds, top, band.label));
  return timelineConfig(datasets, 'p99 of the answered requests, ms (log)', true);
}
