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
  const n = d.length;
  if (n === 0) return { pValue: NaN, observed: NaN, nullMeans: new Float64Array(0) };
  const observed = d.reduce((s, x) => s + x, 0);
  // One random 32-bit word gives the signs of 32 probes (bit set: flipped). Flipping a set F turns the sum
  // into total − 2·Σ_F d, and Σ_F d is read eight probes at a time from a table of every byte's partial sum.
  const words = Math.ceil(n / 32);
  const table = new Float64Array(words * 4 * 256);
  for (let chunk = 0; chunk < words * 4; chunk++) {
    const base = chunk * 256;
    for (let byte = 1; byte < 256; byte++) {
      const lowest = 31 - Math.clz32(byte & -byte);
      const probe = chunk * 8 + lowest;
      table[base + byte] = table[base + (byte & (byte - 1))]! + (probe < n ? d[probe]! : 0);
    }
  }
  const next = seededWords(seed);
  const nullMeans = new Float64Array(iterations);
  let atLeast = 0;
  for (let k = 0; k < iterations; k++) {
    let flipped = 0;
    for (let w = 0, base = 0; w < words; w++, base += 1024) {
      const word = next();
      flipped +=
        table[base + (word & 255)]! +
        table[base + 256 + ((word >>> 8) & 255)]! +
        table[base + 512 + ((word >>> 16) & 255)]! +
        table[base + 768 + (word >>> 24)]!;
    }
    const sum = observed - 2 * flipped;
    if (sum >= observed - 1e-12) atLeast++;
    nullMeans[k] = sum / n;
  }
  return { pValue: (1 + atLeast) / (1 + iterations), observed: observed / n, nullMeans };
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
 * Bootstrap draws of n probe positions, as counts: counts[d * n + k] is how often position k was drawn
 * in draw d. Seeded, so every statistic resampled with the same draws sees the same probes.
 */
export function bootstrapCounts(n: number, draws: number, seed = DEFAULT_SEED): Uint16Array {
  const random = seededRandom(seed);
  const counts = new Uint16Array(n * draws);
  for (let d = 0; d < draws; d++) for (let i = 0; i < n; i++) counts[d * n + Math.floor(random() * n)]!++;
  return counts;
}

/**
 * The percentile interval of bootstrap values; null when fewer than half of the draws gave a value
 * (the statistic is undefined on too many resamples to trust its spread).
 */
export function bootstrapQuantiles(values: number[], draws: number, level = 0.95): [number, number] | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length < draws / 2) return null;
  finite.sort((x, y) => x - y);
  const at = (q: number) => finite[Math.min(finite.length - 1, Math.max(0, Math.floor(q * (finite.length - 1))))]!;
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
