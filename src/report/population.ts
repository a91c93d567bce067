import type { MatrixResult } from '../analysis/index.js';
import { labelledPairs, type PairLabels } from '../score/index.js';

export type PairLabel = 'related' | 'independent';

/** One unordered pair of stored models and its calibrated score (the score is symmetric). */
export interface StoredPair {
  models: [string, string];
  score: number;
  label: PairLabel | null;
}

/**
 * Where one pair's score sits among every other pair of models in the store: the numbers a reader can
 * hold ("2 of 119 other pairs score this high"), and the pairs themselves for the chart.
 */
export interface PairPopulation {
  /** Every other pair with a score. */
  pairs: StoredPair[];
  /** Other pairs whose score is at least the pair's. */
  reaching: number;
  highest: StoredPair | null;
  /** Counts among labelled pairs, when labels were given. */
  labelled: Record<PairLabel, { total: number; reaching: number; highest: number | null }> | null;
}

const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** Related (wrapped, fine-tuned, distilled) and independent pairs from a labels file, keyed without direction. */
export function pairLabelIndex(labels: PairLabels): Map<string, PairLabel> {
  const index = new Map<string, PairLabel>();
  for (const pair of labelledPairs(labels))
    index.set(key(pair.source, pair.suspect), pair.kind === 'independent' ? 'independent' : 'related');
  return index;
}

export function pairPopulation(grid: MatrixResult, pair: [string, string], score: number, labels?: PairLabels): PairPopulation {
  const labelOf = labels ? pairLabelIndex(labels) : null;
  const self = key(...pair);
  const pairs: StoredPair[] = [];
  grid.models.forEach((a, i) =>
    grid.models.forEach((b, j) => {
      const s = grid.scores[i]![j];
      if (j <= i || s === null || s === undefined || key(a, b) === self) return;
      pairs.push({ models: [a, b], score: s, label: labelOf?.get(key(a, b)) ?? null });
    }),
  );
  pairs.sort((x, y) => y.score - x.score || (key(...x.models) < key(...y.models) ? -1 : 1));
  const among = (list: StoredPair[]) => ({
    total: list.length,
    reaching: list.filter((p) => p.score >= score).length,
    highest: list[0]?.score ?? null,
  });
  return {
    pairs,
    reaching: pairs.filter((p) => p.score >= score).length,
    highest: pairs[0] ?? null,
    labelled: labelOf
      ? { related: among(pairs.filter((p) => p.label === 'related')), independent: among(pairs.filter((p) => p.label === 'independent')) }
      : null,
  };
}
