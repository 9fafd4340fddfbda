// The profile section of a report rendered from the stored sample, in Debian's chromium offline: a flame graph per
// profiled process, drawn side by side, its frames named after the profile's functions, and no console error.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { REPORTS_DIR } from '../../../scripts/paths.js';
import { writeRunReport } from '../../../scripts/report/write.js';
import { hasChromium, openReport, warnIfNoChromium } from '../../test/support/report-page.js';
import { SCENARIOS } from '../../test/support/registry.js';
import { sampleRun, storedSampleData } from '../../test/support/sample-run.js';
import type { ProfileData } from '../run.js';

/** The little of the DOM the page-side function below reads (the project compiles without the DOM types). */
interface DomElement {
  dataset: Record<string, string | undefined>;
  querySelectorAll(selector: string): Iterable<DomElement> & { length: number };
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number; left: number; width: number };
}
type Dom = { document: { getElementById(id: string): DomElement | null } };

warnIfNoChromium('flame graph browser test');

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!hasChromium)('the profile flame graphs in a browser', () => {
  it('draws one flame graph per profiled process, side by side, from the stored sample', async () => {
    const sample = storedSampleData('profile') as ProfileData;
    const processes = sample.cells.flatMap((cell) => cell.files.map((file) => ({ id: `flame-${cell.mode}-${file.role}`, file })));
    expect(processes.length).toBeGreaterThan(1);
    const results = sampleRun();
    results.scenarios = results.scenarios.filter((scenario) => scenario.id === 'profile');
    const runDir = join(REPORTS_DIR, 'test-screenshots', 'profile-run');
    await mkdir(runDir, { recursive: true });
    const opened = await openReport(await writeRunReport(results, runDir, SCENARIOS));
    browser = opened.browser;
    const { page, errors } = opened;
    const graphs = await page.evaluate(
      (ids) =>
        ids.map((id) => {
          const container = (globalThis as unknown as Dom).document.getElementById(id);
          if (container === null) return null;
          const frames = [...container.querySelectorAll('svg g.frame')];
          const box = container.getBoundingClientRect();
          return {
            rendered: container.dataset.rendered === 'true',
            frames: frames.length,
            names: frames.map((frame) => frame.getAttribute('name') ?? ''),
            top: box.top,
            left: box.left,
          };
        }),
      processes.map(({ id }) => id),
    );
    processes.forEach(({ id, file }, index) => {
      const graph = graphs[index];
      expect(graph, id).not.toBeNull();
      expect(graph!.rendered, id).toBe(true);
      expect(graph!.frames, `${id} frames drawn`).toBeGreaterThan(5);
      // The busiest function of the table (idle is not drawn) is a frame of the graph.
      const busiest = file.topFunctions.find((fn) => fn.function !== '(idle)')!;
      expect(graph!.names, id).toContain(busiest.function);
    });
    // Side by side: the first two (the sidecar cell's sidecar and app) on one row.
    expect(graphs[0]!.top).toBe(graphs[1]!.top);
    expect(graphs[1]!.left).toBeGreaterThan(graphs[0]!.left);
    await page.locator('#profile').screenshot({ path: join(REPORTS_DIR, 'test-screenshots', 'profile-flame.png') });
    expect(errors).toEqual([]);
  }, 60_000);
});
