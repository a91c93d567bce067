import {
  SimilarityTableBuilder,
  buildSimilarityTable,
  pairCount,
  probeCells,
  tableViews,
  type SimilarityTable,
  type VectorBlock,
  type ViewVectors,
} from '../score/index.js';
import { WorkerPool } from '../util/worker-pool.js';

/** A run of probes as a similarity worker receives it: sample counts per (probe, input, model), then the vectors in that order. */
export interface PackedProbes {
  n: number;
  blocks: VectorBlock[][];
  dimensions: number[];
  probes: number;
  counts: Int32Array;
  vectors: Float32Array;
}

/** Below this many multiply-adds the table is built here: starting workers would cost more than they save. */
const PARALLEL_WORK = 2e8;
/** Floats of vectors per message: large enough that messaging costs little, small enough to balance. */
const FLOATS_PER_TASK = 1 << 20;

export interface TableBuildOptions {
  /** Worker threads; default every core. 1 builds on this thread. */
  workers?: number;
}

type SimilarityPool = WorkerPool<[number, number], Float64Array>;

const similarityPool = (workers?: number): SimilarityPool =>
  new WorkerPool(new URL('./similarity-worker.js', import.meta.url), 'src/analysis/similarity-worker.js', workers);

const dimensionsOf = (blocks: readonly VectorBlock[][]) => blocks.map((b) => b.reduce((end, block) => Math.max(end, block.end), 0));

/**
 * The similarity table of a population: on worker threads when it is large enough to pay for them,
 * else (or if a worker fails) on this thread. The same table either way, bit for bit.
 */
export async function buildTable(inputs: readonly ViewVectors[], options: TableBuildOptions = {}): Promise<SimilarityTable> {
  const first = inputs[0];
  if (!first) throw new Error('no views to score');
  const work = pairCount(first.models.length) * first.probes.length * dimensionsOf(tableViews(inputs).blocks).reduce((a, b) => a + b, 0);
  const pool = similarityPool(options.workers);
  try {
    if (pool.usable && work >= PARALLEL_WORK) return await buildTableOnWorkers(inputs, pool);
  } catch {
    // a worker failed: build here instead
  } finally {
    await pool.close();
  }
  return buildSimilarityTable(inputs);
}

/**
 * The table with its per-probe similarities computed on the pool's workers and added in probe order:
 * bit for bit the table `buildSimilarityTable` gives on one thread. Rejects if a worker fails.
 */
export async function buildTableOnWorkers(
  inputs: readonly ViewVectors[],
  pool: SimilarityPool = similarityPool(),
): Promise<SimilarityTable> {
  const first = inputs[0];
  if (!first) throw new Error('no views to score');
  const n = first.models.length;
  const P = first.probes.length;
  const { views, blocks } = tableViews(inputs);
  const dimensions = dimensionsOf(blocks);
  const perProbe = n * dimensions.reduce((a, b) => a + b, 0);
  // Several runs a worker, so a worker slowed by other work on the machine does not hold up the rest.
  const step = Math.max(1, Math.min(Math.floor(FLOATS_PER_TASK / Math.max(1, perProbe)), Math.ceil(P / (4 * pool.size))));
  const runs: Array<[number, number]> = [];
  for (let p = 0; p < P; p += step) runs.push([p, Math.min(P, p + step)]);

  const builder = new SimilarityTableBuilder(first.models, first.probes, views);
  const width = views.length * pairCount(n);
  const arrived = new Map<number, Float64Array>();
  let nextRun = 0;
  await pool.map(
    runs,
    ([start, end]) => {
      const packed = pack(inputs, blocks, dimensions, n, start, end);
      return { message: packed, transfer: [packed.counts.buffer as ArrayBuffer, packed.vectors.buffer as ArrayBuffer] };
    },
    (out, k) => {
      // Runs finish in any order; they are added in probe order, as on one thread.
      arrived.set(k, out);
      for (let ready = arrived.get(nextRun); ready; ready = arrived.get(nextRun)) {
        arrived.delete(nextRun);
        const [start, end] = runs[nextRun]!;
        for (let p = start; p < end; p++) builder.add(p, ready.subarray((p - start) * width, (p - start + 1) * width));
        nextRun++;
      }
    },
  );
  return builder.finish();
}

function pack(
  inputs: readonly ViewVectors[],
  blocks: VectorBlock[][],
  dimensions: number[],
  n: number,
  start: number,
  end: number,
): PackedProbes {
  const counts = new Int32Array((end - start) * inputs.length * n);
  let floats = 0;
  let c = 0;
  for (let p = start; p < end; p++) {
    for (const cell of probeCells(inputs, blocks, p)) {
      for (const samples of cell.cells) {
        counts[c++] = samples?.length ?? 0;
        for (const s of samples ?? []) floats += s.length;
      }
    }
  }
  const vectors = new Float32Array(floats);
  let offset = 0;
  for (let p = start; p < end; p++) {
    probeCells(inputs, blocks, p).forEach((cell, e) => {
      for (const samples of cell.cells) {
        for (const s of samples ?? []) {
          if (s.length !== dimensions[e]) throw new Error(`a vector of ${s.length} dimensions among ${dimensions[e]}`);
          vectors.set(s, offset);
          offset += s.length;
        }
      }
    });
  }
  return { n, blocks, dimensions, probes: end - start, counts, vectors };
}
