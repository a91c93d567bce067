/**
 * Fisher's exact test on a 2×2 table, from the hypergeometric distribution of the top-left cell with
 * all margins fixed. Probabilities are computed in log space from exact sums of logarithms, so tables
 * with thousands of answers neither overflow nor lose the tail.
 *
 *              event   no event
 *   group 1      a         b
 *   group 2      c         d
 */
export type TwoByTwo = readonly [readonly [number, number], readonly [number, number]];

/** 'greater': group 1 has the event more often than group 2 (P[X ≥ a]); 'less': less often (P[X ≤ a]). */
export type Alternative = 'greater' | 'less' | 'two-sided';

const logFactorials: number[] = [0];

/** ln(n!) as an exact running sum of ln(k), cached. */
export function logFactorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`logFactorial needs a non-negative integer, got ${n}`);
  for (let k = logFactorials.length; k <= n; k++) logFactorials.push(logFactorials[k - 1]! + Math.log(k));
  return logFactorials[n]!;
}

const logChoose = (n: number, k: number) => logFactorial(n) - logFactorial(k) - logFactorial(n - k);

/**
 * ln P[X = x] for X hypergeometric: x events among `draws` drawn from a population of `total` that
 * holds `events` events in all.
 */
export function hypergeometricLogPmf(x: number, total: number, events: number, draws: number): number {
  if (x < Math.max(0, draws + events - total) || x > Math.min(draws, events)) return -Infinity;
  return logChoose(events, x) + logChoose(total - events, draws - x) - logChoose(total, draws);
}

/** Sums probabilities given as logarithms without leaving log space until the end. */
function sumOfExps(logs: readonly number[]): number {
  const finite = logs.filter((l) => l > -Infinity);
  if (finite.length === 0) return 0;
  const max = Math.max(...finite);
  return Math.exp(max) * finite.reduce((sum, l) => sum + Math.exp(l - max), 0);
}

function assertCounts(table: TwoByTwo): void {
  for (const value of table.flat()) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`a 2×2 table holds non-negative integer counts, got ${value}`);
  }
}

/** The p-value of Fisher's exact test; 1 for a table with an empty margin. */
export function fisherExact(table: TwoByTwo, alternative: Alternative = 'two-sided'): number {
  assertCounts(table);
  const [[a, b], [c, d]] = table;
  const draws = a + b; // group 1's size
  const events = a + c;
  const total = a + b + c + d;
  const low = Math.max(0, draws + events - total);
  const high = Math.min(draws, events);
  if (low === high) return 1;
  const logP = (x: number) => hypergeometricLogPmf(x, total, events, draws);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => logP(from + i));

  let p: number;
  if (alternative === 'greater') p = sumOfExps(range(a, high));
  else if (alternative === 'less') p = sumOfExps(range(low, a));
  else {
    // Tables at most as probable as the observed one, with a relative tolerance for rounding (as R does).
    const observed = logP(a);
    p = sumOfExps(range(low, high).filter((l) => l <= observed + 1e-7));
  }
  return Math.min(1, p);
}
