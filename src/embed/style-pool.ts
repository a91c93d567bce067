import { WorkerPool } from '../util/worker-pool.js';

/** Texts per message to a worker: large enough that messaging costs little, small enough to balance. */
const CHUNK = 256;

/**
 * Style vectors on worker threads: the style view is pure CPU work on independent texts, so it
 * scales with cores. The vectors are those of the calling thread, bit for bit.
 */
export class StylePool {
  private readonly pool: WorkerPool<string[], Float32Array>;

  constructor(
    private readonly dimension: number,
    size?: number,
  ) {
    this.pool = new WorkerPool(new URL('./style-worker.js', import.meta.url), 'src/embed/style-worker.js', size);
  }

  get usable(): boolean {
    return this.pool.usable;
  }

  /** Style vectors of `texts`, in order; rejects if a worker fails (the caller falls back to its own thread). */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const chunks: string[][] = [];
    for (let i = 0; i < texts.length; i += CHUNK) chunks.push(texts.slice(i, i + CHUNK));
    const packed = await this.pool.map(chunks, (chunk) => ({ message: chunk }));
    return packed.flatMap((vectors, k) => chunks[k]!.map((_, i) => vectors.subarray(i * this.dimension, (i + 1) * this.dimension)));
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
