import { z } from 'zod';

/**
 * Known relationships between models, to measure the scorer: pairs are [source, suspect].
 * The format of ../shared/alpaca-dev/labels.json; every cross-group pair of independent_groups
 * is an independent (negative) pair.
 */
export const pairLabelsSchema = z
  .object({
    wrapped: z.array(z.tuple([z.string(), z.string()])).default([]),
    finetuned: z.array(z.tuple([z.string(), z.string()])).default([]),
    distilled: z.array(z.tuple([z.string(), z.string()])).default([]),
    independent_groups: z.record(z.string(), z.array(z.string())),
    /** Candidate sources for "which teacher taught this student". */
    teacher_panel: z.array(z.string()).optional(),
  })
  .loose();
export type PairLabels = z.infer<typeof pairLabelsSchema>;

export interface LabelledPair {
  source: string;
  suspect: string;
  kind: 'wrapped' | 'finetuned' | 'distilled' | 'independent';
}

export function labelledPairs(labels: PairLabels): LabelledPair[] {
  const pairs: LabelledPair[] = [];
  for (const kind of ['wrapped', 'finetuned', 'distilled'] as const) {
    for (const [source, suspect] of labels[kind]) pairs.push({ source, suspect, kind });
  }
  const groups = Object.values(labels.independent_groups);
  for (let g = 0; g < groups.length; g++) {
    for (let h = g + 1; h < groups.length; h++) {
      for (const source of groups[g]!) for (const suspect of groups[h]!) pairs.push({ source, suspect, kind: 'independent' });
    }
  }
  return pairs;
}

/** Area under the ROC curve: the chance a random positive outscores a random negative (ties count half). */
export function rocAuc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return NaN;
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

/** What an evaluation needs of a matrix: scores[i][j] for models[i] as source and models[j] as suspect. */
export interface ScoreGrid {
  models: readonly string[];
  scores: ReadonlyArray<ReadonlyArray<number | null>>;
  raw: ReadonlyArray<ReadonlyArray<number | null>>;
}

export type PairKind = LabelledPair['kind'];
export const RELATED_KINDS = ['wrapped', 'finetuned', 'distilled'] as const;

/**
 * The operating point at a false-positive rate: `threshold` is the largest score that at most
 * `fpr` of the independent pairs exceed (a pair counts as flagged when its score is above it), and
 * `tpr` the share of related pairs above it.
 */
export interface OperatingPoint {
  fpr: number;
  threshold: number;
  tpr: number;
  /** Independent pairs above the threshold (at most fpr × their number). */
  falsePositives: number;
}

export function operatingPoint(positives: readonly number[], negatives: readonly number[], fpr: number): OperatingPoint {
  const sorted = [...negatives].sort((a, b) => b - a);
  const allowed = Math.floor(fpr * sorted.length + 1e-9);
  const threshold = sorted[Math.min(allowed, sorted.length - 1)] ?? -Infinity;
  return {
    fpr,
    threshold,
    tpr: positives.length ? positives.filter((p) => p > threshold).length / positives.length : NaN,
    falsePositives: negatives.filter((n) => n > threshold).length,
  };
}

export interface TeacherAttribution {
  source: string;
  suspect: string;
  /** 1-based rank of the labelled source among the candidates (the teacher panel, else every other model). */
  rank: number;
  top: string;
  candidates: number;
}

export interface MatrixEvaluation {
  /** ROC-AUC of related (wrapped, fine-tuned, distilled) against independent pairs. */
  auc: number;
  /** The same for the raw cosine: what calibration adds. */
  aucRaw: number;
  /** Each related kind's pairs against all independent pairs. */
  aucByKind: Record<(typeof RELATED_KINDS)[number], number>;
  /** Share of related pairs scoring above every independent pair. */
  aboveAllIndependent: number;
  /** Operating point at 1% false positives. */
  at1PercentFpr: OperatingPoint;
  pairs: Array<LabelledPair & { score: number | null; raw: number | null }>;
  /** Per distilled student: where its labelled teacher ranks among the candidate sources. */
  teachers: TeacherAttribution[];
}

/** How well a matrix separates related from independent pairs. Missing scores count as −∞. */
export function evaluateMatrix(result: ScoreGrid, labels: PairLabels): MatrixEvaluation {
  const index = new Map(result.models.map((m, i) => [m, i]));
  const position = (name: string) => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`labelled model ${name} is not in the matrix`);
    return i;
  };
  const value = (x: number | null) => x ?? -Infinity;
  const pairs = labelledPairs(labels).map((p) => ({
    ...p,
    score: result.scores[position(p.source)]![position(p.suspect)]!,
    raw: result.raw[position(p.source)]![position(p.suspect)]!,
  }));
  const scoresOf = (kinds: readonly PairKind[], pick: (p: (typeof pairs)[number]) => number | null = (p) => p.score) =>
    pairs.filter((p) => kinds.includes(p.kind)).map((p) => value(pick(p)));
  const negatives = scoresOf(['independent']);
  const positives = scoresOf(RELATED_KINDS);
  const maxNegative = Math.max(...negatives);

  const panel = labels.teacher_panel ?? result.models;
  const teachers = labels.distilled.map(([source, suspect]) => {
    const j = position(suspect);
    const candidates = panel
      .filter((m) => m !== suspect && index.has(m))
      .map((m) => ({ m, s: value(result.scores[position(m)]![j]!) }))
      .sort((x, y) => y.s - x.s || (x.m < y.m ? -1 : 1));
    return { source, suspect, rank: candidates.findIndex((c) => c.m === source) + 1, top: candidates[0]!.m, candidates: candidates.length };
  });
  return {
    auc: rocAuc(positives, negatives),
    aucRaw: rocAuc(
      scoresOf(RELATED_KINDS, (p) => p.raw),
      scoresOf(['independent'], (p) => p.raw),
    ),
    aucByKind: Object.fromEntries(RELATED_KINDS.map((k) => [k, rocAuc(scoresOf([k]), negatives)])) as MatrixEvaluation['aucByKind'],
    aboveAllIndependent: positives.filter((p) => p > maxNegative).length / positives.length,
    at1PercentFpr: operatingPoint(positives, negatives, 0.01),
    pairs,
    teachers,
  };
}
