// Opens a generated report in Debian's chromium: every chart drew something, the console stayed clean; a screenshot is kept.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { writeRunReport } from '../report/write.js';
import { REPORTS_DIR } from '../paths.js';
import { syntheticResults } from './synthetic-results.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  // Said out loud so a missing browser is never mistaken for a pass.
  console.warn(`SKIPPED report browser test: ${CHROMIUM} is missing; install it with apt-get install -y chromium (.ci/run does)`);
}

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!hasChromium)('the report in a browser', () => {
  it('renders every chart canvas with pixels, logs no console error, and is saved as a screenshot', async () => {
    const runDir = join(REPORTS_DIR, 'test-screenshots', 'synthetic-run');
    await mkdir(runDir, { recursive: true });
    const htmlPath = await writeRunReport(syntheticResults(), runDir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    // Offline: any request that leaves the file system fails the test.
    await page.route(/^https?:/, async (route) => {
      errors.push(`network request to ${route.request().url()}`);
      await route.abort();
    });
    await page.goto(`file://${htmlPath}`);
    // Runs in the page; written against `globalThis` because this project compiles without the DOM types.
    const canvases = await page.evaluate(() => [...(globalThis as any).document.querySelectorAll('canvas')].map((canvas: any) => {
      const context = canvas.getContext('2d');
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! > 0) painted++;
      return { id: canvas.id, rendered: canvas.dataset.rendered === 'true', painted, width: canvas.width };
    }));
    expect(canvases.length).toBeGreaterThan(10);
    for (const canvas of canvases) {
      expect(canvas, canvas.id).toMatchObject({ rendered: true });
      expect(canvas.painted, `${canvas.id} painted pixels`).toBeGreaterThan(500);
    }
    await page.screenshot({ path: join(REPORTS_DIR, 'test-screenshots', 'report.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});
