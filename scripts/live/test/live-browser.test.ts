// The live page in Debian's chromium during a real run: a chart is drawn and a fault is listed before the run ends;
// the page is kept as a screenshot.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium, NO_CHROMIUM } from '../../browser.js';
import { REPORTS_DIR } from '../../paths.js';
import { startLiveBench } from './live-bench.js';

if (!hasChromium) console.warn(`SKIPPED live page browser test: ${NO_CHROMIUM}`);

let browser: Browser | undefined;
let outDir: string | undefined;
afterAll(async () => {
  await browser?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Pixels with any opacity on a canvas: a chart with nothing drawn has only its axes. */
const PAINTED = `(() => { const canvas = document.getElementById('clients-chart');
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0; for (let index = 3; index < pixels.length; index += 4) if (pixels[index] > 0) painted++; return painted; })()`;

describe.skipIf(!hasChromium)('the live page in a browser', () => {
  it('draws the clients chart and lists a fault while the run goes on, offline, with a clean console', async () => {
    outDir = await mkdtemp(join(tmpdir(), 'scl-live-browser-'));
    const { bench, url } = startLiveBench(['--smoke', '--scenario', 'isolation', '--langs', 'ts'], outDir);
    const page = await url;
    browser = await launchChromium();
    const tab = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    const errors: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    tab.on('pageerror', (error) => errors.push(String(error)));
    // Offline but for the live server itself: anything else fails the test.
    await tab.route(
      (target) => !target.href.startsWith(page),
      async (route) => {
        errors.push(`request to ${route.request().url()}`);
        await route.abort();
      },
    );
    const emptyPaint = await (async () => {
      await tab.goto(page);
      await tab.waitForFunction('typeof Chart === "function"');
      return (await tab.evaluate(PAINTED)) as number;
    })();
    // A fault listed with what its clients saw, and the clients chart drawn, while the bench still runs.
    await tab.waitForSelector('#faults tr[data-fault="feature-crash"] td.bad', { timeout: 60_000 });
    await tab.waitForFunction(`${PAINTED} > ${emptyPaint + 2000}`, undefined, { timeout: 30_000 });
    expect(bench.exitCode).toBeNull();
    const row = await tab.textContent('#faults tr[data-fault="feature-crash"]');
    expect(row).toMatch(/feature-crash.*library \(ts\)/);
    expect(await tab.textContent('#status')).toBe('running');
    await mkdir(join(REPORTS_DIR, 'test-screenshots'), { recursive: true });
    await tab.screenshot({ path: join(REPORTS_DIR, 'test-screenshots', 'live.png'), fullPage: true });
    const result = await bench;
    expect(result.exitCode, result.all).toBe(0);
    await tab.waitForFunction('document.getElementById("status").textContent === "complete"', undefined, { timeout: 10_000 });
    expect(errors).toEqual([]);
  }, 180_000);
});
