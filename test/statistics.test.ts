import { describe, expect, it } from 'vitest';
import { bootstrapInterval, holmAdjust, seededRandom, signFlipPValue } from '../src/score/statistics.js';
import { verdictFor } from '../src/score/evidence.js';

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

describe('bootstrap interval', () => {
  it('covers the mean of a sample and narrows with more data', () => {
    const random = seededRandom(5);
    const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const small = Array.from({ length: 20 }, () => random());
    const large = Array.from({ length: 400 }, () => random());
    const ci = (data: number[]) => bootstrapInterval(data.length, (idx) => mean(idx.map((i) => data[i]!)))!;
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
    expect(verdictFor(1.2, { pValue: 0.0001, ci: [0.7, 1.7], testedProbes: 100 })).toBe('inconclusive');
    expect(verdictFor(3, { pValue: 0.2, ci: [-1, 5], testedProbes: 100 })).toBe('inconclusive');
    expect(verdictFor(0.1, { pValue: 0.4, ci: [-0.5, 0.7], testedProbes: 100 })).toBe('unrelated');
    expect(verdictFor(null, { pValue: null, ci: null, testedProbes: 0 })).toBe('inconclusive');
  });

  it('claims the same model only when a sample-level test covered most of the battery and found no difference', () => {
    const strong = { pValue: 0.0001, ci: [5, 9] as [number, number], testedProbes: 100 };
    expect(verdictFor(7, strong, { pValue: 0.4, statistic: 0, probes: 80 })).toBe('same-model');
    expect(verdictFor(7, strong, { pValue: 0.001, statistic: 0.1, probes: 80 })).toBe('derived');
    expect(verdictFor(7, strong, { pValue: 0.4, statistic: 0, probes: 20 })).toBe('derived'); // 20 of 100 probes: too little
    expect(verdictFor(7, strong, null)).toBe('derived');
  });
});
