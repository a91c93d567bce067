export type { ProbeRef, VectorBlock, ViewVectors } from './views.js';
export { blocksOf, blockUnitMean } from './views.js';
export {
  buildSimilarityTable,
  probeCells,
  probeSimilarities,
  SimilarityTableBuilder,
  tableLayout,
  tableViews,
  decodeTable,
  encodeTable,
  pairIndex,
  pairCount,
  pairSeries,
  pairsInvolving,
  seriesMean,
  TABLE_FORMAT,
} from './similarity-table.js';
export type { EncodedTable, ProbeCells, SimilarityTable, TableLayout, ViewRef } from './similarity-table.js';
export { PairScorer } from './pair-score.js';
export type { PairScore, ViewScore } from './pair-score.js';
export { calibratedScore, zAgainst, MIN_REFERENCES } from './calibrate.js';
export { evaluateMatrix, labelledPairs, operatingPoint, pairLabelsSchema, rocAuc, RELATED_KINDS } from './evaluate.js';
export type { PairLabels, LabelledPair, PairKind, MatrixEvaluation, OperatingPoint, ScoreGrid, TeacherAttribution } from './evaluate.js';
export { VERDICT_RULE, verdictFor, pairEvidence, excessSeries, ruleWithThreshold } from './evidence.js';
export type { Verdict, VerdictRule, PairEvidence, PermutationNull } from './evidence.js';
export { attribute } from './attribution.js';
export type { Attribution, CandidateEvidence } from './attribution.js';
export {
  SIGN_FLIPS,
  smallestSignFlipP,
  signFlipPValue,
  signFlipTest,
  histogram,
  bootstrapCounts,
  bootstrapQuantiles,
  holmAdjust,
  seededRandom,
} from './statistics.js';
export type { SignFlipTest, Histogram } from './statistics.js';
export { sameModelTest, MIN_SAMPLED_PROBES } from './same-model.js';
export type { SameModelTest, SampledPair } from './same-model.js';
