export { compare } from './compare.js';
export type { CompareOptions } from './compare.js';
export { rank } from './rank.js';
export type { RankOptions } from './rank.js';
export { matrix } from './matrix.js';
export type { ScoreOptions } from './views.js';
export type { CompareResult, RankResult, MatrixResult, ScoredEvidence } from './results.js';
export { scorePopulation, forRepeatedScoring, type Scoring } from './views.js';
export { resolvePopulation, type Population } from './population.js';
export { loadViewVectors } from './vectors.js';
export {
  calibrate,
  calibrationSchema,
  ruleFor,
  type Calibration,
  type CalibrationRef,
  type LoadedCalibration,
  type CalibrateOptions,
} from './calibration.js';
