import { mean } from './vector-math.js';
import type { PairSimilarities } from './pair-similarities.js';
import { bootstrapInterval, histogram, signFlipTest, type Histogram } from './statistics.js';
import { MIN_REFERENCES, zAgainst } from './calibrate.js';
import type { SameModelTest } from './same-model.js';

export interface PairEvidence {
  /** One-sided p-value that the suspect is closer to the source than the references are (sign-flip test over probes). */
  pValue: number | null;
  /** 95% percentile-bootstrap interval of the calibrated score, resampling probes. */
  ci: [number, number] | null;
  /** Probes that entered the test (answered by both, and by at least one reference). */
  testedProbes: number;
  /** Each tested probe's excess similarity (mean over views), largest first: where the pair is closest. */
  excessByProbe: Array<{ probe: number; excess: number }>;
  /**
   * With `nullDistribution`: the permutation null of the view that gave the p-value (before
   * Bonferroni) as a histogram of mean excess similarity, and the observed mean.
   */
  permutationNull?: PermutationNull;
}

export interface PermutationNull {
  /** Index of the view (in the order given) whose test this is. */
  view: number;
  observed: number;
  /** The view's own p-value, before joining the views. */
  pValue: number;
  histogram: Histogram;
}

export interface EvidenceOptions {
  probeFilter?: (probe: number) => boolean;
  permutations?: number;
  bootstrap?: number;
  /** Also return the permutation null as a histogram (for a chart). */
  nullDistribution?: boolean;
}

/**
 * The statistics behind a calibrated score, over one or more views. For each probe both models
 * answered, the excess similarity d = s(a,b) − mean over references of s(a,x) and s(b,x); each view's
 * p-value is a sign-flip test of mean d > 0, and several views are joined by Bonferroni (valid
 * whatever their dependence). The interval recomputes the combined calibrated score on probes drawn
 * with replacement, the same draw for every view.
 */
export function pairEvidence(
  views: readonly PairSimilarities[],
  a: number,
  b: number,
  references: readonly number[],
  options: EvidenceOptions = {},
): PairEvidence {
  const refs = references.filter((x) => x !== a && x !== b);
  const centredOf = (sims: PairSimilarities, i: number, j: number) => sims.perProbe(i, j).centred;
  const perView = views.map((sims) => ({
    ab: centredOf(sims, a, b),
    series: refs.flatMap((x) => [centredOf(sims, a, x), centredOf(sims, b, x)]),
  }));
  const probes: number[] = [];
  const excess: number[][] = views.map(() => []);
  for (let p = 0; p < perView[0]!.ab.length; p++) {
    if (options.probeFilter && !options.probeFilter(p)) continue;
    const d = perView.map(({ ab, series }) => {
      let sum = 0;
      let count = 0;
      for (const s of series) {
        if (!Number.isNaN(s[p]!)) {
          sum += s[p]!;
          count++;
        }
      }
      return count === 0 ? NaN : ab[p]! - sum / count;
    });
    if (d.some(Number.isNaN)) continue;
    probes.push(p);
    d.forEach((x, v) => excess[v]!.push(x));
  }
  const excessByProbe = probes
    .map((probe, i) => ({ probe, excess: mean(excess.map((d) => d[i]!)) }))
    .sort((x, y) => y.excess - x.excess);
  if (probes.length === 0 || refs.length < MIN_REFERENCES) return { pValue: null, ci: null, testedProbes: probes.length, excessByProbe };

  const tests = excess.map((d) => signFlipTest(d, options.permutations));
  const pValue = Math.min(1, views.length * Math.min(...tests.map((t) => t.pValue)));
  const best = tests.reduce((b, t, v) => (t.pValue < tests[b]!.pValue ? v : b), 0);
  const permutationNull: PermutationNull | undefined = options.nullDistribution
    ? { view: best, observed: tests[best]!.observed, pValue: tests[best]!.pValue, histogram: histogram(tests[best]!.nullMeans, 40, tests[best]!.observed) }
    : undefined;
  // Per view, the tested probes as rows of [s(a,b), s(a,x1), s(b,x1), …]: a resample then reads whole rows.
  const width = 1 + perView[0]!.series.length;
  const tables = perView.map(({ ab, series }) => {
    const table = new Float64Array(probes.length * width);
    probes.forEach((p, k) => {
      table[k * width] = ab[p]!;
      series.forEach((s, j) => (table[k * width + 1 + j] = s[p]!));
    });
    return table;
  });
  const counts = new Uint32Array(probes.length);
  const sums = new Float64Array(width);
  const weights = new Float64Array(width);
  const calibratedOn = (sample: readonly number[]): number | null => {
    counts.fill(0);
    for (const k of sample) counts[k]!++;
    const zs: number[] = [];
    for (const table of tables) {
      sums.fill(0);
      weights.fill(0);
      for (let k = 0; k < probes.length; k++) {
        const w = counts[k]!;
        if (w === 0) continue;
        const row = k * width;
        for (let c = 0; c < width; c++) {
          const v = table[row + c]!;
          if (!Number.isNaN(v)) {
            sums[c]! += w * v;
            weights[c]! += w;
          }
        }
      }
      const background: number[] = [];
      for (let c = 1; c < width; c++) if (weights[c]! > 0) background.push(sums[c]! / weights[c]!);
      const z = zAgainst(sums[0]! / weights[0]!, background);
      if (z === null) return null;
      zs.push(z);
    }
    return mean(zs);
  };
  const ci = bootstrapInterval(probes.length, calibratedOn, options.bootstrap ? { iterations: options.bootstrap } : {});
  return { pValue, ci, testedProbes: probes.length, excessByProbe, ...(permutationNull ? { permutationNull } : {}) };
}

