// A generated report opened in Debian's chromium, offline, with every console error and network request kept.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const hasChromium = existsSync(CHROMIUM);

/** Said out loud so a missing browser is never mistaken for a pass. */
export function warnIfNoChromium(test: string): void {
  if (!hasChromium) console.warn(`SKIPPED ${test}: ${CHROMIUM} is missing; install it with apt-get install -y chromium (.ci/run does)`);
}

export interface OpenedReport {
  browser: Browser;
  page: Page;
  /** Console errors, page errors and requests that left the file system. */
  errors: string[];
}

export async function openReport(htmlPath: string): Promise<OpenedReport> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
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
  return { browser, page, errors };
}

export interface CanvasPaint {
  id: string;
  rendered: boolean;
  /** Pixels with any opacity: a chart that drew nothing has none. */
  painted: number;
}

/** The little of a page's canvas this reads, declared here because this project compiles without the DOM types. */
interface PageCanvas {
  id: string;
  width: number;
  height: number;
  dataset: Record<string, string | undefined>;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray } };
}

/** The page's global, as far as the function below reads it. */
type PageGlobal = { document: { querySelectorAll(query: string): Iterable<PageCanvas> } };

export function canvasPaint(page: Page, selector: string): Promise<CanvasPaint[]> {
  // Runs in the page (the function is sent there as source, so it may use nothing from this module's scope).
  return page.evaluate(
    (query) =>
      [...(globalThis as unknown as PageGlobal).document.querySelectorAll(query)].map((canvas) => {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! > 0) painted++;
        return { id: canvas.id, rendered: canvas.dataset.rendered === 'true', painted };
      }),
    selector,
  );
}
