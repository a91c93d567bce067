import type { TopLevelSpec } from 'vega-lite';

/** A chart as a Vega-Lite specification: what the report holds until it is drawn. */
export type ChartSpec = TopLevelSpec;

/**
 * Vega measures text with a canvas when the `canvas` package is installed and estimates it otherwise;
 * it is not installed, so a named font family with ordinary metrics keeps the estimates close.
 */
export const CHART_FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';

const BASE_CONFIG = {
  font: CHART_FONT,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 13, anchor: 'start' },
} as const;

/**
 * Draws a chart to a standalone SVG string with Vega, offline and without a browser: Vega-Lite
 * compiles the spec, a headless Vega view (renderer "none") renders it. No script, no external
 * resource ends up in the SVG; the XML namespace declarations are the only URLs, and `inlineSvg`
 * drops them for embedding in HTML.
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  // Loaded on first use: most commands never draw a chart, and Vega is a large module graph.
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const withConfig = { ...spec, config: { ...BASE_CONFIG, ...(spec.config ?? {}) } } as ChartSpec;
  const compiled = vegaLite.compile(withConfig).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** An SVG for inline use in an HTML page: HTML gives the namespace, so the declarations (URLs) go. */
export function inlineSvg(svg: string, label: string): string {
  return svg
    .replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')
    .replace(/^<svg /, `<svg role="img" aria-label="${label.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}" `);
}
