import { describe, expect, it } from 'vitest';
import {
  bootstrapCounts,
  bootstrapQuantiles,
  histogram,
  holmAdjust,
  seededRandom,
  signFlipPValue,
  signFlipTest,
  SignedValues,
} from '../src/score/statistics.js';
import { trimmedAtEachEnd, trimmedSeriesMean } from '../src/score/trimmed-mean.js';
import { VERDICT_RULE, ruleWithThreshold, verdictFor } from '../src/score/evidence.js';

describe('sign-flip permutation test', () => {
  it('gives a small p-value for a consistent positive excess and a large one for noise around 0', () => {
    const random = seededRandom(3);
    const shifted = Array.from({ length: 100 }, () => random() - 0.5 + 0.2);
    const noise = Array.from({ length: 100 }, () => random() - 0.5);
    expect(signFlipPValue(shifted)).toBeLessThan(0.001);
    expect(signFlipPValue(noise)).toBeGreaterThan(0.05);
  });

  it('is calibrated: under the null about 5% of p-values fall below 0.05', () => {
    const random = seededRandom(11);
    let rejections = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const d = Array.from({ length: 40 }, () => random() - 0.5);
      if (signFlipPValue(d, 999, t + 1) < 0.05) rejections++;
    }
    expect(rejections / trials).toBeGreaterThan(0.01);
    expect(rejections / trials).toBeLessThan(0.1);
  });

  it('never returns 0 and is reproducible', () => {
    const d = [1, 2, 3, 4, 5];
    expect(signFlipPValue(d, 999)).toBeGreaterThan(0);
    expect(signFlipPValue(d, 999)).toBe(signFlipPValue(d, 999));
  });
});

describe('sign-flip test of the trimmed mean', () => {
  /** The trimmed sum by its definition: sort, leave out `cut` values at each end, add up the rest. */
  const trimmedSum = (values: readonly number[], cut: number) =>
    [...values]
      .sort((x, y) => x - y)
      .slice(cut, values.length - cut)
      .reduce((a, b) => a + b, 0);

  it('finds the values a trim leaves out, whatever the signs, as sorting would', () => {
    const random = seededRandom(17);
    for (const n of [10, 11, 25, 64, 150]) {
      const cut = trimmedAtEachEnd(n);
      const size = Float64Array.from({ length: n }, () => random() * 3)
        .sort()
        .reverse();
      const patterns = [
        () => (random() < 0.5 ? 1 : 0), // mixed
        () => 1, // all negative
        () => 0, // all positive
        () => (random() < 0.05 ? 0 : 1), // a positive or two
        () => (random() < 0.05 ? 1 : 0), // a negative or two
      ];
      for (const pattern of patterns) {
        const negative = new Uint32Array(Math.ceil(n / 32));
        const signed: number[] = [];
        for (let i = 0; i < n; i++) {
          const bit = pattern();
          if (bit) negative[i >>> 5]! |= 1 << (i & 31);
          signed.push(bit ? -size[i]! : size[i]!);
        }
        const all = signed.reduce((a, b) => a + b, 0);
        const values = new SignedValues(size);
        expect(values.total(negative, 0)).toBeCloseTo(all, 10);
        expect(all - values.tails(negative, 0, cut)).toBeCloseTo(trimmedSum(signed, cut), 10);
      }
    }
  });

  it('matches the exact test, every sign pattern enumerated', () => {
    const random = seededRandom(23);
    const n = 12;
    const cut = trimmedAtEachEnd(n);
    const d = Array.from({ length: n }, () => random() - 0.35);
    const observed = trimmedSum(d, cut);
    let atLeast = 0;
    for (let mask = 0; mask < 1 << n; mask++) {
      const flipped = d.map((x, i) => (mask & (1 << i) ? -Math.abs(x) : Math.abs(x)));
      if (trimmedSum(flipped, cut) >= observed - 1e-12) atLeast++;
    }
    const exact = atLeast / (1 << n);
    expect(exact).toBeGreaterThan(0.02);
    expect(exact).toBeLessThan(0.5);
    expect(Math.abs(signFlipPValue(d, 99_999) - exact)).toBeLessThan(0.01);
  });

  it('reports the trimmed mean the score takes', () => {
    const random = seededRandom(29);
    const d = Array.from({ length: 87 }, () => random() - 0.45);
    expect(signFlipTest(d, 99).observed).toBeCloseTo(trimmedSeriesMean(d).mean, 10);
  });

  it('gives a handful of outlying probes a bounded weight: however far out, they count as trimmed values', () => {
    const random = seededRandom(31);
    const noise = Array.from({ length: 95 }, () => random() - 0.45);
    const near = signFlipTest([...noise, 8, 9, 10, 11, 12], 999);
    const far = signFlipTest([...noise, 800, 900, 1000, 1100, 1200], 999);
    expect(far.pValue).toBe(near.pValue);
    expect(far.observed).toBeCloseTo(near.observed, 12);
  });
});

describe('permutation null', () => {
  it('returns the null means behind the p-value, and a histogram that holds the observed value', () => {
    const random = seededRandom(11);
    const d = Array.from({ length: 60 }, () => random() - 0.4);
    const test = signFlipTest(d, 999);
    expect(test.pValue).toBe(signFlipPValue(d, 999));
    expect(test.nullMeans).toHaveLength(999);
    const above = test.nullMeans.filter((m) => m >= test.observed - 1e-12).length;
    expect(test.pValue).toBeCloseTo((1 + above) / 1000, 10);
    const h = histogram(test.nullMeans, 20, test.observed);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(999);
    expect(test.observed).toBeGreaterThanOrEqual(h.start);
    expect(test.observed).toBeLessThanOrEqual(h.start + h.width * h.counts.length + 1e-12);
  });
});