export type Verdict = 'same-model' | 'derived' | 'inconclusive' | 'no-evidence' | 'unrelated';

const RULE = {
  alpha: 0.01,
  derivedMinScore: 2,
  unrelatedMaxScore: 1,
  unrelatedMinPValue: 0.05,
  /** Unrelated also needs the interval to reach down to this: no closer than the references. */
  unrelatedMaxIntervalLow: 0,
  sameModelMinPValue: 0.05,
  sameModelMinProbes: 10,
  sameModelMinCoverage: 0.5,
} as const;

/** The rule that turns evidence into a verdict; reported with every verdict so readers can check it. */
export const VERDICT_RULE = {
  ...RULE,
  description:
    `derived: p < ${RULE.alpha}, calibrated score >= ${RULE.derivedMinScore} and its 95% interval above 0; ` +
    `same-model: derived, and the same-model test (kernel MMD over the probes where both models have several samples, ` +
    `at least ${RULE.sameModelMinProbes} of them and ${RULE.sameModelMinCoverage * 100}% of the probes compared) finds no difference ` +
    `(its p >= ${RULE.sameModelMinPValue}): sameness is only claimed where it was tested across most of the battery; ` +
    `unrelated: p >= ${RULE.unrelatedMinPValue}, score < ${RULE.unrelatedMaxScore}, and its interval reaches down to ` +
    `${RULE.unrelatedMaxIntervalLow} (no closer than the references) and stays below ${RULE.derivedMinScore} (the derived threshold ruled out); ` +
    `no-evidence: not derived and the interval stays below ${RULE.derivedMinScore}, but not unrelated (no evidence of derivation, ` +
    'yet not shown to be no closer than the references); ' +
    `otherwise inconclusive (the interval reaches ${RULE.derivedMinScore}, or there are no statistics).`,
} as const;

export function verdictFor(
  score: number | null,
  evidence: Pick<PairEvidence, 'pValue' | 'ci' | 'testedProbes'>,
  sameModel: SameModelTest | null = null,
): Verdict {
  const { pValue, ci } = evidence;
  if (score === null || pValue === null) return 'inconclusive';
  if (pValue < VERDICT_RULE.alpha && score >= VERDICT_RULE.derivedMinScore && (ci === null || ci[0] > 0)) {
    const indistinguishable =
      sameModel !== null &&
      sameModel.probes >= VERDICT_RULE.sameModelMinProbes &&
      sameModel.probes >= VERDICT_RULE.sameModelMinCoverage * evidence.testedProbes &&
      sameModel.pValue >= VERDICT_RULE.sameModelMinPValue;
    return indistinguishable ? 'same-model' : 'derived';
  }
  if (ci === null || ci[1] >= VERDICT_RULE.derivedMinScore) return 'inconclusive';
  const unrelated =
    pValue >= VERDICT_RULE.unrelatedMinPValue && score < VERDICT_RULE.unrelatedMaxScore && ci[0] <= VERDICT_RULE.unrelatedMaxIntervalLow;
  return unrelated ? 'unrelated' : 'no-evidence';
}
