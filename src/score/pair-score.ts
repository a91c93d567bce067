import { calibratedScore } from './calibrate.js';
import type { PairSimilarities } from './pair-similarities.js';
import { mean } from './vector-math.js';

export interface PairScore {
  /** Calibrated score (z against the references); null when it cannot be calibrated. */
  score: number | null;
  /** Mean plain cosine between the two models' answers to the same probes. */
  raw: number | null;
  /** Mean centred similarity (the quantity the calibration standardises). */
  similarity: number | null;
  probes: number;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** The score of pair (a, b) in one view, over the probes `filter` keeps (default: all). */
export function pairScore(
  sims: PairSimilarities,
  a: number,
  b: number,
  references: readonly number[],
  filter?: (probe: number) => boolean,
): PairScore {
  const pair = sims.mean(a, b, filter);
  return {
    score: calibratedScore((i, j) => sims.mean(i, j, filter).centred, a, b, references),
    raw: finite(pair.raw),
    similarity: finite(pair.centred),
    probes: pair.probes,
  };
}

/** Several views agree into one score: the mean of their calibrated scores (each already a z). */
export function combineViews(scores: readonly PairScore[]): PairScore {
  const defined = (pick: (s: PairScore) => number | null) => scores.map(pick).filter((x): x is number => x !== null);
  const avg = (xs: number[]) => (xs.length ? mean(xs) : null);
  return {
    score: avg(defined((s) => s.score)),
    raw: avg(defined((s) => s.raw)),
    similarity: avg(defined((s) => s.similarity)),
    probes: Math.min(...scores.map((s) => s.probes)),
  };
}
