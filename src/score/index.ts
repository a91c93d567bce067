export { compare, rank, matrix } from './audit.js';
export type { ScoreOptions, PairScore, ViewScore, CompareResult, RankResult, MatrixResult } from './audit.js';
export { buildScoringSpace, pairSimilarity } from './space.js';
export type { ViewVectors, ScoringSpace, PairSimilarity } from './space.js';
export { calibratedScore, MIN_REFERENCES } from './calibrate.js';
export { evaluateMatrix, labelledPairs, pairLabelsSchema, rocAuc } from './evaluate.js';
export type { PairLabels, LabelledPair, MatrixEvaluation } from './evaluate.js';
