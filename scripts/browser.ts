// The one way the project drives a browser: Debian's chromium through playwright-core, headless and offline.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
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

/** What to say when chromium is missing, so a skipped browser step is never mistaken for a pass. */
export const NO_CHROMIUM = `${CHROMIUM} is missing; install it with apt-get install -y chromium (.ci/run does)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface OpenedPage {
  browser: Browser;
  page: Page;
  /** Console errors, page errors and requests that left the machine (or, with `offline`, left the file system). */
  errors: string[];
}

/** Opens `url` in a fresh browser; with `offline`, every http(s) request is refused and counted as an error. */
export async function openPage(url: string, options: { offline: boolean; width?: number; height?: number }): Promise<OpenedPage> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: options.width ?? 1200, height: options.height ?? 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  if (options.offline) {
    await page.route(/^https?:/, async (route) => {
      errors.push(`network request to ${route.request().url()}`);
      await route.abort();
    });
  }
  await page.goto(url);
  return { browser, page, errors };
}
