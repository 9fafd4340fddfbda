// The report page shell: inline CSS, chart.js inlined from node_modules, and the script that draws every chart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths.js';
import { escapeHtml } from './html.js';

// The package's exports map hides dist/, so the file is read by its path in node_modules.
export const CHART_JS_PATH = join(REPO_ROOT, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js');
let chartJsSource: string | undefined;

/** chart.js's UMD build, inlined so the report works offline (a workshop room has no network). */
function chartJs(): string {
  chartJsSource ??= readFileSync(CHART_JS_PATH, 'utf8').replace(/<\/script/gi, '<\\/script');
  return chartJsSource;
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1.5rem;color:#111827}
h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:2px solid #e5e7eb;padding-bottom:.3rem}h3{margin-top:1.5rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}th,td{border:1px solid #e5e7eb;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f9fafb}.muted{color:#6b7280}.ci{color:#6b7280;font-size:.85em}.noise{color:#6b7280;font-style:italic}
.chart{position:relative;width:100%}figure{margin:1rem 0}figcaption{color:#4b5563;font-size:.85rem}
.verdict{font-weight:600;padding:.1rem .4rem;border-radius:4px}.supported{background:#dcfce7}.not-supported{background:#fee2e2}
.depends{background:#fef9c3}.not-measured{background:#f3f4f6;color:#6b7280}.invalid{color:#b91c1c}.warn{color:#a16207}
.note{background:#f9fafb;border-left:4px solid #93c5fd;padding:.5rem 1rem;margin:1rem 0}nav a{margin-right:.8rem}
code{background:#f3f4f6;padding:0 .2rem;border-radius:3px}`;

/** Draws each dataset's `errorBars` ({low, high} per point) as whiskers over the bars. */
const PAGE_SCRIPT = `
Chart.defaults.animation = false;
Chart.register({
  id: 'errorBars',
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    chart.data.datasets.forEach((dataset, datasetIndex) => {
      if (!dataset.errorBars || chart.getDatasetMeta(datasetIndex).hidden) return;
      const meta = chart.getDatasetMeta(datasetIndex);
      const scale = chart.scales[meta.yAxisID];
      ctx.save(); ctx.strokeStyle = '#111827'; ctx.lineWidth = 1.2;
      meta.data.forEach((bar, index) => {
        const bounds = dataset.errorBars[index];
        if (!bounds || !(bounds.low > (scale.type === 'logarithmic' ? 0 : -Infinity))) return;
        const top = scale.getPixelForValue(bounds.high), bottom = scale.getPixelForValue(bounds.low), x = bar.x, cap = 4;
        ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, bottom);
        ctx.moveTo(x - cap, top); ctx.lineTo(x + cap, top); ctx.moveTo(x - cap, bottom); ctx.lineTo(x + cap, bottom); ctx.stroke();
      });
      ctx.restore();
    });
  },
});
document.querySelectorAll('script[data-chart]').forEach((element) => {
  const canvas = document.getElementById(element.dataset.chart);
  new Chart(canvas, JSON.parse(element.textContent));
  canvas.dataset.rendered = 'true';
});`;

export function renderPage(title: string, body: string, chartScripts = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
${body}
${chartScripts}
${chartScripts ? `<script>${chartJs()}</script><script>${PAGE_SCRIPT}</script>` : ''}
</body></html>
`;
}
