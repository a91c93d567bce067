import type { Histogram } from '../../score/index.js';
import type { ChartSpec } from './render.js';

/**
 * The report's charts as Vega-Lite specifications: data in, spec out, nothing drawn here. Every chart
 * is static (no tooltips or selections), since the page carries no script to run them.
 */

const WIDTH = 560;
const HIGHLIGHT = '#d62728';
const MUTED = '#7f7f7f';

/** A dashed vertical rule with a label on top, e.g. the derived threshold. */
function markerLayers(value: number, label: string, color = MUTED) {
  const data = { values: [{ x: value, label }] };
  return [
    { data, mark: { type: 'rule', strokeDash: [4, 3], color }, encoding: { x: { field: 'x', type: 'quantitative' } } },
    {
      data,
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, y: 0, color, fontSize: 10 },
      encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } },
    },
  ];
}

const GROUP_COLOURS: Record<string, string> = {
  'this pair': HIGHLIGHT,
  'labelled related': '#ff7f0e',
  'labelled independent': '#2ca02c',
  'other pairs': '#1f77b4',
};

export interface StripPoint {
  score: number;
  group: string;
  label: string;
}

/**
 * Where one pair's score sits among every pair in the store: one strip per group (the first group is
 * the pair itself, drawn as a diamond; then pairs labelled related or independent, the rest), one tick
 * per pair, and the derived threshold.
 */
export function pairDistributionChart(
  points: readonly StripPoint[],
  groups: readonly string[],
  threshold: { value: number; label: string },
): ChartSpec {
  return {
    width: WIDTH,
    height: { step: 34 },
    layer: [
      {
        data: { values: points.filter((p) => p.group !== groups[0]) },
        mark: { type: 'tick', thickness: 2, opacity: 0.55 },
        encoding: {
          x: { field: 'score', type: 'quantitative', title: 'calibrated score', scale: { zero: true, nice: true } },
          y: { field: 'group', type: 'nominal', title: null, sort: [...groups] },
          color: {
            field: 'group',
            type: 'nominal',
            legend: null,
            scale: { domain: [...groups], range: groups.map((g) => GROUP_COLOURS[g] ?? MUTED) },
          },
        },
      },
      {
        data: { values: points.filter((p) => p.group === groups[0]) },
        mark: { type: 'point', shape: 'diamond', filled: true, size: 220, color: HIGHLIGHT },
        encoding: {
          x: { field: 'score', type: 'quantitative' },
          y: { field: 'group', type: 'nominal', sort: [...groups] },
        },
      },
      ...markerLayers(threshold.value, threshold.label),
    ],
  } as ChartSpec;
}

export interface IntervalRow {
  name: string;
  score: number;
  low: number | null;
  high: number | null;
}

/** Scores with their 95% intervals, one row each (probe categories, or candidate sources), 0 and the threshold marked. */
export function intervalChart(rows: readonly IntervalRow[], axisTitle: string, threshold: { value: number; label: string }): ChartSpec {
  const values = rows.map((r) => ({ ...r, low: r.low ?? r.score, high: r.high ?? r.score }));
  const order = rows.map((r) => r.name);
  return {
    width: WIDTH,
    height: { step: 22 },
    layer: [
      { data: { values: [{ x: 0 }] }, mark: { type: 'rule', color: '#bbbbbb' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      ...markerLayers(threshold.value, threshold.label),
      {
        data: { values },
        mark: { type: 'rule', strokeWidth: 2, color: '#1f77b4' },
        encoding: {
          y: { field: 'name', type: 'nominal', title: axisTitle, sort: order },
          x: { field: 'low', type: 'quantitative', title: 'calibrated score (dot) and 95% interval (line)' },
          x2: { field: 'high' },
        },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 60, color: '#1f77b4' },
        encoding: { y: { field: 'name', type: 'nominal', sort: order }, x: { field: 'score', type: 'quantitative' } },
      },
    ],
  } as ChartSpec;
}

/** The permutation null as a histogram, and the observed value as a red rule. */
export function permutationNullChart(histogram: Histogram, observed: number, label: string): ChartSpec {
  const values = histogram.counts.map((count, i) => ({
    from: histogram.start + i * histogram.width,
    to: histogram.start + (i + 1) * histogram.width,
    count,
  }));
  return {
    width: WIDTH,
    height: 180,
    layer: [
      {
        data: { values },
        mark: { type: 'bar', color: '#9ecae1', stroke: '#6baed6', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'from', type: 'quantitative', bin: { binned: true }, title: 'trimmed mean excess similarity over probes' },
          x2: { field: 'to' },
          y: { field: 'count', type: 'quantitative', title: 'random sign flips' },
        },
      },
      ...markerLayers(observed, label, HIGHLIGHT),
    ],
  } as ChartSpec;
}

export interface HeatCell {
  source: string;
  suspect: string;
  score: number | null;
  text: string;
}

/** The matrix as a heat map: rows sources, columns suspects, colour the calibrated score (0 white). */
export function heatmapChart(models: readonly string[], cells: readonly HeatCell[]): ChartSpec {
  const step = Math.max(26, Math.min(56, Math.floor(640 / Math.max(1, models.length))));
  const scored = cells.filter((c) => c.score !== null);
  const extent = Math.max(1, ...scored.map((c) => Math.abs(c.score!)));
  return {
    width: { step },
    height: { step },
    data: { values: cells },
    encoding: {
      x: { field: 'suspect', type: 'nominal', sort: [...models], title: 'suspect (column)', axis: { labelAngle: -40, orient: 'top' } },
      y: { field: 'source', type: 'nominal', sort: [...models], title: 'source (row)' },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: {
            field: 'score',
            type: 'quantitative',
            title: 'calibrated score',
            scale: { scheme: 'redblue', reverse: true, domain: [-extent, extent], domainMid: 0 },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: step < 34 ? 8 : 10 },
        encoding: { text: { field: 'text' }, color: { value: '#222222' } },
      },
    ],
  } as ChartSpec;
}
