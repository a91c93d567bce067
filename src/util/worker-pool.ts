import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker, type Transferable } from 'node:worker_threads';
import { PACKAGE_ROOT } from './package-info.js';

/** What a task sends or a worker answers: a message and the buffers moved (not copied) with it. */
export interface Parcel<T> {
  message: T;
  transfer?: Transferable[];
}

/**
 * The compiled script of a worker. Run from the sources (tests), the sibling of the calling module is
 * a .ts file a worker cannot load, so the build's copy is used; without either there is no pool.
 */
function workerScript(sibling: URL, builtPath: string): string | null {
  const path = fileURLToPath(sibling);
  if (existsSync(path)) return path;
  const built = join(PACKAGE_ROOT, 'dist', builtPath);
  return existsSync(built) ? built : null;
}

/** Worker threads to use by default: every core, up to eight. */
export const defaultWorkers = (): number => Math.max(1, Math.min(availableParallelism(), 8));

/**
 * A small pool of worker threads for pure CPU work on independent tasks. Workers start on first use
 * and are unref'd, so an idle pool never keeps the process alive; `close` ends them. A pool of one
 * worker is not usable: the caller's own thread does as well without the messaging.
 */
export class WorkerPool<Task, Result> {
  private workers: Worker[] | null = null;
  private failed = false;
  private nextId = 0;
  private readonly script: string | null;

  /**
   * @param sibling the worker module's URL beside the caller (`new URL('./x-worker.js', import.meta.url)`)
   * @param builtPath the same module's path under `dist/` (`src/embed/x-worker.js`), for runs from the sources
   */
  constructor(
    sibling: URL,
    builtPath: string,
    readonly size = defaultWorkers(),
  ) {
    this.script = workerScript(sibling, builtPath);
  }

  /** Whether the pool can be used here (a worker script exists, several workers, none has failed). */
  get usable(): boolean {
    return !this.failed && this.size > 1 && this.script !== null;
  }

  /**
   * Runs every task on the workers, each worker taking the next task when it is free; `pack` makes a
   * task's message only then (it may read what the task needs first), so at most two packed tasks per
   * worker are held. Results are handed to
   * `onResult` as they arrive (in any order) and returned in task order. Rejects if a worker fails;
   * the pool is then closed and no longer usable.
   */
  async map(
    tasks: readonly Task[],
    pack: (task: Task) => Parcel<unknown> | Promise<Parcel<unknown>>,
    onResult?: (result: Result, index: number) => void,
  ): Promise<Result[]> {
    const workers = this.start();
    const results = new Array<Result>(tasks.length);
    let next = 0;
    const drain = async (worker: Worker) => {
      while (next < tasks.length) {
        const k = next++;
        const result = await this.ask(worker, await pack(tasks[k]!));
        results[k] = result;
        onResult?.(result, k);
      }
    };
    try {
      // Two tasks queued at each worker: it starts the next while this thread is busy elsewhere.
      await Promise.all([...workers, ...workers].map(drain));
    } catch (error) {
      this.failed = true;
      await this.close();
      throw error;
    }
    return results;
  }

  async close(): Promise<void> {
    const workers = this.workers ?? [];
    this.workers = null;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private start(): Worker[] {
    if (this.workers) return this.workers;
    if (!this.usable) throw new Error('no worker pool here');
    this.workers = Array.from({ length: this.size }, () => {
      const worker = new Worker(this.script!);
      worker.unref();
      return worker;
    });
    return this.workers;
  }

  private ask(worker: Worker, parcel: Parcel<unknown>): Promise<Result> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (reply: { id: number; result?: Result; error?: string }) => {
        if (reply.id !== id) return;
        cleanup();
        if (reply.error !== undefined) reject(new Error(reply.error));
        else resolve(reply.result as Result);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`worker exited with code ${code}`));
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, task: parcel.message }, parcel.transfer ?? []);
    });
  }
}

/** The worker's side: answers each task with `handle`'s result (moving the buffers it names). */
export function serveTasks<Task, Result>(handle: (task: Task) => Parcel<Result>): void {
  parentPort?.on('message', ({ id, task }: { id: number; task: Task }) => {
    let reply: Parcel<Result>;
    try {
      reply = handle(task);
    } catch (error) {
      parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    parentPort!.postMessage({ id, result: reply.message }, reply.transfer ?? []);
  });
}
