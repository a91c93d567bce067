// Makes docs/report-screenshot.png, the picture of an evidence report the README shows: the demo's
// example models answer in a temporary store, the report on orion and student is written as HTML,
// and Debian's headless Chromium photographs its top (summary, verdict, the first two charts).
//
//   npm run build && node dist/scripts/report-screenshot.js [out.png]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runDemo } from '../src/demo/index.js';
import { Store } from '../src/store/index.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { CHROMIUM_PATH, chromiumPresent, launchChromium } from './browser.js';

const out = resolve(process.argv[2] ?? join(PACKAGE_ROOT, 'docs', 'report-screenshot.png'));
if (!chromiumPresent()) {
  console.error(`no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'llmfp-screenshot-'));
try {
  const store = Store.open(join(dir, 'demo.db'));
  const reportPath = join(dir, 'report.html');
  try {
    await runDemo(store, { reportPath });
  } finally {
    store.close();
  }
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
    await page.goto(pathToFileURL(reportPath).href);
    // Down to the end of the second chart (scores by probe category); the page is not scrolled.
    const bottom = await page.$$eval('figure.chart', (figures) => Math.ceil(figures[1]!.getBoundingClientRect().bottom + 16));
    await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1000, height: bottom }, fullPage: true });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
