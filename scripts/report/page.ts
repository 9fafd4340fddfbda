// The report page shell: inline CSS (with a print sheet: the claim cards on one A4 page), chart.js inlined from node_modules,
// and the script that draws every chart; flame graphs bring their own renderer (flamegraph.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths.js';
import { flameGraphScripts } from './flamegraph.js';
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
.note{background:#f9fafb;border-left:4px solid #93c5fd;padding:.5rem 1rem;margin:1rem 0}nav{display:flex;flex-wrap:wrap;gap:.2rem .8rem}
code{background:#f3f4f6;padding:0 .2rem;border-radius:3px}
.flames{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1rem}.flame{width:100%;overflow:hidden}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:.8rem}
.card{border:1px solid #d1d5db;border-left-width:6px;border-radius:6px;padding:.5rem .7rem;display:flex;flex-direction:column;font-size:.88rem}
.card.supported{border-left-color:#16a34a}.card.not-supported{border-left-color:#dc2626}.card.depends{border-left-color:#ca8a04}
.card.not-measured{border-left-color:#9ca3af;border-left-style:dashed}
.card h3{margin:0 0 .3rem;font-size:1rem;display:flex;justify-content:space-between;align-items:baseline}
.card .statement{margin:0 0 .4rem;font-weight:600}.card .deciding{margin:0 0 .3rem}.card figure{margin:.2rem 0}.card figcaption{display:none}
.card .evidence{margin:0 0 .3rem;color:#374151;display:-webkit-box;-webkit-line-clamp:5;-webkit-box-orient:vertical;overflow:hidden}
.card .evidence-link{margin-top:auto;font-size:.85em}
@media print{
@page{size:A4;margin:10mm}
body{max-width:none;padding:0;font-size:9pt}nav{display:none}h1{font-size:14pt;margin:0 0 2mm}
#story{break-after:page}#story h2{margin-top:2mm;font-size:12pt}#story>p{margin:1mm 0;font-size:8pt}.note{padding:1mm 3mm;margin:1mm 0}
.cards{grid-template-columns:repeat(3,1fr);gap:1.5mm}.card{break-inside:avoid;padding:1mm 2mm;font-size:7.5pt;line-height:1.3}
.card figure{display:none}.card .evidence{-webkit-line-clamp:4}.card h3{font-size:9pt;margin:0 0 .5mm}.card .statement{margin:0 0 .5mm}
.chart,figure,table{break-inside:avoid}h2,h3{break-after:avoid}
}`;

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
${flameGraphScripts(body)}
</body></html>
`;
}
