import type { PairScore, SameModelTest, IdentityClaims, PermutationNull, Verdict, VERDICT_RULE } from '../score/index.js';

export interface ViewScore extends PairScore {
  view: string;
  embedder: string;
}

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
   * The probes where the suspect is closest to the source relative to the references (up to 10); `prompt`
   * is its sha256; `nearestReference` is the reference model whose answer is closest to the suspect's.
   */
  closestProbes: Array<{ prompt: string; category: string; excess: number; nearestReference: { model: string; similarity: number } | null }>;
  /** The permutation test's null distribution (mean excess similarity) and the observed value, for a chart. */
  permutationNull?: PermutationNull;
  verdictRule: typeof VERDICT_RULE;
  categories: Record<string, ScoredEvidence>;
  views: ViewScore[];
  embedder: string;
  references: string[];
}

export interface RankResult {
  suspect: string;
  /** pValue is Holm-adjusted over all candidates; pValueUnadjusted is the candidate's own test. */
  ranking: Array<
    { model: string; pValueUnadjusted: number | null; verdict: Verdict; sameModel: SameModelTest | null; whyNoScore?: string } & ScoredEvidence
  >;
  verdictRule: typeof VERDICT_RULE;
  embedder: string;
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
