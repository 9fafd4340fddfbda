// Opens a generated report in Debian's chromium: every chart drew something, the console stayed clean; a screenshot is kept.
import { SCENARIOS } from './support/registry.js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { canvasPaint, hasChromium, openReport, warnIfNoChromium } from './support/report-page.js';
import { writeRunReport } from '../../scripts/report/write.js';
import { REPORTS_DIR } from '../../scripts/paths.js';
import { syntheticResults } from './synthetic-results.js';

warnIfNoChromium('report browser test');

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!hasChromium)('the report in a browser', () => {
  it('renders every chart canvas with pixels, logs no console error, and is saved as a screenshot', async () => {
    const runDir = join(REPORTS_DIR, 'test-screenshots', 'synthetic-run');
    await mkdir(runDir, { recursive: true });
    const htmlPath = await writeRunReport(syntheticResults(), runDir, SCENARIOS);
    const opened = await openReport(htmlPath);
    browser = opened.browser;
    const { page, errors } = opened;
    const canvases = await canvasPaint(page, 'canvas');
    expect(canvases.length).toBeGreaterThan(10);
    for (const canvas of canvases) {
      expect(canvas, canvas.id).toMatchObject({ rendered: true });
      expect(canvas.painted, `${canvas.id} painted pixels`).toBeGreaterThan(500);
    }
    await page.screenshot({ path: join(REPORTS_DIR, 'test-screenshots', 'report.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});
