import { describe, expect, it } from 'vitest';
import { pairIndex, probeSimilarities } from '../src/score/similarity-table.js';
import { seededRandom } from '../src/score/statistics.js';

/** The definition, written plainly: the mean cosine over sample pairs in each block; NaN where either side has no direction. */
function naive(
  cells: ReadonlyArray<Float32Array[] | undefined>,
  blocks: ReadonlyArray<{ start: number; end: number }>,
  n: number,
): Float64Array {
  const pairs = (n * (n - 1)) / 2;
  const out = new Float64Array(blocks.length * pairs).fill(Number.NaN);
  const norm = (v: Float32Array, start: number, end: number) => Math.sqrt(v.slice(start, end).reduce((s, x) => s + x * x, 0));
  blocks.forEach(({ start, end }, b) => {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = cells[i];
        const c = cells[j];
        if (!a?.some((s) => norm(s, start, end) > 0) || !c?.some((s) => norm(s, start, end) > 0)) continue;
        let sum = 0;
        for (const s of a) {
          for (const t of c) {
            const ns = norm(s, start, end);
            const nt = norm(t, start, end);
            if (ns === 0 || nt === 0) continue;
            let dot = 0;
            for (let k = start; k < end; k++) dot += s[k]! * t[k]!;
            sum += dot / (ns * nt);
          }
        }
        out[b * pairs + pairIndex(n, i, j)] = sum / (a.length * c.length);
      }
    }
  });
  return out;
}

describe('per-probe similarities', () => {
  it('are the mean cosine over sample pairs in each block, for any number of models, missing answers and empty blocks', () => {
    const random = seededRandom(5);
    const blocks = [
      { name: 'a', start: 0, end: 7 },
      { name: 'b', start: 7, end: 20 },
      { name: 'c', start: 20, end: 23 },
    ];
    for (const n of [2, 3, 5, 6, 9, 11]) {
      const cells = Array.from({ length: n }, (_, i) => {
        if (i % 5 === 3) return undefined; // no answer
        const samples = 1 + (i % 3 === 1 ? 2 : 0);
        return Array.from({ length: samples }, (_, s) => {
          const v = Float32Array.from({ length: 23 }, () => random() - 0.5);
          if ((i + s) % 4 === 2) v.fill(0, 7, 20); // one sample without direction in block b
          if (i % 7 === 4) v.fill(0, 20, 23); // a model without direction in block c
          return v;
        });
      });
      const fast = probeSimilarities([{ blocks, cells }], n);
      const plain = naive(cells, blocks, n);
      expect(fast.length).toBe(plain.length);
      plain.forEach((x, k) => {
        if (Number.isNaN(x)) expect(fast[k]).toBeNaN();
        else expect(fast[k]).toBeCloseTo(x, 5);
      });
    }
  });
});

describe('similarity table builder', () => {
  it("keeps each view's standardised similarity trimmed over the probes as F is, and F the mean of the views per probe", async () => {
    const { SimilarityTableBuilder } = await import('../src/score/similarity-table.js');
    const { trimmedSeriesMean } = await import('../src/score/trimmed-mean.js');
    const random = seededRandom(21);
    const n = 6;
    const pairs = (n * (n - 1)) / 2;
    const P = 37;
    const views = [
      { view: 'style:char', embedder: 'style@2' },
      { view: 'style:layout', embedder: 'style@2' },
    ];
    const probes = Array.from({ length: P }, (_, p) => ({ prompt: `p${p}`, category: 'c' }));
    const builder = new SimilarityTableBuilder(
      Array.from({ length: n }, (_, i) => `m${i}`),
      probes,
      views,
    );
    // z[v][k][p]: the standardised similarity by its definition (mean and sd over the pairs defined on that probe and view)
    const z = views.map(() => Array.from({ length: pairs }, () => new Array<number>(P).fill(Number.NaN)));
    for (let p = 0; p < P; p++) {
      const similarities = new Float64Array(views.length * pairs);
      views.forEach((_, v) => {
        for (let k = 0; k < pairs; k++) similarities[v * pairs + k] = (k + p + v) % 7 === 3 ? Number.NaN : random() * 2 - 1;
        const defined = Array.from(similarities.subarray(v * pairs, (v + 1) * pairs)).filter((x) => !Number.isNaN(x));
        const mean = defined.reduce((a, b) => a + b, 0) / defined.length;
        const sd = Math.sqrt(defined.reduce((a, b) => a + (b - mean) ** 2, 0) / (defined.length - 1));
        for (let k = 0; k < pairs; k++) {
          const x = similarities[v * pairs + k]!;
          if (!Number.isNaN(x)) z[v]![k]![p] = (x - mean) / sd;
        }
      });
      builder.add(p, similarities);
    }
    const table = builder.finish();
    for (let k = 0; k < pairs; k++) {
      views.forEach((_, v) => {
        const series = Float32Array.from(z[v]![k]!);
        expect(table.viewMeans[k * views.length + v]).toBeCloseTo(trimmedSeriesMean(series).mean, 6);
      });
      for (let p = 0; p < P; p++) {
        const present = views.map((_, v) => z[v]![k]![p]!).filter((x) => !Number.isNaN(x));
        const expected = present.length ? present.reduce((a, b) => a + b, 0) / present.length : Number.NaN;
        if (Number.isNaN(expected)) expect(table.fused[k * P + p]).toBeNaN();
        else expect(table.fused[k * P + p]).toBeCloseTo(expected, 5);
      }
    }
  });
});
