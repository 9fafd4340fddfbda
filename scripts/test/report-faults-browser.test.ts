// The fault sections of a report in a browser: every timeline chart draws, the console stays clean, the results validate.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { evaluateClaims } from '../report/claims.js';
import { writeRunReport } from '../report/write.js';
import { REPORTS_DIR } from '../paths.js';
import { validateResults } from '../results/validate.js';
import { syntheticFaultResults } from './synthetic-faults.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`SKIPPED fault report browser test: ${CHROMIUM} is missing; install it with apt-get install -y chromium`);

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

describe('the fault sections of the report', () => {
  it('results with the three fault scenarios match the schema, and every fault claim gets a computed verdict', () => {
    const results = syntheticFaultResults();
    expect(validateResults(results)).toEqual([]);
    const rows = evaluateClaims(results);
    for (const id of ['C3', 'A1', 'K3', 'C5']) expect(rows.find((row) => row.id === id)!.verdict, id).not.toBe('not measured');
  });

  it.skipIf(!hasChromium)('draws every timeline chart with pixels and logs no console error', async () => {
    const runDir = join(REPORTS_DIR, 'test-screenshots', 'synthetic-faults');
    await mkdir(runDir, { recursive: true });
    const htmlPath = await writeRunReport(syntheticFaultResults(), runDir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.route(/^https?:/, async (route) => {
      errors.push(`network request to ${route.request().url()}`);
      await route.abort();
    });
    await page.goto(`file://${htmlPath}`);
    const canvases = await page.evaluate(() => [...(globalThis as any).document.querySelectorAll('#isolation canvas, #resilience canvas, #lifecycle canvas')].map((canvas: any) => {
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! > 0) painted++;
      return { id: canvas.id, rendered: canvas.dataset.rendered === 'true', painted };
    }));
    // isolation: 2 per fault (3 faults); resilience: 2; lifecycle: 1.
    expect(canvases.length).toBe(9);
    for (const canvas of canvases) {
      expect(canvas, canvas.id).toMatchObject({ rendered: true });
      expect(canvas.painted, `${canvas.id} painted pixels`).toBeGreaterThan(500);
    }
    await page.screenshot({ path: join(REPORTS_DIR, 'test-screenshots', 'report-faults.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});
