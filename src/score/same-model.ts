import { dot, normalizeInPlace } from './vector-math.js';
import { DEFAULT_SEED, seededRandom } from './statistics.js';

/** Fewer probes with several samples from both models than this, and the test is not run. */
export const MIN_SAMPLED_PROBES = 3;

export interface SameModelTest {
  /**
   * p-value of "both models draw their answers from the same distribution" (kernel MMD, permutation
   * test); a small value says they do not. Joined over views by Bonferroni.
   */
  pValue: number;
  /** Mean unbiased MMD² over the probes tested (first view). */
  statistic: number;
  /** Probes where both models have two or more samples. */
  probes: number;
}

/** Pairwise kernel values of one probe's pooled samples: the first `nA` rows are A's. */
interface ProbeGram {
  nA: number;
  n: number;
  kernel: Float64Array;
}

/** One view's answers of two models, per probe: the sample vectors (or undefined where a model has none). */
export interface SampledPair {
  a: ReadonlyArray<readonly Float32Array[] | undefined>;
  b: ReadonlyArray<readonly Float32Array[] | undefined>;
}

/**
 * A two-sample test on the answers themselves, for "is this the same model?" — a derived model sits
 * close to its source but samples from a different distribution; the same model behind another name
 * does not. Over the probes where both models have two or more samples: Gaussian kernel on the unit
 * sample vectors, bandwidth by the median heuristic; the statistic is the mean over probes of the
 * unbiased MMD², and its null distribution comes from shuffling the A/B labels within each probe.
 * Several views are joined by Bonferroni. Seeded: reruns give the same p-value.
 */
export function sameModelTest(views: readonly SampledPair[], options: { permutations?: number; seed?: number } = {}): SameModelTest | null {
  const results = views.map((view) => testOneView(view, options.permutations ?? 999, options.seed ?? DEFAULT_SEED));
  if (results.length === 0 || results.some((r) => r === null)) return null;
  const tested = results as SameModelTest[];
  return {
    pValue: Math.min(1, tested.length * Math.min(...tested.map((r) => r.pValue))),
    statistic: tested[0]!.statistic,
    probes: Math.min(...tested.map((r) => r.probes)),
  };
}

function unit(samples: readonly Float32Array[] | undefined): Float32Array[] {
  const out: Float32Array[] = [];
  for (const s of samples ?? []) {
    const copy = new Float32Array(s);
    if (normalizeInPlace(copy)) out.push(copy);
  }
  return out;
}

function testOneView(view: SampledPair, permutations: number, seed: number): SameModelTest | null {
  const pooled: Array<{ nA: number; vectors: readonly Float32Array[] }> = [];
  for (let p = 0; p < view.a.length; p++) {
    const xs = unit(view.a[p]);
    const ys = unit(view.b[p]);
    if (xs.length >= 2 && ys.length >= 2) pooled.push({ nA: xs.length, vectors: [...xs, ...ys] });
  }
  if (pooled.length < MIN_SAMPLED_PROBES) return null;

  // Squared distances of unit vectors: |x − y|² = 2 − 2 x·y.
  const distances = pooled.map(({ vectors }) => {
    const n = vectors.length;
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) d[i * n + j] = d[j * n + i] = Math.max(0, 2 - 2 * dot(vectors[i]!, vectors[j]!));
    return d;
  });
  const bandwidth =
    medianOffDiagonal(
      distances,
      pooled.map((p) => p.vectors.length),
    ) || 1;
  const grams: ProbeGram[] = pooled.map(({ nA, vectors }, k) => ({
    nA,
    n: vectors.length,
    kernel: distances[k]!.map((d) => Math.exp(-d / bandwidth)),
  }));

  const identity = grams.map((g) => Array.from({ length: g.n }, (_, i) => i));
  const observed = meanMmd(grams, identity);
  const random = seededRandom(seed);
  let atLeast = 0;
  for (let k = 0; k < permutations; k++) {
    const shuffled = grams.map((g) =>
      shuffle(
        Array.from({ length: g.n }, (_, i) => i),
        random,
      ),
    );
    if (meanMmd(grams, shuffled) >= observed - 1e-12) atLeast++;
  }
  return { pValue: (1 + atLeast) / (1 + permutations), statistic: observed, probes: grams.length };
}

/** Unbiased MMD² per probe, averaged; order[k] lists probe k's samples with A's positions first. */
function meanMmd(grams: readonly ProbeGram[], order: readonly number[][]): number {
  let total = 0;
  grams.forEach((g, k) => {
    const idx = order[k]!;
    const nB = g.n - g.nA;
    let xx = 0;
    let yy = 0;
    let xy = 0;
    for (let i = 0; i < g.n; i++) {
      for (let j = 0; j < g.n; j++) {
        if (i === j) continue;
        const v = g.kernel[idx[i]! * g.n + idx[j]!]!;
        const iA = i < g.nA;
        const jA = j < g.nA;
        if (iA && jA) xx += v;
        else if (!iA && !jA) yy += v;
        else if (iA) xy += v;
      }
    }
    total += xx / (g.nA * (g.nA - 1)) + yy / (nB * (nB - 1)) - (2 * xy) / (g.nA * nB);
  });
  return total / grams.length;
}

function medianOffDiagonal(distances: readonly Float64Array[], sizes: readonly number[]): number {
  const values: number[] = [];
  distances.forEach((d, k) => {
    const n = sizes[k]!;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) values.push(d[i * n + j]!);
  });
  values.sort((x, y) => x - y);
  return values[Math.floor(values.length / 2)] ?? 0;
}

function shuffle(items: number[], random: () => number): number[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
