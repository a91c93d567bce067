import { bootstrapCounts, bootstrapQuantiles, histogram, signFlipTest, type Histogram } from './statistics.js';
import { MIN_REFERENCES, zAgainst } from './calibrate.js';
import { pairSeries, type SimilarityTable } from './similarity-table.js';
import { ResampledTrimmedMean } from './trimmed-mean.js';
import type { SameModelTest } from './same-model.js';

export interface PermutationNull {
  observed: number;
  pValue: number;
  /** The trimmed mean excess under random sign flips, binned. */
  histogram: Histogram;
}

export interface PairEvidence {
  /** One-sided p-value that the suspect is closer to the source than the references are (sign-flip test over probes). */
  pValue: number | null;
  /** 95% percentile-bootstrap interval of the calibrated score, resampling probes. */
  ci: [number, number] | null;
  /** Probes that entered the test (answered by both, and by at least one reference). */
  testedProbes: number;
  /** Each tested probe's excess similarity, largest first: where the pair is closest. */
  excessByProbe: Array<{ probe: number; excess: number }>;
  /** With `nullDistribution`: the permutation null as a histogram, and the observed trimmed mean excess. */
  permutationNull?: PermutationNull;
}

export interface EvidenceOptions {
  probeFilter?: (probe: number) => boolean;
  permutations?: number;
  bootstrap?: number;
  nullDistribution?: boolean;
}

/**
 * The excess similarity of pair (a, b) on each probe: d_p = f_p(a,b) − mean{ f_p(a,x), f_p(b,x) } over
 * the references that answered it: the numerator of the calibrated score probe by probe (the score
 * itself trims each series before averaging it; see TRIM). The p-value tests its trimmed mean.
 */
export function excessSeries(
  table: SimilarityTable,
  a: number,
  b: number,
  references: readonly number[],
  probeFilter?: (probe: number) => boolean,
): { probes: number[]; excess: number[] } {
  if (b < a) [a, b] = [b, a]; // one order of summing for (a, b) and (b, a): the same numbers to the last bit
  const refs = references.filter((x) => x !== a && x !== b);
  const ab = pairSeries(table, a, b);
  const background = refs.flatMap((x) => [pairSeries(table, a, x), pairSeries(table, b, x)]);
  const probes: number[] = [];
  const excess: number[] = [];
  for (let p = 0; p < ab.length; p++) {
    if (Number.isNaN(ab[p]!) || (probeFilter && !probeFilter(p))) continue;
    let sum = 0;
    let count = 0;
    for (const series of background) {
      const x = series[p]!;
      if (Number.isNaN(x)) continue;
      sum += x;
      count++;
    }
    if (count === 0) continue;
    probes.push(p);
    excess.push(ab[p]! - sum / count);
  }
  return { probes, excess };
}

/**
 * The statistics behind a calibrated score. p-value: a one-sided sign-flip test of trimmed mean
 * excess > 0, trimmed as the score is (under the null, each probe's excess is as likely negative as positive). Interval: the calibrated
 * score recomputed on probes drawn with replacement (every series of the pair and its references read
 * on the same draw), 95% percentile bootstrap. Both seeded: the same data always gives the same numbers.
 */
export function pairEvidence(
  table: SimilarityTable,
  a: number,
  b: number,
  references: readonly number[],
  options: EvidenceOptions = {},
): PairEvidence {
  const refs = references.filter((x) => x !== a && x !== b);
  const { probes, excess } = excessSeries(table, a, b, refs, options.probeFilter);
  const excessByProbe = probes.map((probe, i) => ({ probe, excess: excess[i]! })).sort((x, y) => y.excess - x.excess || x.probe - y.probe);
  if (probes.length === 0 || refs.length < MIN_REFERENCES) return { pValue: null, ci: null, testedProbes: probes.length, excessByProbe };

  const test = signFlipTest(excess, options.permutations);
  const permutationNull = options.nullDistribution
    ? { observed: test.observed, pValue: test.pValue, histogram: histogram(test.nullMeans, 40, test.observed) }
    : undefined;
  const [ci] = bootstrapScoreIntervals(table, [[a, b]], refs, probes, options.bootstrap ?? 1000);
  return { pValue: test.pValue, ci: ci!, testedProbes: probes.length, excessByProbe, ...(permutationNull ? { permutationNull } : {}) };
}

/**
 * Percentile bootstrap intervals of the calibrated scores of several pairs over the same probes and
 * the same draws: in each draw, every series involved (each pair and its references' pairs) is
 * averaged as the score averages it (a trimmed mean) over the drawn probes, each probe counted as
 * often as it was drawn (NaN skipped), and each pair's z recomputed from those. A series shared by
 * several pairs (a ranking's suspect against every reference) is averaged once per draw.
 */
