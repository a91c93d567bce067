export { compare } from './compare.js';
export type { CompareOptions } from './compare.js';
export { rank } from './rank.js';
export { matrix } from './matrix.js';
export { withEmbeddersOnce } from './views.js';
export type { ScoreOptions } from './views.js';
export type { CompareResult, RankResult, MatrixResult, ScoredEvidence, ViewScore } from './results.js';
export { resolvePopulation, type Population } from './population.js';
export { loadViewVectors } from './vectors.js';
