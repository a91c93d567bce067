import { serveTasks } from '../util/worker-pool.js';
import { probeSimilarities, type ProbeCells } from '../score/index.js';
import type { PackedProbes } from './parallel-table.js';

/**
 * A similarity worker: the answers of a run of probes in, their per-probe similarities out (moved), and
 * the vectors' buffer moved back for the next run.
 */
serveTasks((task: PackedProbes) => {
  const { n, blocks, dimensions, probes, counts, vectors } = task;
  const V = blocks.reduce((sum, b) => sum + b.length, 0);
  const width = V * ((n * (n - 1)) / 2);
  const out = new Float64Array(probes * width);
  let cell = 0;
  let offset = 0;
  for (let q = 0; q < probes; q++) {
    const inputs: ProbeCells[] = blocks.map((inputBlocks, e) => {
      const d = dimensions[e]!;
      const cells = Array.from({ length: n }, () => {
        const samples = counts[cell++]!;
        if (samples === 0) return undefined;
        const list = Array.from({ length: samples }, (_, s) => vectors.subarray(offset + s * d, offset + (s + 1) * d));
        offset += samples * d;
        return list;
      });
      return { blocks: inputBlocks, cells };
    });
    out.set(probeSimilarities(inputs, n), q * width);
  }
  return { message: { similarities: out, vectors }, transfer: [out.buffer, vectors.buffer as ArrayBuffer] };
});
