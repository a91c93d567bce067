import {
  SimilarityTableBuilder,
  pairCount,
  probeCells,
  probeSimilarities,
  tableViews,
  type ProbeRef,
  type SimilarityTable,
  type TableLayout,
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

/**
 * Where a table build reads the answers' vectors: all held in memory, or a run of probes at a time
 * (a population too large to hold every vector at once reads each run from the cache as it goes).
 */
export interface VectorSource {
  models: readonly string[];
  probes: readonly ProbeRef[];
  layout: TableLayout;
  /** The inputs with at least the cells of probes [start, end) present. */
  load(start: number, end: number): Promise<readonly ViewVectors[]>;
}

/** A source for vectors already in memory. */
export function vectorsInMemory(inputs: readonly ViewVectors[]): VectorSource {
  const first = inputs[0];
  if (!first) throw new Error('no views to score');
  return { models: first.models, probes: first.probes, layout: tableViews(inputs), load: async () => inputs };
}

/** A worker's reply: the run's similarities, and the vectors' buffer handed back for the next run to fill. */
export interface ProbeRunSimilarities {
  similarities: Float64Array;
  vectors: Float32Array;
}

type SimilarityPool = WorkerPool<[number, number], ProbeRunSimilarities>;

/** The pool of similarity workers (its own script beside this module, or the build's copy). */
export const similarityPool = (workers?: number): SimilarityPool =>
  new WorkerPool(new URL('./similarity-worker.js', import.meta.url), 'src/analysis/similarity-worker.js', workers);

const dimensionsOf = (blocks: readonly VectorBlock[][]) => blocks.map((b) => b.reduce((end, block) => Math.max(end, block.end), 0));

/** Runs of consecutive probes, each about `floats` numbers of vectors, and several for each of `workers`. */
function probeRuns(source: VectorSource, floats: number, workers: number): Array<[number, number]> {
  const P = source.probes.length;
  const perProbe = source.models.length * dimensionsOf(source.layout.blocks).reduce((a, b) => a + b, 0);
  // Several runs a worker, so a worker slowed by other work on the machine does not hold up the rest.
  const step = Math.max(1, Math.min(Math.floor(floats / Math.max(1, perProbe)), Math.ceil(P / (4 * workers))));
  const runs: Array<[number, number]> = [];
  for (let p = 0; p < P; p += step) runs.push([p, Math.min(P, p + step)]);
  return runs;
}

/**
 * The similarity table of a population: on worker threads when it is large enough to pay for them,
 * else (or if a worker fails) on this thread. The same table either way, bit for bit.
 */
export async function buildTable(source: VectorSource, options: TableBuildOptions = {}): Promise<SimilarityTable> {
  const work = pairCount(source.models.length) * source.probes.length * dimensionsOf(source.layout.blocks).reduce((a, b) => a + b, 0);
  const pool = similarityPool(options.workers);
  try {
    if (pool.usable && work >= PARALLEL_WORK) return await buildTableOnWorkers(source, pool);
  } catch {
    // a worker failed: build here instead
  } finally {
    await pool.close();
  }
  return buildTableHere(source);
}

/** The table built on this thread, a run of probes at a time. */
export async function buildTableHere(source: VectorSource): Promise<SimilarityTable> {
  const { views, blocks } = source.layout;
  const builder = new SimilarityTableBuilder(source.models, source.probes, views);
  for (const [start, end] of probeRuns(source, FLOATS_PER_TASK, 1)) {
    const inputs = await source.load(start, end);
    for (let p = start; p < end; p++) builder.add(p, probeSimilarities(probeCells(inputs, blocks, p), source.models.length));
  }
  return builder.finish();
}

/**
 * The table with its per-probe similarities computed on the pool's workers and added in probe order:
 * bit for bit the table built on one thread. Rejects if a worker fails.
 */
export async function buildTableOnWorkers(source: VectorSource, pool: SimilarityPool = similarityPool()): Promise<SimilarityTable> {
  const n = source.models.length;
  const { views, blocks } = source.layout;
  const dimensions = dimensionsOf(blocks);
  const runs = probeRuns(source, FLOATS_PER_TASK, pool.size);
  const builder = new SimilarityTableBuilder(source.models, source.probes, views);
  const width = views.length * pairCount(n);
  const arrived = new Map<number, Float64Array>();
  // Vector buffers the workers have handed back: filling fresh memory for every run cost the main
  // thread more than the copy itself (first-touch page faults, about 0.3 s at 60 models × 805 probes).
  const spare: Float32Array[] = [];
  let nextRun = 0;
  await pool.map(
    runs,
    async ([start, end]) => {
      const packed = pack(await source.load(start, end), blocks, dimensions, n, start, end, spare);
      return { message: packed, transfer: [packed.counts.buffer as ArrayBuffer, packed.vectors.buffer as ArrayBuffer] };
    },
    ({ similarities, vectors }, k) => {
      spare.push(new Float32Array(vectors.buffer));
      // Runs finish in any order; they are added in probe order, as on one thread.
      arrived.set(k, similarities);
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
  spare: Float32Array[] = [],
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
  // A handed-back buffer large enough, else a new one; the run's vectors are a view at its start.
  const reused = spare.findIndex((buffer) => buffer.length >= floats);
  const vectors = (reused >= 0 ? spare.splice(reused, 1)[0]! : new Float32Array(floats)).subarray(0, floats);
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
