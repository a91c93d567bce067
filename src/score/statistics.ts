/**
 * Resampling statistics over probes. Everything is seeded, so the same data always gives the same
 * p-value and interval: a result that changes when rerun is poor evidence.
 */
import { trimmedAtEachEnd, trimmedSeriesMean } from './trimmed-mean.js';

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

/** A sign-flip test's outcome: the p-value, the observed trimmed mean and the trimmed means under the null. */
export interface SignFlipTest {
  pValue: number;
  /** The 10% trimmed mean of d (trimmed-mean.ts): the average the score takes over the probes. */
  observed: number;
  /** The trimmed mean of d after each random flip of signs: the distribution the observed one is judged against. */
  nullMeans: Float64Array;
}

/** Random sign assignments a sign-flip test draws unless told otherwise. */
export const SIGN_FLIPS = 9999;

/** The smallest p-value a sign-flip test of `iterations` draws can give: 1 / (iterations + 1). */
export const smallestSignFlipP = (iterations = SIGN_FLIPS) => 1 / (iterations + 1);

/**
 * One-sided sign-flip permutation test of "the trimmed mean of d is above 0", where each d is a
 * probe's excess similarity: the same 10% trimmed mean the score takes, so that a handful of probes
 * where unrelated models answer alike weigh no more in the test than in the score. Under the null the
 * sign of each probe's excess is a coin toss (whatever the statistic, flipping signs is exact).
 * The p-value is (1 + #{T* ≥ T}) / (1 + iterations), which is never 0.
 */
export function signFlipTest(d: readonly number[], iterations = SIGN_FLIPS, seed = DEFAULT_SEED): SignFlipTest {
  const nullMeans = new Float64Array(d.length ? iterations : 0);
  return { ...flipSigns(d, iterations, seed, nullMeans), nullMeans };
}

export function signFlipPValue(d: readonly number[], iterations = SIGN_FLIPS, seed = DEFAULT_SEED): number {
  return flipSigns(d, iterations, seed, null).pValue;
}

/** The test itself; the null's trimmed means are written to `nullMeans` where one is given. */
function flipSigns(
  d: readonly number[],
  iterations: number,
  seed: number,
  nullMeans: Float64Array | null,
): { pValue: number; observed: number } {
  const n = d.length;
  if (n === 0) return { pValue: NaN, observed: NaN };
  const cut = trimmedAtEachEnd(n);
  const kept = n - 2 * cut;
  const mean = trimmedSeriesMean(d).mean;
  const observed = mean * kept; // compared as a trimmed sum, as the flips are summed
  // Under the null each probe keeps the size of its excess and draws its sign: sizes largest first,
  // so the values a trim takes away are found walking from the front.
  const signed = new SignedValues(Float64Array.from(d, Math.abs).sort().reverse());
  const words = signed.words;
  const signs = signWords(seed, iterations, words);
  let atLeast = 0;
  for (let k = 0, at = 0; k < iterations; k++, at += words) {
    const sum = signed.total(signs, at) - (cut > 0 ? signed.tails(signs, at, cut) : 0);
    if (sum >= observed - 1e-12) atLeast++;
    if (nullMeans) nullMeans[k] = sum / kept;
  }
  return { pValue: (1 + atLeast) / (1 + iterations), observed: mean };
}

let lastSigns: { seed: number; iterations: number; words: number; signs: Uint32Array } | undefined;

/**
 * The random words of every flip, `words` a flip, in the order the generator gives them. Every test with
 * the same seed draws the same words (a ranking runs one test per candidate on series of one length), so
 * the last set drawn is kept.
 */
function signWords(seed: number, iterations: number, words: number): Uint32Array {
  if (lastSigns?.seed === seed && lastSigns.iterations === iterations && lastSigns.words === words) return lastSigns.signs;
  const next = seededWords(seed);
  const signs = new Uint32Array(iterations * words);
  for (let i = 0; i < signs.length; i++) signs[i] = next();
  lastSigns = { seed, iterations, words, signs };
  return signs;
}

