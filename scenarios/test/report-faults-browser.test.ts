// The fault sections of a report in a browser: every timeline chart draws, the console stays clean, the results validate.
import { claimsOf, SCENARIOS } from './support/registry.js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { writeRunReport } from '../../scripts/report/write.js';
import { REPORTS_DIR } from '../../scripts/paths.js';
import { validateResults } from '../../scripts/results/validate.js';
import { canvasPaint, hasChromium, openReport, warnIfNoChromium } from './support/report-page.js';
import { syntheticFaultResults } from './synthetic-faults.js';

warnIfNoChromium('fault report browser test');

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

describe('the fault sections of the report', () => {
  it('results with the three fault scenarios match the schema, and every fault claim gets a computed verdict', () => {
    const results = syntheticFaultResults();
    expect(validateResults(results, SCENARIOS)).toEqual([]);
    const rows = claimsOf(results);
    for (const id of ['C3', 'A1', 'K3', 'C5']) expect(rows.find((row) => row.id === id)!.verdict, id).not.toBe('not measured');
  });

  it.skipIf(!hasChromium)(
    'draws every timeline chart with pixels and logs no console error',
    async () => {
      const runDir = join(REPORTS_DIR, 'test-screenshots', 'synthetic-faults');
      await mkdir(runDir, { recursive: true });
      const htmlPath = await writeRunReport(syntheticFaultResults(), runDir, SCENARIOS);
      const opened = await openReport(htmlPath);
      browser = opened.browser;
      const { page, errors } = opened;
      const canvases = await canvasPaint(page, '#isolation canvas, #resilience canvas, #lifecycle canvas');
      // isolation: 2 per fault (3 faults); resilience: 2; lifecycle: 1.
      expect(canvases.length).toBe(9);
      for (const canvas of canvases) {
        expect(canvas, canvas.id).toMatchObject({ rendered: true });
        expect(canvas.painted, `${canvas.id} painted pixels`).toBeGreaterThan(500);
      }
      await page.screenshot({ path: join(REPORTS_DIR, 'test-screenshots', 'report-faults.png'), fullPage: true });
      expect(errors).toEqual([]);
    },
    60_000,
  );
});
