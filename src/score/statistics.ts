/**
 * Resampling statistics over probes. Everything is seeded, so the same data always gives the same
 * p-value and interval: a result that changes when rerun is poor evidence.
 */

/** A small, fast, seedable generator of 32-bit words (mulberry32). */
export function seededWords(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform numbers in [0, 1) from the same generator. */
export function seededRandom(seed: number): () => number {
  const next = seededWords(seed);
  return () => next() / 4294967296;
}

export const DEFAULT_SEED = 20240229;

/** A sign-flip test's outcome: the p-value, the observed mean and the means under the null. */
export interface SignFlipTest {
  pValue: number;
  /** Mean of d. */
  observed: number;
  /** Mean of d after each random flip of signs: the distribution the observed mean is judged against. */
  nullMeans: Float64Array;
}

/**
 * One-sided sign-flip permutation test of "the mean of d is above 0", where each d is a probe's
 * excess similarity. Under the null the sign of each probe's excess is a coin toss.
 * The p-value is (1 + #{T* ≥ T}) / (1 + iterations), which is never 0.
 */
export function signFlipTest(d: readonly number[], iterations = 9999, seed = DEFAULT_SEED): SignFlipTest {
  if (d.length === 0) return { pValue: NaN, observed: NaN, nullMeans: new Float64Array(0) };
  const observed = d.reduce((s, x) => s + x, 0);
  const words = seededWords(seed);
  const nullMeans = new Float64Array(iterations);
  let atLeast = 0;
  for (let k = 0; k < iterations; k++) {
    let sum = 0;
    // One random word gives the signs of 32 probes.
    let bits = 0;
    for (let i = 0; i < d.length; i++) {
      if (i % 32 === 0) bits = words();
      sum += bits & 1 ? -d[i]! : d[i]!;
      bits >>>= 1;
    }
    if (sum >= observed - 1e-12) atLeast++;
    nullMeans[k] = sum / d.length;
  }
  return { pValue: (1 + atLeast) / (1 + iterations), observed: observed / d.length, nullMeans };
}

export function signFlipPValue(d: readonly number[], iterations = 9999, seed = DEFAULT_SEED): number {
  return signFlipTest(d, iterations, seed).pValue;
}

/** Equal-width bins over [min, max] of the values (and of `include`, so a marked value is always in range). */
export interface Histogram {
  start: number;
  width: number;
  counts: number[];
}

export function histogram(values: ArrayLike<number>, bins = 30, include?: number): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  if (include !== undefined && Number.isFinite(include)) {
    lo = Math.min(lo, include);
    hi = Math.max(hi, include);
  }
  if (!Number.isFinite(lo)) return { start: 0, width: 0, counts: [] };
  const width = hi > lo ? (hi - lo) / bins : 1;
  const counts = new Array<number>(hi > lo ? bins : 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[Math.min(counts.length - 1, Math.floor((values[i]! - lo) / width))]!++;
  return { start: lo, width, counts };
}

/**
 * Percentile bootstrap interval of a statistic over probes: `statistic` receives a resample of the
 * probe positions 0..n-1 (with repeats) and returns the value or null when undefined on it.
 */
export function bootstrapInterval(
  n: number,
  statistic: (sample: readonly number[]) => number | null,
  options: { iterations?: number; level?: number; seed?: number } = {},
): [number, number] | null {
  const { iterations = 1000, level = 0.95, seed = DEFAULT_SEED } = options;
  if (n < 2) return null;
  const random = seededRandom(seed);
  const values: number[] = [];
  const sample = new Array<number>(n);
  for (let k = 0; k < iterations; k++) {
    for (let i = 0; i < n; i++) sample[i] = Math.floor(random() * n);
    const v = statistic(sample);
    if (v !== null && Number.isFinite(v)) values.push(v);
  }
  if (values.length < iterations / 2) return null;
  values.sort((x, y) => x - y);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(q * (values.length - 1))))]!;
  return [at((1 - level) / 2), at(1 - (1 - level) / 2)];
}

/** Holm's step-down adjustment: controls the family-wise error when several candidates are tried. */
export function holmAdjust(pValues: readonly number[]): number[] {
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(pValues.length);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (pValues.length - rank) * p));
    adjusted[i] = Number.isNaN(p) ? NaN : running;
  });
  return adjusted;
}
