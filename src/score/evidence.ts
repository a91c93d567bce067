import { mean } from './vector-math.js';
import type { PairSimilarities } from './pair-similarities.js';
import { bootstrapInterval, signFlipPValue } from './statistics.js';
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
}

export interface EvidenceOptions {
  probeFilter?: (probe: number) => boolean;
  permutations?: number;
  bootstrap?: number;
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

  const pValue = Math.min(1, views.length * Math.min(...excess.map((d) => signFlipPValue(d, options.permutations))));
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
  return { pValue, ci, testedProbes: probes.length, excessByProbe };
}

export type Verdict = 'same-model' | 'derived' | 'inconclusive' | 'unrelated';

const RULE = {
  alpha: 0.01,
  derivedMinScore: 2,
  unrelatedMaxScore: 1,
  unrelatedMinPValue: 0.05,
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
    `unrelated: p >= ${RULE.unrelatedMinPValue}, score < ${RULE.unrelatedMaxScore} and its interval below ${RULE.derivedMinScore}; ` +
    'otherwise inconclusive.',
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
  if (pValue >= VERDICT_RULE.unrelatedMinPValue && score < VERDICT_RULE.unrelatedMaxScore && ci !== null && ci[1] < VERDICT_RULE.derivedMinScore) {
    return 'unrelated';
  }
  return 'inconclusive';
}
