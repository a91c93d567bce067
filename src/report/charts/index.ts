export { renderSvg, inlineSvg, CHART_FONT } from './render.js';
export type { ChartSpec } from './render.js';
export { pairDistributionChart, intervalChart, permutationNullChart, heatmapChart } from './specs.js';
export type { StripPoint, IntervalRow, HeatCell } from './specs.js';
