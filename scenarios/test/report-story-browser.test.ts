// The report's first screen in Debian's chromium, rendered from the stored samples: thirteen cards in the catalogue's
// order with the verdicts the rules computed, their charts drawn, their links landing, and all of them on one A4 page in print.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CLAIMS } from '../../scripts/report/claims.js';
import { writeRunReport } from '../../scripts/report/write.js';
import { REPORTS_DIR } from '../../scripts/paths.js';
import { canvasPaint, hasChromium, openReport, warnIfNoChromium } from './support/report-page.js';
import { claimsOf, SCENARIOS } from './support/registry.js';
import { sampleRun } from './support/sample-run.js';

/** The little of the DOM the page-side functions below use (the project compiles without the DOM types). */
interface DomElement {
  id: string;
  textContent: string;
  offsetParent: unknown;
  querySelector(selector: string): DomElement;
  querySelectorAll(selector: string): Iterable<DomElement> & { length: number };
  getAttribute(name: string): string;
  getBoundingClientRect(): { bottom: number; right: number; width: number };
}
interface Dom {
  document: { querySelectorAll(selector: string): Iterable<DomElement>; getElementById(id: string): DomElement };
  scrollY: number;
  getComputedStyle(element: DomElement): { breakAfter: string };
}

warnIfNoChromium('story cards browser test');

/** A4 less the print sheet's 10 mm margins, in CSS pixels (96 per inch): what one printed page holds. */
const MM = 96 / 25.4;
const PRINTABLE = { width: Math.floor((210 - 20) * MM), height: Math.floor((297 - 20) * MM) };

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!hasChromium)('the story cards in a browser', () => {
  it('shows 13 cards with the computed verdicts, draws their charts, links each to its evidence, and prints them on one A4 page', async () => {
    const results = sampleRun();
    const claims = claimsOf(results);
    const runDir = join(REPORTS_DIR, 'test-screenshots', 'stored-samples');
    await mkdir(runDir, { recursive: true });
    const opened = await openReport(await writeRunReport(results, runDir, SCENARIOS));
    browser = opened.browser;
    const { page, errors } = opened;

    // Runs in the page; written against `globalThis` because this project compiles without the DOM types: `Dom` is the little of it used here.
    const cards = await page.evaluate(() =>
      [...(globalThis as unknown as Dom).document.querySelectorAll('#story .card')].map((card: DomElement) => ({
        id: card.id as string,
        verdict: card.querySelector('.verdict').textContent as string,
        href: card.querySelector('a.evidence-link').getAttribute('href') as string,
        resolves:
          (globalThis as unknown as Dom).document.getElementById(card.querySelector('a.evidence-link').getAttribute('href').slice(1)) !==
          null,
        canvases: card.querySelectorAll('canvas').length as number,
      })),
    );
    expect(cards.map((card) => card.id)).toEqual(CLAIMS.map((claim) => `card-${claim.id}`));
    for (const [index, card] of cards.entries()) {
      const claim = claims[index]!;
      expect(card.verdict, card.id).toMatch(new RegExp(`^. ${claim.verdict}$`));
      expect(card.resolves, `${card.id} links to ${card.href}`).toBe(true);
      // A chart exactly where the rule weighed its figure against another value.
      expect(card.canvases, card.id).toBe(claim.verdict !== 'not measured' && claim.deciding?.comparedWith !== undefined ? 1 : 0);
    }
    const charts = await canvasPaint(page, '#story .card canvas');
    expect(charts.length, 'cards with a chart in the stored samples').toBeGreaterThanOrEqual(3);
    for (const chart of charts) {
      expect(chart, chart.id).toMatchObject({ rendered: true });
      expect(chart.painted, `${chart.id} painted pixels`).toBeGreaterThan(500);
    }
    await page.screenshot({ path: join(REPORTS_DIR, 'test-screenshots', 'story.png') });

    // Print: the page laid out at A4's printable width; every card must end within the first page's height.
    await page.setViewportSize(PRINTABLE);
    await page.emulateMedia({ media: 'print' });
    const print = await page.evaluate(() => {
      const document = (globalThis as unknown as Dom).document;
      const boxes = [...document.querySelectorAll('#story .card')].map((card: DomElement) => {
        const box = card.getBoundingClientRect();
        return { bottom: box.bottom + (globalThis as unknown as Dom).scrollY, right: box.right, width: box.width };
      });
      const story = document.getElementById('story');
      return {
        boxes,
        breakAfter: (globalThis as unknown as Dom).getComputedStyle(story).breakAfter as string,
        visibleCardCharts: [...story.querySelectorAll('figure')].filter((figure: DomElement) => figure.offsetParent !== null).length,
      };
    });
    expect(print.boxes).toHaveLength(13);
    for (const [index, box] of print.boxes.entries()) {
      expect(box.bottom, `${CLAIMS[index]!.id} ends on the first page`).toBeLessThanOrEqual(PRINTABLE.height);
      expect(box.right, `${CLAIMS[index]!.id} fits the page's width`).toBeLessThanOrEqual(PRINTABLE.width);
    }
    // The charts and the detail sections start on the next page.
    expect(print.breakAfter).toBe('page');
    expect(print.visibleCardCharts).toBe(0);
    expect(errors).toEqual([]);
  }, 90_000);
});
