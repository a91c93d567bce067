import { describe, expect, it } from 'vitest';
import { ResampledTrimmedMean, TRIM, argsortPresent, trimmedSeriesMean } from '../src/score/trimmed-mean.js';
import { bootstrapCounts, seededRandom } from '../src/score/statistics.js';

describe('the trimmed mean of a pair over its probes', () => {
  it('leaves out the lowest and highest tenth, skipping missing probes and those the filter drops', () => {
    expect(TRIM).toBe(0.1);
    // twenty values: two cut at each end, the mean of the middle sixteen
    const series = Float32Array.from([9, 1, 2, 3, 4, 5, 6, 7, 100, -50, 8, 10, 11, 12, 13, 14, 15, 16, 200, -70]);
    expect(trimmedSeriesMean(series)).toEqual({
      mean: (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 16) / 16,
      probes: 20,
    });
    // NaN is not a value; nine values cut none (floor(0.9) = 0)
    expect(trimmedSeriesMean([1, Number.NaN, 2, 3, 10])).toEqual({ mean: 4, probes: 4 });
    expect(trimmedSeriesMean([1, 2, 3, 10, 20], (p) => p !== 4)).toEqual({ mean: 4, probes: 4 });
    expect(trimmedSeriesMean([Number.NaN])).toEqual({ mean: Number.NaN, probes: 0 });
  });

  it('of a bootstrap resample equals the trimmed mean of the resampled values written out', () => {
    const random = seededRandom(3);
    // quarters from -5 to 5: exact in float32 (the table's precision), with ties and negative values
    const values = Array.from({ length: 37 }, (_, k) => (k % 9 === 4 ? Number.NaN : Math.round(random() * 40) / 4 - 5));
    const resampled = new ResampledTrimmedMean(
      values,
      values.map((_, k) => k),
    );
    const draws = 50;
    const counts = bootstrapCounts(values.length, draws);
    for (let d = 0; d < draws; d++) {
      const written: number[] = [];
      values.forEach((v, k) => {
        for (let c = 0; c < counts[d * values.length + k]!; c++) written.push(v);
      });
      expect(resampled.of(counts, d * values.length)).toBeCloseTo(trimmedSeriesMean(written).mean, 12);
    }
    expect(new ResampledTrimmedMean([Number.NaN, 1], [0, 1]).of(Uint16Array.from([3, 0]), 0)).toBeNaN();
    // draws over a subset of the series' probes (those a test kept): the series is read at those
    const picked = [5, 1, 30, 12, 7, 22];
    const subset = new ResampledTrimmedMean(values, picked);
    const once = Uint16Array.from(picked, () => 1);
    expect(subset.of(once, 0)).toBeCloseTo(trimmedSeriesMean(picked.map((k) => values[k]!)).mean, 12);
  });

  it('gives every draw of an interval at once the trimmed means one draw at a time gives, complete series or not', () => {
    const random = seededRandom(9);
    for (const [n, draws] of [
      [5, 7],
      [23, 13],
      [120, 50],
    ] as const) {
      const complete = Array.from({ length: n }, () => Math.round((random() - 0.5) * 40) / 4);
      const gappy = complete.map((v, k) => (k % 6 === 1 ? Number.NaN : v));
      const counts = bootstrapCounts(n, draws, 4);
      for (const values of [complete, gappy]) {
        const resampled = new ResampledTrimmedMean(
          values,
          values.map((_, k) => k),
        );
        const all = resampled.ofDraws(counts, draws);
        expect(all).toHaveLength(draws);
        all.forEach((x, d) => expect(x).toBeCloseTo(resampled.of(counts, d * n), 12));
      }
    }
  });

  it('reused for one series after another (gappy, complete, over other probes) reads each as a fresh one does', () => {
    const random = seededRandom(13);
    const reused = new ResampledTrimmedMean();
    for (const n of [40, 40, 17, 90, 17]) {
      const values = Array.from({ length: n }, (_, k) => (random() < 0.2 && k % 2 ? Number.NaN : Math.round((random() - 0.5) * 40) / 4));
      const probes = values.map((_, k) => k).filter((k) => k % 5 !== 3);
      const counts = bootstrapCounts(probes.length, 9, n);
      expect(reused.load(values, probes).ofDraws(counts, 9)).toEqual(new ResampledTrimmedMean(values, probes).ofDraws(counts, 9));
    }
  });

  it('sorts positions by value as a comparison sort does: negatives, zeros, ties in position order, NaN left out', () => {
    const random = seededRandom(11);
    for (const n of [0, 1, 2, 7, 300, 2000]) {
      const values = Float32Array.from({ length: n }, (_, k) =>
        k % 13 === 5 ? Number.NaN : k % 11 === 3 ? -0 : Math.round((random() - 0.5) * 64) / 8 + (k % 7 === 0 ? 1e-30 : 0),
      );
      const expected = [...values.keys()].filter((k) => !Number.isNaN(values[k]!)).sort((x, y) => values[x]! - values[y]! || x - y);
      expect(Array.from(argsortPresent(values))).toEqual(expected);
    }
  });
});

describe('trimmed mean by selection', () => {
  it('equals the mean of the sorted values with the lowest and highest tenth left out, ties, NaN and filters included', () => {
    const random = seededRandom(41);
    for (const n of [1, 2, 9, 10, 11, 19, 20, 37, 150, 805]) {
      for (let trial = 0; trial < 20; trial++) {
        const ties = trial % 3 === 0;
        const values = Array.from({ length: n }, (_, k) =>
          k % 13 === 5 ? Number.NaN : ties ? Math.round(random() * 4) : Math.fround((random() - 0.5) * 10),
        );
        const keep = trial % 2 ? (k: number) => k % 4 !== 1 : undefined;
        const kept = values.filter((x, k) => !Number.isNaN(x) && (!keep || keep(k))).sort((x, y) => x - y);
        const cut = Math.floor(kept.length * TRIM);
        const middle = kept.slice(cut, kept.length - cut);
        const expected = middle.length ? middle.reduce((a, b) => a + b, 0) / middle.length : Number.NaN;
        const got = trimmedSeriesMean(values, keep);
        expect(got.probes).toBe(kept.length);
        if (Number.isNaN(expected)) expect(got.mean).toBeNaN();
        else expect(got.mean).toBeCloseTo(expected, 10);
      }
    }
  });
});
