import { mean, standardDeviation } from './vector-math.js';

/** Fewer reference models than this and a calibrated score means nothing: it is reported as null. */
export const MIN_REFERENCES = 2;

/**
 * How many standard deviations `pair` stands above `background`: the one definition of a calibrated
 * score, used for the score itself and for every resample of it. Null when the background has no spread.
 */
export function zAgainst(pair: number, background: readonly number[]): number | null {
  const sd = standardDeviation(background);
  if (!(sd > 1e-12) || !Number.isFinite(pair)) return null;
  return (pair - mean(background)) / sd;
}

/**
 * The calibrated score of pair (a, b): how many standard deviations their similarity stands above
 * the similarities each of them has with the reference models.
 *
 *   z = (F(a,b) − mean R) / sd R,   R = { F(a,x), F(b,x) : x a reference, x ∉ {a, b} }
 *
 * Two models that merely share a house style with everybody (long markdown answers, say) are close
 * to the references too, so they stay near 0; a pair that is closer to each other than to anyone
 * else stands out. The score is symmetric: it cannot tell which of the two copied the other.
 * `similarity(i, j)` returns NaN where two models share no probes.
 */
export function calibratedScore(
  similarity: (i: number, j: number) => number,
  a: number,
  b: number,
  references: readonly number[],
): number | null {
  // The background is summed in one order whichever model is named first, so that (a, b) and (b, a)
  // give the same number to the last bit, not just up to rounding.
  if (b < a) [a, b] = [b, a];
  const pair = similarity(a, b);
  if (!Number.isFinite(pair)) return null;
  const background: number[] = [];
  let usableReferences = 0;
  for (const x of references) {
    if (x === a || x === b) continue;
    const sa = similarity(a, x);
    const sb = similarity(b, x);
    if (Number.isFinite(sa)) background.push(sa);
    if (Number.isFinite(sb)) background.push(sb);
    if (Number.isFinite(sa) || Number.isFinite(sb)) usableReferences++;
  }
  if (usableReferences < MIN_REFERENCES) return null;
  return zAgainst(pair, background);
}
