import { describe, expect, it } from 'vitest';
import {
  heatmapChart,
  inlineSvg,
  intervalChart,
  pairDistributionChart,
  permutationNullChart,
  renderSvg,
} from '../src/report/charts/index.js';
import { histogram } from '../src/score/index.js';

// Charts are Vega-Lite specs drawn by Vega in Node, without a canvas package: text must still be there.

const threshold = { value: 2, label: 'derived threshold (2)' };

describe('charts', () => {
  it('draw every kind to SVG with its marks and axis labels, and nothing that loads or runs', async () => {
    const svgs = await Promise.all([
      renderSvg(
        pairDistributionChart(
          [
            { score: 5, group: 'this pair', label: 'a × b' },
            { score: 0.3, group: 'other pairs', label: 'a × c' },
            { score: -0.4, group: 'other pairs', label: 'b × c' },
          ],
          ['this pair', 'other pairs'],
          threshold,
        ),
      ),
      renderSvg(
        intervalChart(
          [
            { name: 'coding', score: 1.2, low: 0.4, high: 2.5 },
            { name: 'identity', score: 3, low: null, high: null },
          ],
          'probe category',
          threshold,
        ),
      ),
      renderSvg(permutationNullChart(histogram([-0.1, 0, 0.02, 0.05, -0.03], 10, 0.3), 0.3, 'observed 0.300')),
      renderSvg(
        heatmapChart(
          ['a', 'b'],
          [
            { source: 'a', suspect: 'b', score: 2, text: '2.0' },
            { source: 'b', suspect: 'a', score: 2, text: '2.0' },
          ],
        ),
      ),
    ]);
    for (const svg of svgs) {
      expect(svg).toMatch(/^<svg /);
      expect(svg).toMatch(/<path|<rect|<line/);
      expect(svg).not.toMatch(/<script|<image|<foreignObject|href=/i);
      expect(svg.replace(/xmlns(:xlink)?="[^"]*"/g, '')).not.toMatch(/https?:\/\//);
    }
    expect(svgs[0]).toContain('>calibrated score<');
    expect(svgs[0]).toContain('>derived threshold (2)<');
    expect(svgs[1]).toContain('>coding<');
    expect(svgs[2]).toContain('>trimmed mean excess similarity over probes<');
    expect(svgs[3]).toContain('>2.0<');
    expect(svgs[0]).toContain('font-family="DejaVu Sans');
  });

  it('escape model names, and lose their namespace URLs when inlined', async () => {
    const models = ['<script>alert(1)</script>', 'b'];
    const cells = [
      { source: models[0]!, suspect: 'b', score: 1, text: '1.0' },
      { source: 'b', suspect: models[0]!, score: 1, text: '1.0' },
    ];
    const svg = inlineSvg(await renderSvg(heatmapChart(models, cells)), 'a "label" <here>');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).not.toMatch(/xmlns|https?:/);
    expect(svg).toMatch(/^<svg role="img" aria-label="a &#34;label&#34; &#60;here&#62;" /);
  });
});
