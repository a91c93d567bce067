import { describe, expect, it } from 'vitest';
import {
  buildTable,
  buildTableHere,
  buildTableOnWorkers,
  similarityPool,
  vectorsInMemory,
  type VectorSource,
} from '../src/analysis/parallel-table.js';
import { buildSimilarityTable, type ViewVectors } from '../src/score/index.js';

/** A seeded generator: the population is the same on every run. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** Models × probes of random vectors, some cells missing, some with several samples, one all-zero block. */
function population(rand: () => number, view: string, dims: number, blocks: ViewVectors['blocks']): ViewVectors {
  const models = Array.from({ length: 9 }, (_, i) => `m${i}`);
  const probes = Array.from({ length: 37 }, (_, p) => ({ prompt: `p${p}`, category: p % 3 ? 'a' : 'b' }));
  const cells = models.map((_, m) =>
    probes.map((_, p) => {
      if ((m * 7 + p) % 11 === 0) return undefined;
      const samples = 1 + ((m + p) % 3 === 0 ? 2 : 0);
      return Array.from({ length: samples }, () => {
        const v = Float32Array.from({ length: dims }, rand);
        if ((m + p) % 13 === 0) v.fill(0, 0, Math.min(dims, 4)); // a block without direction
        return v;
      });
    }),
  );
  return { view, embedderId: `${view}@1`, blocks, models, probes, cells };
}

describe('similarity table on worker threads', () => {
  it('is bit for bit the table built on one thread', async () => {
    const rand = seeded(11);
    const inputs = [
      population(rand, 'styled', 12, [
        { name: 'a', start: 0, end: 4 },
        { name: 'b', start: 4, end: 12 },
      ]),
      population(rand, 'whole', 5, []),
    ];
    const serial = buildSimilarityTable(inputs);
    const pool = similarityPool(2);
    expect(pool.usable).toBe(true);
    const parallel = await buildTableOnWorkers(vectorsInMemory(inputs), pool).finally(() => pool.close());
    expect(parallel.views).toEqual(serial.views);
    for (const part of ['fused', 'raw', 'viewMeans'] as const) {
      expect(
        Buffer.from(parallel[part].buffer, parallel[part].byteOffset, parallel[part].byteLength).equals(
          Buffer.from(serial[part].buffer, serial[part].byteOffset, serial[part].byteLength),
        ),
      ).toBe(true);
    }
    // Small populations are built on this thread: the same table.
    const small = await buildTable(vectorsInMemory(inputs));
    expect(Array.from(small.fused)).toEqual(Array.from(serial.fused));
  });

  it('is the same table when the vectors are read a run of probes at a time', async () => {
    const rand = seeded(5);
    const inputs = [
      population(rand, 'styled', 12, [
        { name: 'a', start: 0, end: 4 },
        { name: 'b', start: 4, end: 12 },
      ]),
    ];
    const serial = buildSimilarityTable(inputs);
    const loaded: Array<[number, number]> = [];
    // Each load returns only its run's cells: reading outside the run would find nothing.
    const byRun: VectorSource = {
      ...vectorsInMemory(inputs),
      load: async (start, end) => {
        loaded.push([start, end]);
        return inputs.map((input) => ({
          ...input,
          cells: input.cells.map((row) => row.map((cell, p) => (p >= start && p < end ? cell : undefined))),
        }));
      },
    };
    const here = await buildTableHere(byRun);
    const pool = similarityPool(2);
    const onWorkers = await buildTableOnWorkers(byRun, pool).finally(() => pool.close());
    for (const table of [here, onWorkers]) {
      expect(Array.from(table.fused)).toEqual(Array.from(serial.fused));
      expect(Array.from(table.raw)).toEqual(Array.from(serial.raw));
      expect(Array.from(table.viewMeans)).toEqual(Array.from(serial.viewMeans));
    }
    expect(loaded.length).toBeGreaterThan(2);
  });
});
