import type { PairScore, SameModelTest, PermutationNull, Verdict, VerdictRule, ViewScore } from '../score/index.js';
import type { IdentityClaimEvidence, IdentityClaims } from '../identity/index.js';
import type { CalibrationRef } from './calibration.js';

/** A score with the statistics behind it. */
export interface ScoredEvidence extends PairScore {
  /** One-sided p-value that the suspect is closer to the source than the references are. */
  pValue: number | null;
  /** 95% bootstrap interval of the calibrated score over probes. */
  ci: [number, number] | null;
}

export interface CompareResult extends ScoredEvidence {
  source: string;
  suspect: string;
  /** Why there is no calibrated score; present only when `score` is null. */
  whyNoScore?: string;
  verdict: Verdict;
  /** Probes that entered the statistics (answered by both and by at least one reference). */
  testedProbes: number;
  /** The sample-level same-model test; null where the two models lack several samples on enough probes. */
  sameModel: SameModelTest | null;
  /** Whether the suspect gives the source's name or maker when asked who it is; null without identity probes. */
  identity: IdentityClaims | null;
  /**
   * Which maker the answers to identity probes claim as their own (read by src/identity): the maker the
   * source claims most, how often the suspect and the references claim it, and a one-sided Fisher exact
   * test with its 2×2 table. Beside the score, never folded into it; null without identity answers.
   */
  identityClaims: IdentityClaimEvidence | null;
  /**
   * The probes where the suspect is closest to the source relative to the references (up to 10); `prompt`
   * is its sha256; `nearestReference` is the reference model whose answer is closest to the suspect's.
   */
  closestProbes: Array<{
    prompt: string;
    category: string;
    excess: number;
    nearestReference: { model: string; similarity: number } | null;
  }>;
  /** The permutation test's null distribution (trimmed mean excess similarity) and the observed value, for a chart. */
  permutationNull?: PermutationNull;
  verdictRule: VerdictRule;
  /** The calibration file whose threshold the verdict used; null: the default thresholds. */
  calibration: CalibrationRef | null;
  categories: Record<string, ScoredEvidence>;
  /** The pair's score in each view (each block of each embedder) on its own. */
  views: ViewScore[];
  embedder: string;
  references: string[];
}

export interface RankResult {
  suspect: string;
  /**
   * Which candidate is the source: `single` (one stands out from the references and from every other
   * candidate), `set` (several derived candidates the battery cannot tell apart; `sources` lists them),
   * or `none` (no candidate is derived). `runnerUp`: the candidate after the best in the ranking;
   * `margin`: best score minus the runner-up's (negative where the runner-up has the higher fused score
   * but fewer views put it first).
   */
  attribution: {
    answer: 'none' | 'single' | 'set';
    sources: string[];
    best: string | null;
    runnerUp: string | null;
    margin: number | null;
  };
  /**
   * Every candidate, most likely first: by `viewRank` (its mean rank over the views, each ranking the
   * candidates by its own calibrated score), then by score. pValue is Holm-adjusted over all candidates;
   * pValueUnadjusted is the candidate's own test; pBehindBest (Holm-adjusted) tests "the best candidate
   * is closer than this one".
   */
  ranking: Array<
    {
      model: string;
      viewRank: number | null;
      pValueUnadjusted: number | null;
      verdict: Verdict;
      sameModel: SameModelTest | null;
      pBehindBest: number | null;
      whyNoScore?: string;
    } & ScoredEvidence
  >;
  verdictRule: VerdictRule;
  calibration: CalibrationRef | null;
  embedder: string;
  /** The models ranked (`--candidates`, else the references). */
  candidates: string[];
  /** The models every score is calibrated against (the suspect left out). */
  references: string[];
}

export interface MatrixResult {
  models: string[];
  /** scores[i][j]: calibrated score of models[j] as a reproduction of models[i]; diagonal null. */
  scores: Array<Array<number | null>>;
  raw: Array<Array<number | null>>;
  probes: number[][];
  /** Pairs without a score, each once, with the reason. */
  missing: Array<{ models: [string, string]; reason: string }>;
  embedder: string;
  views: string[];
  references: string[];
}
