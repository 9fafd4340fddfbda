// Formatting shared by the fault sections: before → during → after triples, shares, seconds, log accounting.
import type { LogAccounting } from '../../scripts/faults/log-accounting.js';
import type { WindowFigures } from '../../scripts/faults/figures.js';
import type { Phases } from './fault-analysis.js';
import { escapeHtml, formatBytes, formatMicros, formatNumber } from '../../scripts/report/html.js';

export function triple<T>(phases: Phases<T>, format: (value: T) => string): string {
  return `${format(phases.before)} → <strong>${format(phases.during)}</strong> → ${format(phases.after)}`;
}

export function percent(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '–' : `${(share * 100).toFixed(digits)}%`;
}

export function seconds(value: number | null | undefined, whenNull = '–'): string {
  return value === null || value === undefined ? whenNull : formatNumber(value, 2, 's');
}

export function p50(figures: WindowFigures): string {
  return formatMicros(figures.p50Micros);
}

export function p99(figures: WindowFigures): string {
  return formatMicros(figures.p99Micros);
}

export function failedShare(figures: WindowFigures): string {
  return figures.requests === 0 ? '–' : `${percent(figures.errorRate)}`;
}

export function rss(phases: Phases<number | null>): string {
  if (phases.before === null && phases.during === null && phases.after === null) return '–';
  return triple(phases, (value) => formatBytes(value));
}

/** What failed, by kind: "ECONNREFUSED 245, 502 ×12". */
export function failureKinds(figures: WindowFigures): string {
  const parts = [
    ...Object.entries(figures.statuses).map(([status, count]) => `${status} ×${count}`),
    ...Object.entries(figures.errorCodes).map(([code, count]) => `${code} ×${count}`),
  ];
  return parts.length === 0 ? '' : `<br><span class="muted">${escapeHtml(parts.join(', '))}</span>`;
}

export function logsCell(logs: LogAccounting | null): string {
  if (logs === null) return '<span class="muted">no logs in this mode</span>';
  const lost = logs.exact ? `${logs.lost}` : `≥ ${logs.lost}`;
  return `written ${logs.written}${logs.exact ? '' : '+'}, delivered ${logs.delivered}, <strong>lost ${lost}</strong>, duplicated ${logs.duplicates}`;
}