export function bootstrapScoreIntervals(
  table: SimilarityTable,
  pairs: ReadonlyArray<readonly [number, number]>,
  references: readonly number[],
  probes: readonly number[],
  draws: number,
): Array<[number, number] | null> {
  const n = probes.length;
  if (n < 2) return pairs.map(() => null);
  const counts = bootstrapCounts(n, draws);
  const models = table.models.length;
  const means = new Map<number, Float64Array>();
  const resampled = new ResampledTrimmedMean();
  const meansOf = (i: number, j: number): Float64Array => {
    const key = i < j ? i * models + j : j * models + i;
    let out = means.get(key);
    if (out) return out;
    out = resampled.load(pairSeries(table, i, j), probes).ofDraws(counts, draws);
    means.set(key, out);
    return out;
  };
  return pairs.map(([first, second]) => {
    const [a, b] = first < second ? [first, second] : [second, first]; // as in excessSeries
    const refs = references.filter((x) => x !== a && x !== b);
    const pair = meansOf(a, b);
    const background = refs.flatMap((x) => [meansOf(a, x), meansOf(b, x)]);
    const zs: number[] = [];
    const values: number[] = [];
    for (let d = 0; d < draws; d++) {
      values.length = 0;
      for (const series of background) if (!Number.isNaN(series[d]!)) values.push(series[d]!);
      const z = values.length >= 2 ? zAgainst(pair[d]!, values) : null;
      if (z !== null) zs.push(z);
    }
    return bootstrapQuantiles(zs, draws);
  });
}

export type Verdict = 'same-model' | 'derived' | 'inconclusive' | 'no-evidence' | 'unrelated';

/**
 * Thresholds derived on alpaca-bench (44 models, 68 independent pairs; bench/accuracy.ts): with style@2
 * and trimmed means the largest calibrated score of an independent pair there was 1.08 over all 150
 * prompts and at most 1.22 on either half of the prompts or with models left out
 * (bench/scorer-variants.md), the largest lower interval bound 0.91, so `derived` needs a score of 1.5
 * and a lower bound of 1.0. style@3 lowered those to 1.00, 1.15 and 0.85; the thresholds were kept.
 * Provisional: a larger labelled set should refine them (`llm-fingerprint calibrate` derives them from
 * your own labelled pairs).
 */
const RULE = {
  alpha: 0.01,
  derivedMinScore: 1.5,
  derivedMinLower: 1.0,
  unrelatedMinPValue: 0.05,
  unrelatedMaxUpper: 1.0,
  sameModelMinPValue: 0.05,
  sameModelMinProbes: 10,
  sameModelMinCoverage: 0.5,
} as const;

type Thresholds = { readonly [K in keyof typeof RULE]: number };
export type VerdictRule = Thresholds & { description: string };

function describe(rule: Thresholds): string {
  return (
    `derived: p < ${rule.alpha}, calibrated score >= ${rule.derivedMinScore} and its 95% interval's lower end >= ${rule.derivedMinLower}; ` +
    `same-model: derived, and the same-model test (kernel MMD over the probes where both models have several samples, ` +
    `at least ${rule.sameModelMinProbes} of them and ${rule.sameModelMinCoverage * 100}% of the probes compared) finds no difference ` +
    `(its p >= ${rule.sameModelMinPValue}): sameness is only claimed where it was tested across most of the battery; ` +
    `unrelated: p >= ${rule.unrelatedMinPValue} (not even closer than the average reference) and the interval's upper end below ` +
    `${rule.unrelatedMaxUpper} (derivation ruled out); ` +
    `no-evidence: not derived and the interval stays below ${rule.derivedMinScore}, but not shown unrelated; ` +
    `inconclusive: the interval reaches ${rule.derivedMinScore} without meeting the derived rule, or there are no statistics.`
  );
}

/** The rule that turns evidence into a verdict; reported with every verdict so readers can check it. */
export const VERDICT_RULE: VerdictRule = { ...RULE, description: describe(RULE) };

/**
 * The default rule with another derived threshold (from a calibration file), described accordingly.
 * The interval's lower end need not exceed the threshold itself.
 */
export function ruleWithThreshold(derivedMinScore: number): VerdictRule {
  const rule = { ...RULE, derivedMinScore, derivedMinLower: Math.min(RULE.derivedMinLower, derivedMinScore) };
  return { ...rule, description: describe(rule) };
}

export function verdictFor(
  score: number | null,
  evidence: Pick<PairEvidence, 'pValue' | 'ci' | 'testedProbes'>,
  sameModel: SameModelTest | null = null,
  rule: VerdictRule = VERDICT_RULE,
): Verdict {
  const { pValue, ci } = evidence;
  if (score === null || pValue === null || ci === null) return 'inconclusive';
  if (pValue < rule.alpha && score >= rule.derivedMinScore && ci[0] >= rule.derivedMinLower) {
    const indistinguishable =
      sameModel !== null &&
      sameModel.probes >= rule.sameModelMinProbes &&
      sameModel.probes >= rule.sameModelMinCoverage * evidence.testedProbes &&
      sameModel.pValue >= rule.sameModelMinPValue;
    return indistinguishable ? 'same-model' : 'derived';
  }
  if (pValue >= rule.unrelatedMinPValue && ci[1] < rule.unrelatedMaxUpper) return 'unrelated';
  return ci[1] < rule.derivedMinScore ? 'no-evidence' : 'inconclusive';
}
