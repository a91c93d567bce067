import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../util/package-info.js';

/** Texts per message to a worker: large enough that messaging costs little, small enough to balance. */
const CHUNK = 256;

/**
 * The compiled worker script. Run from the sources (tests), the sibling is a .ts file a worker cannot
 * load, so the build's copy is used; without either, embedding stays on the calling thread.
 */
function workerScript(): string | null {
  const sibling = fileURLToPath(new URL('./style-worker.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  const built = join(PACKAGE_ROOT, 'dist', 'src', 'embed', 'style-worker.js');
  return existsSync(built) ? built : null;
}

/**
 * A small pool of worker threads computing style vectors: the style view is pure CPU work on
 * independent texts, so it scales with cores. Workers start on first use and are unref'd, so an
 * idle pool never keeps the process alive; `close` ends them.
 */
export class StylePool {
  private workers: Worker[] | null = null;
  private failed = false;
  private nextId = 0;

  constructor(
    private readonly dimension: number,
    private readonly size = Math.max(1, Math.min(availableParallelism(), 8)),
  ) {}

  /** Whether a pool can be used here (a worker script exists and no worker has failed). */
  get usable(): boolean {
    return !this.failed && this.size > 1 && workerScript() !== null;
  }

  /** Style vectors of `texts`, in order; rejects if a worker fails (the caller falls back to its own thread). */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const workers = this.start();
    const chunks: string[][] = [];
    for (let i = 0; i < texts.length; i += CHUNK) chunks.push(texts.slice(i, i + CHUNK));
    const results = new Array<Float32Array[]>(chunks.length);
    let next = 0;
    const drain = async (worker: Worker) => {
      while (next < chunks.length) {
        const k = next++;
        const packed = await this.ask(worker, chunks[k]!);
        results[k] = chunks[k]!.map((_, i) => packed.subarray(i * this.dimension, (i + 1) * this.dimension));
      }
    };
    try {
      await Promise.all(workers.map(drain));
    } catch (error) {
      this.failed = true;
      await this.close();
      throw error;
    }
    return results.flat();
  }

  async close(): Promise<void> {
    const workers = this.workers ?? [];
    this.workers = null;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private start(): Worker[] {
    if (this.workers) return this.workers;
    const script = workerScript();
    if (!script) throw new Error('no style worker script');
    this.workers = Array.from({ length: this.size }, () => {
      const worker = new Worker(script);
      worker.unref();
      return worker;
    });
    return this.workers;
  }

  private ask(worker: Worker, texts: string[]): Promise<Float32Array> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (message: { id: number; packed: Float32Array }) => {
        if (message.id !== id) return;
        cleanup();
        resolve(message.packed);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`style worker exited with code ${code}`));
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, texts });
    });
  }
}
