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

export interface MatrixEvaluation {
  aucCalibrated: number;
  aucRaw: number;
  pairs: Array<LabelledPair & { score: number | null; raw: number | null }>;
  /** For each distilled student: the 1-based rank of its labelled source among all other models. */
  distilledSourceRanks: Array<{ source: string; suspect: string; rank: number; top: string }>;
}

/** How well a matrix separates related from independent pairs. Missing scores count as −∞. */
export function evaluateMatrix(result: ScoreGrid, labels: PairLabels): MatrixEvaluation {
  const index = new Map(result.models.map((m, i) => [m, i]));
  const at = (grid: ScoreGrid['scores'], a: string, b: string) => {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) throw new Error(`labelled model ${i === undefined ? a : b} is not in the matrix`);
    return grid[i]![j]!;
  };
  const pairs = labelledPairs(labels).map((p) => ({
    ...p,
    score: at(result.scores, p.source, p.suspect),
    raw: at(result.raw, p.source, p.suspect),
  }));
  const value = (x: number | null) => x ?? -Infinity;
  const auc = (pick: (p: (typeof pairs)[number]) => number | null) =>
    rocAuc(
      pairs.filter((p) => p.kind !== 'independent').map((p) => value(pick(p))),
      pairs.filter((p) => p.kind === 'independent').map((p) => value(pick(p))),
    );
  const distilledSourceRanks = labels.distilled.map(([source, suspect]) => {
    const j = index.get(suspect)!;
    const candidates = result.models
      .filter((m) => m !== suspect)
      .map((m) => ({ m, s: value(result.scores[index.get(m)!]![j]!) }))
      .sort((x, y) => y.s - x.s);
    return { source, suspect, rank: candidates.findIndex((c) => c.m === source) + 1, top: candidates[0]!.m };
  });
  return { aucCalibrated: auc((p) => p.score), aucRaw: auc((p) => p.raw), pairs, distilledSourceRanks };
}
