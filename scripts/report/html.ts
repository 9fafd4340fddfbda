// Small HTML helpers for the report: escaping, tables, and charts declared as data for the page's script.

export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** JSON safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[], className = ''): string {
  if (rows.length === 0) return '<p class="muted">nothing to show</p>';
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  // Cells are pre-rendered HTML: callers escape text with escapeHtml or use the formatters below.
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${className}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Collects the charts of one page; each becomes a <canvas> and a JSON config the page script renders. */
export class ChartRegistry {
  private readonly configs: { id: string; config: unknown }[] = [];

  add(config: unknown, caption: string, heightPixels = 280): string {
    const id = `chart-${this.configs.length + 1}`;
    this.configs.push({ id, config });
    return `<figure><div class="chart" style="height:${heightPixels}px"><canvas id="${id}" role="img" aria-label="${escapeHtml(caption)}"></canvas></div><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
  }

  scripts(): string {
    return this.configs
      .map(({ id, config }) => `<script type="application/json" data-chart="${id}">${scriptJson(config)}</script>`)
      .join('\n');
  }
}

export function formatMicros(micros: number | null | undefined): string {
  if (micros === null || micros === undefined || !Number.isFinite(micros)) return '–';
  if (Math.abs(micros) >= 10_000) return `${(micros / 1000).toFixed(1)} ms`;
  if (Math.abs(micros) >= 1000) return `${(micros / 1000).toFixed(2)} ms`;
  return `${Math.round(micros)} µs`;
}

export function formatNanos(nanos: number | null | undefined): string {
  if (nanos === null || nanos === undefined || !Number.isFinite(nanos)) return '–';
  // By magnitude, as formatMicros: a negative difference of 21707 ns reads 22 µs with its sign.
  return Math.abs(nanos) < 1000 ? `${nanos.toFixed(0)} ns` : formatMicros(nanos / 1000);
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatNumber(value: number | null | undefined, digits = 1, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

/** "12 µs [8, 15]" or "within noise" styling for a difference with an interval. */
export function formatInterval(
  estimate: { median: number; low: number; high: number; withinNoise?: boolean } | null,
  format: (value: number) => string,
): string {
  if (estimate === null) return '<span class="muted">not measured</span>';
  const text = `${format(estimate.median)} <span class="ci">[${format(estimate.low)}, ${format(estimate.high)}]</span>`;
  return estimate.withinNoise === true ? `<span class="noise" title="the 95% interval spans zero">${text} · within noise</span>` : text;
}