const BITS_SET = Uint8Array.from({ length: 256 }, (_, byte) => {
  let count = 0;
  for (let b = byte; b; b &= b - 1) count++;
  return count;
});

/**
 * Signed values ±size[i], sizes sorted largest first, the signs given as bits (bit i of the words from
 * `at` on set: −size[i]; one random 32-bit word signs 32 probes). Sums are read eight probes at a time from a table
 * of every byte's partial sums, so a permutation test pays a lookup per byte, not a step per probe.
 */
export class SignedValues {
  readonly words: number;
  private readonly sum: number;
  private readonly table: Float64Array;
  /** Per byte of probes, the bits that stand for a probe (the last byte may be short). */
  private readonly valid: Uint8Array;

  constructor(private readonly size: Float64Array) {
    const n = size.length;
    this.words = Math.ceil(n / 32);
    this.table = new Float64Array(this.words * 4 * 256);
    this.valid = new Uint8Array(this.words * 4);
    this.sum = size.reduce((a, b) => a + b, 0);
    for (let chunk = 0; chunk < this.words * 4; chunk++) {
      const base = chunk * 256;
      this.valid[chunk] = chunk * 8 >= n ? 0 : (1 << Math.min(8, n - chunk * 8)) - 1;
      for (let byte = 1; byte < 256; byte++) {
        const lowest = 31 - Math.clz32(byte & -byte);
        const probe = chunk * 8 + lowest;
        this.table[base + byte] = this.table[base + (byte & (byte - 1))]! + (probe < n ? size[probe]! : 0);
      }
    }
  }

  /** The sum of the signed values: Σ size − 2·Σ over the negative ones. */
  total(negative: Uint32Array, at: number): number {
    const table = this.table;
    let flipped = 0;
    for (let w = 0, base = 0; w < this.words; w++, base += 1024) {
      const word = negative[at + w]!;
      flipped +=
        table[base + (word & 255)]! +
        table[base + 256 + ((word >>> 8) & 255)]! +
        table[base + 512 + ((word >>> 16) & 255)]! +
        table[base + 768 + (word >>> 24)]!;
    }
    return this.sum - 2 * flipped;
  }

  /**
   * The sum of the `cut` largest and the `cut` smallest signed values (2·cut < n): the biggest positive
   * sizes and the biggest negative ones, unless one sign has fewer than `cut` values; then that end is
   * completed by the other sign's values nearest zero, at the back.
   */
  tails(negative: Uint32Array, at: number, cut: number): number {
    const { size, table, valid } = this;
    let top = 0;
    let bottom = 0;
    let tops = 0;
    let bottoms = 0;
    for (let chunk = 0; chunk < valid.length && (tops < cut || bottoms < cut); chunk++) {
      const mask = valid[chunk]!;
      const byte = (negative[at + (chunk >>> 2)]! >>> ((chunk & 3) * 8)) & mask;
      const negatives = BITS_SET[byte]!;
      const positives = BITS_SET[mask]! - negatives;
      const negativeSum = table[chunk * 256 + byte]!;
      if (bottoms + negatives <= cut) {
        bottom -= negativeSum;
        bottoms += negatives;
      } else {
        // The lowest set bits of the byte, one by one, until the end is full.
        for (let bits = byte; bottoms < cut; bits &= bits - 1, bottoms++) bottom -= size[chunk * 8 + 31 - Math.clz32(bits & -bits)]!;
      }
      if (tops + positives <= cut) {
        top += table[chunk * 256 + mask]! - negativeSum;
        tops += positives;
      } else {
        for (let bits = mask & ~byte; tops < cut; bits &= bits - 1, tops++) top += size[chunk * 8 + 31 - Math.clz32(bits & -bits)]!;
      }
    }
    for (let i = size.length - 1; tops < cut; i--) {
      if ((negative[at + (i >>> 5)]! >>> (i & 31)) & 1) {
        top -= size[i]!;
        tops++;
      }
    }
    for (let i = size.length - 1; bottoms < cut; i--) {
      if (!((negative[at + (i >>> 5)]! >>> (i & 31)) & 1)) {
        bottom += size[i]!;
        bottoms++;
      }
    }
    return top + bottom;
  }
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
