// A generated report opened in Debian's chromium, offline, with every console error and network request kept.
import type { Page } from 'playwright-core';
import { hasChromium, NO_CHROMIUM, openPage, type OpenedPage } from '../../../scripts/browser.js';

export { hasChromium };

/** Said out loud so a missing browser is never mistaken for a pass. */
export function warnIfNoChromium(test: string): void {
  if (!hasChromium) console.warn(`SKIPPED ${test}: ${NO_CHROMIUM}`);
}

export type OpenedReport = OpenedPage;

/** A generated report, offline: any request that leaves the file system is an error. */
export function openReport(htmlPath: string): Promise<OpenedReport> {
  return openPage(`file://${htmlPath}`, { offline: true });
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
