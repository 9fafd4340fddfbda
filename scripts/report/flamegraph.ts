// Flame graphs in the report: d3-flame-graph, a maintained renderer, drawn from a stored call tree (stacks with self
// time). Its UMD build reads d3 as a global, so d3's own UMD bundle is inlined before it; both come from node_modules,
// as chart.js does (page.ts), so the report draws them offline. Only a page that holds a flame graph carries them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths.js';
import { escapeHtml, scriptJson } from './html.js';

// The packages' exports maps hide dist/, so the files are read by their paths in node_modules.
export const D3_PATH = join(REPO_ROOT, 'node_modules', 'd3', 'dist', 'd3.min.js');
export const FLAME_GRAPH_PATH = join(REPO_ROOT, 'node_modules', 'd3-flame-graph', 'dist', 'd3-flamegraph.umd.min.js');

/** One frame: the time of the samples whose stack ended in it, and the frames it called. */
export interface FlameNode {
  /** `name (file:line)`; `(other)` stands for the callees too small to draw. */
  name: string;
  /** Samples whose stack ended in this frame. */
  selfMillis: number;
  /** Absent on a frame that called nothing, to keep results.json small. */
  children?: FlameNode[];
}

/** The attribute a flame graph's data carries: the page adds the renderer only when one is there. */
const MARKER = 'data-flame-graph';

/** A flame graph of `root`; `id` must be unique in the page. */
export function flameGraph(id: string, root: FlameNode, caption: string): string {
  return `<figure><div class="flame" id="${escapeHtml(id)}" role="img" aria-label="${escapeHtml(caption)}"></div>
<script type="application/json" ${MARKER}="${escapeHtml(id)}">${scriptJson(root)}</script><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/**
 * Draws each stored tree. selfValue(true): a frame's value is its self time and d3-flame-graph adds its callees'
 * to make its width. No transition, so a screenshot or a printed page gets the finished graph at once.
 */
const FLAME_SCRIPT = `
document.querySelectorAll('script[${MARKER}]').forEach((element) => {
  const container = document.getElementById(element.getAttribute('${MARKER}'));
  const toD3 = (node) => ({ name: node.name, value: node.selfMillis, children: (node.children || []).map(toD3) });
  const data = toD3(JSON.parse(element.textContent));
  const chart = flamegraph.default()
    .width(Math.max(300, container.clientWidth))
    .cellHeight(16)
    .selfValue(true)
    .transitionDuration(0)
    .minFrameSize(1)
    .label((d) => d.data.name + ': ' + d.value.toFixed(1) + ' ms');
  d3.select(container).datum(data).call(chart);
  container.dataset.rendered = 'true';
});`;

let libraries: string | undefined;

/** The renderer and the script that draws the page's flame graphs, or nothing when `body` has none. */
export function flameGraphScripts(body: string): string {
  if (!body.includes(MARKER)) return '';
  libraries ??= [D3_PATH, FLAME_GRAPH_PATH]
    .map((path) => `<script>${readFileSync(path, 'utf8').replace(/<\/script/gi, '<\\/script')}</script>`)
    .join('\n');
  return `${libraries}<script>${FLAME_SCRIPT}</script>`;
}
