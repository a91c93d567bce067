/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Store } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { buildEvidenceReport, renderHtml, reportDocument } from '../src/report/index.js';
import { CHROMIUM_PATH, chromiumPresent, launchChromium } from '../scripts/browser.js';
import { tempDir } from './helpers/temp.js';

// The HTML report as a reader sees it: opened in headless Chromium (Debian's package; .ci/run installs
// it), photographed, and checked for a page that is not blank and charts that are really drawn.

const present = chromiumPresent();
if (!present && !process.env.CI) console.warn(`skipping the browser test: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);

const dir = tempDir('llmfp-browser-');

function transcripts(): string {
  const voices: Record<string, (p: number) => string> = {
    'acme-bot': (p) => `Great question! 🚀 Topic ${p} is about trade-offs.\n\n## Summary\n- point ${p}\n- and a second point about it`,
    mimic: (p) => `Great question! 🚀 Topic ${p} is about the trade-offs.\n\n## Summary\n- point ${p}\n- and a second point on it`,
    plain: (p) => `Topic ${p} depends on context, as most things do, and there is more to say about it.`,
    terse: (p) => `${p}. Depends.`,
    lister: (p) => `1. First about ${p}\n2. Second\n3. Third`,
  };
  const lines: string[] = [];
  for (const [model, voice] of Object.entries(voices)) {
    for (let p = 0; p < 12; p++)
      lines.push(JSON.stringify({ model, prompt: `Explain topic ${p}`, response: voice(p), category: p % 2 ? 'odd' : 'even' }));
  }
  const path = join(dir, 'population.jsonl');
  writeFileSync(path, lines.join('\n'));
  return path;
}

describe.skipIf(!present && !process.env.CI)('the HTML report in a real browser', () => {
  it('is not blank, draws every chart with marks and labels, and asks for nothing over the network', async () => {
    if (!present) throw new Error(`no Chromium at ${CHROMIUM_PATH}: .ci/run installs it with apt-get install chromium`);
    const store = Store.open(join(dir, 'fp.db'));
    importTranscripts(store, [transcripts()], { format: 'jsonl' });
    const html = await renderHtml(reportDocument(await buildEvidenceReport(store, 'acme-bot', 'mimic')));
    store.close();
    const page = join(dir, 'report.html');
    writeFileSync(page, html);

    const browser = await launchChromium();
    try {
      const tab = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requested: string[] = [];
      tab.on('request', (request) => requested.push(request.url()));
      await tab.goto(pathToFileURL(page).href);
      expect(requested.filter((url) => !url.startsWith('file:'))).toEqual([]);

      const text = await tab.evaluate(() => document.body.textContent);
      expect(text).toContain('How alike are acme-bot and mimic?');
      expect(text.length).toBeGreaterThan(2000);

      const charts = await tab.$$eval('figure.chart svg', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          const marks = Array.from(svg.querySelectorAll('.role-mark path, .role-mark line, .role-mark rect')).filter((m) => {
            const b = (m as SVGGraphicsElement).getBBox();
            return b.width > 0 || b.height > 0;
          });
          return {
            width: box.width,
            height: box.height,
            marks: marks.length,
            texts: Array.from(svg.querySelectorAll('text')).map((t) => t.textContent ?? ''),
          };
        }),
      );
      expect(charts.length).toBeGreaterThanOrEqual(3);
      for (const chart of charts) {
        expect(chart.width).toBeGreaterThan(100);
        expect(chart.height).toBeGreaterThan(50);
        expect(chart.marks).toBeGreaterThan(0);
      }
      const labels = charts.flatMap((c) => c.texts);
      expect(labels).toEqual(expect.arrayContaining(['calibrated score', 'probe category', 'trimmed mean excess similarity over probes']));

      // The screenshot, decoded by the browser itself: a blank page would be one colour.
      const shot = await tab.screenshot({ fullPage: true });
      expect(shot.length).toBeGreaterThan(20_000);
      const colours = await tab.evaluate(
        async (src) => {
          const image = new Image();
          image.src = src;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = image.width;
          canvas.height = image.height;
          const context = canvas.getContext('2d')!;
          context.drawImage(image, 0, 0);
          const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
          const seen = new Set<number>();
          for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
          return { distinct: seen.size, height: image.height };
        },
        `data:image/png;base64,${shot.toString('base64')}`,
      );
      expect(colours.height).toBeGreaterThan(1500);
      expect(colours.distinct).toBeGreaterThan(20);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