describe('bootstrap interval', () => {
  it('covers the mean of a sample and narrows with more data', () => {
    const random = seededRandom(5);
    const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const small = Array.from({ length: 20 }, () => random());
    const large = Array.from({ length: 400 }, () => random());
    const ci = (data: number[]) => {
      const draws = 1000;
      const counts = bootstrapCounts(data.length, draws);
      const means = Array.from({ length: draws }, (_, d) => mean(data.map((x, k) => counts[d * data.length + k]! * x)));
      return bootstrapQuantiles(means, draws)!;
    };
    const [lo, hi] = ci(small);
    expect(lo).toBeLessThan(mean(small));
    expect(hi).toBeGreaterThan(mean(small));
    const [lo2, hi2] = ci(large);
    expect(hi2 - lo2).toBeLessThan(hi - lo);
    expect(lo2).toBeGreaterThan(0.4);
    expect(hi2).toBeLessThan(0.6);
  });
});

describe('Holm adjustment', () => {
  it('matches the step-down definition', () => {
    // sorted: 0.01 (×3 = 0.03), 0.02 (×2 = 0.04), 0.04 (×1 = 0.04)
    expect(holmAdjust([0.04, 0.01, 0.02])).toEqual([0.04, 0.03, 0.04]);
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
  });
});

describe('verdict rule', () => {
  it('needs both a small p-value and a large calibrated score to call a pair derived', () => {
    expect(verdictFor(3, { pValue: 0.001, ci: [2.2, 3.8], testedProbes: 100 })).toBe('derived');
    expect(verdictFor(3, { pValue: 0.2, ci: [-1, 5], testedProbes: 100 })).toBe('inconclusive');
    expect(verdictFor(1, { pValue: 0.001, ci: [0.5, 1.4], testedProbes: 100 })).toBe('no-evidence');
    expect(verdictFor(null, { pValue: null, ci: null, testedProbes: 0 })).toBe('inconclusive');
  });

  it("needs the interval's lower end above the floor for derived", () => {
    const { derivedMinScore: derived, derivedMinLower: lower } = VERDICT_RULE;
    expect(verdictFor(derived + 0.1, { pValue: 0.001, ci: [lower - 0.1, derived + 1], testedProbes: 100 })).toBe('inconclusive');
    expect(verdictFor(derived + 0.1, { pValue: 0.001, ci: [lower, derived + 1], testedProbes: 100 })).toBe('derived');
    expect(verdictFor(derived - 0.01, { pValue: 0.001, ci: [lower + 0.1, derived + 1], testedProbes: 100 })).toBe('inconclusive');
  });

  it('says unrelated only when there is no sign of closeness and the interval rules derivation out', () => {
    const { derivedMinScore: derived, unrelatedMaxUpper: ceiling } = VERDICT_RULE;
    expect(verdictFor(0.1, { pValue: 0.4, ci: [-0.5, ceiling - 0.1], testedProbes: 100 })).toBe('unrelated');
    // The AlpacaEval pair of issue 10: interval above 0, p just over 0.05, upper end below the derived threshold but not
    // below the unrelated ceiling: no evidence of derivation, not "unrelated".
    expect(verdictFor(0.3, { pValue: 0.056, ci: [0.02, ceiling + 0.1], testedProbes: 150 })).toBe('no-evidence');
    // Clearly closer than the references (small p), even with a low interval: not unrelated.
    expect(verdictFor(0.6, { pValue: 0.0001, ci: [0.3, ceiling - 0.1], testedProbes: 100 })).toBe('no-evidence');
    // The interval reaches the derived threshold without meeting the rule: neither way.
    expect(verdictFor(1.2, { pValue: 0.02, ci: [0.2, derived + 0.1], testedProbes: 100 })).toBe('inconclusive');
    expect(verdictFor(0.1, { pValue: 0.4, ci: null, testedProbes: 1 })).toBe('inconclusive');
    // The rule's text names every verdict it can give.
    for (const word of ['derived:', 'same-model:', 'unrelated:', 'no-evidence:', 'inconclusive'])
      expect(VERDICT_RULE.description).toContain(word);
  });

  it("takes a calibration's threshold in place of the default, and says so in its description", () => {
    const rule = ruleWithThreshold(0.8);
    expect(rule.derivedMinScore).toBe(0.8);
    expect(rule.derivedMinLower).toBe(0.8);
    expect(rule.description).toContain('calibrated score >= 0.8');
    expect(verdictFor(0.9, { pValue: 0.001, ci: [0.85, 1.2], testedProbes: 100 }, null, rule)).toBe('derived');
    expect(verdictFor(0.9, { pValue: 0.001, ci: [0.85, 1.2], testedProbes: 100 })).toBe('no-evidence');
  });

  it('claims the same model only when a sample-level test covered most of the battery and found no difference', () => {
    const strong = { pValue: 0.0001, ci: [5, 9] as [number, number], testedProbes: 100 };
    expect(verdictFor(7, strong, { pValue: 0.4, statistic: 0, probes: 80 })).toBe('same-model');
    expect(verdictFor(7, strong, { pValue: 0.001, statistic: 0.1, probes: 80 })).toBe('derived');
    expect(verdictFor(7, strong, { pValue: 0.4, statistic: 0, probes: 20 })).toBe('derived'); // 20 of 100 probes: too little
    expect(verdictFor(7, strong, null)).toBe('derived');
  });
});
