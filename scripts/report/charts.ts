// Chart.js configurations the report uses: bars with confidence intervals, lines, time series, log-scale bars.

export const MODE_COLORS: Record<string, string> = {
  none: '#6b7280',
  library: '#2563eb',
  sidecar: '#dc2626',
  // The colours the live view gave them by their place in MODES, now theirs in every chart (a line's p50 and p99 alike).
  native: '#b45309',
  agent: '#0f766e',
  app: '#2563eb',
  controlplane: '#6b7280',
  loadgen: '#a16207',
  'in-process': '#16a34a',
  'http-tcp': '#2563eb',
  'http-uds': '#7c3aed',
  'grpc-tcp': '#dc2626',
  'grpc-uds': '#ea580c',
};
const FALLBACK_COLORS = ['#0891b2', '#65a30d', '#c026d3', '#b45309', '#0f766e', '#4338ca'];

export function colorFor(name: string, index = 0): string {
  return MODE_COLORS[name] ?? FALLBACK_COLORS[index % FALLBACK_COLORS.length]!;
}

export interface BarSeries {
  label: string;
  values: (number | null)[];
  /** 95% interval per value, drawn as whiskers by the page's errorBars plugin. */
  intervals?: ({ low: number; high: number } | null)[];
}

export function barChart(labels: string[], series: BarSeries[], yTitle: string, options: { logarithmic?: boolean } = {}): unknown {
  return {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((one, index) => ({
        label: one.label,
        data: one.values,
        backgroundColor: colorFor(one.label, index),
        errorBars: one.intervals ?? null,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        y: {
          type: options.logarithmic ? 'logarithmic' : 'linear',
          title: { display: true, text: yTitle },
          ...(options.logarithmic ? {} : { beginAtZero: true }),
        },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}

export interface LineSeries {
  label: string;
  points: { x: number; y: number | null }[];
}

export function lineChart(
  series: LineSeries[],
  xTitle: string,
  yTitle: string,
  options: { logarithmicY?: boolean; stepped?: boolean } = {},
): unknown {
  return {
    type: 'line',
    data: {
      datasets: series.map((one, index) => ({
        label: one.label,
        data: one.points,
        borderColor: colorFor(one.label.split(' ')[0] ?? one.label, index),
        backgroundColor: colorFor(one.label.split(' ')[0] ?? one.label, index),
        pointRadius: 3,
        spanGaps: false,
        ...(options.stepped ? { stepped: true } : {}),
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      parsing: true,
      scales: {
        x: { type: 'linear', title: { display: true, text: xTitle } },
        y: {
          type: options.logarithmicY ? 'logarithmic' : 'linear',
          title: { display: true, text: yTitle },
          ...(options.logarithmicY ? {} : { beginAtZero: true }),
        },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}
