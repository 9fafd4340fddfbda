// `npm run screenshots -- <reports/<run-id>/index.html>`: the README's pictures, taken from a real run's report in
// chromium: the story cards that open it, one section's charts, and the printed handout's first page.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hasChromium, NO_CHROMIUM, openPage } from '../browser.js';
import { REPO_ROOT } from '../paths.js';

const USAGE = 'usage: npm run screenshots -- <reports/<run-id>/index.html> [--out <folder>] (default docs/images)';
/** Each picture: a file name and the part of the report it shows. */
const SHOTS = [
  { file: 'report-cards.png', selector: '#story', what: 'the story cards that open a report' },
  { file: 'report-latency.png', selector: '#latency figure', what: "the latency section's first chart" },
  { file: 'report-isolation-placement.png', selector: '#isolation-placement + p + table', what: 'one bug in three places' },
] as const;

const { values, positionals } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, help: { type: 'boolean' } } });
  } catch (error) {
    process.stderr.write(`SCL_ERR_BAD_FLAG: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
})();
if (values.help === true) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals.length !== 1) {
  process.stderr.write(`SCL_ERR_BAD_FLAG: give one report (index.html)\n${USAGE}\n`);
  process.exit(2);
}
if (!hasChromium) {
  process.stderr.write(`SCL_ERR_NO_BROWSER: ${NO_CHROMIUM}\n`);
  process.exit(1);
}
const out = resolve(values.out ?? resolve(REPO_ROOT, 'docs', 'images'));
await mkdir(out, { recursive: true });
const { browser, page, errors } = await openPage(`file://${resolve(positionals[0]!)}`, { offline: true, width: 1200, height: 900 });
try {
  // chart.js draws after load; its animations are off in the report, one frame is enough.
  await page.waitForLoadState('load');
  for (const shot of SHOTS) {
    const section = page.locator(shot.selector);
    if ((await section.count()) === 0) {
      process.stderr.write(`skipped ${shot.file}: this report has no ${shot.selector} (${shot.what})\n`);
      continue;
    }
    // A section heading and what follows it up to the next: the element, or the heading's parent section.
    await section.first().screenshot({ path: resolve(out, shot.file) });
    process.stdout.write(`${resolve(out, shot.file)}: ${shot.what}\n`);
  }
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: resolve(out, 'report-handout.pdf'), format: 'A4', pageRanges: '1' });
  process.stdout.write(`${resolve(out, 'report-handout.pdf')}: the printed handout's first page\n`);
} finally {
  await browser.close();
}
if (errors.length > 0) {
  process.stderr.write(`the report logged errors: ${errors.join('; ')}\n`);
  process.exitCode = 1;
}
