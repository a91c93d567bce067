import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { WorkerPool } from '../src/util/worker-pool.js';
import { writeTemp } from './helpers/temp.js';

/** A worker script in a temporary folder: doubles numbers, fails on a negative one, exits on 999. */
function script(): URL {
  const serve = pathToFileURL(join(PACKAGE_ROOT, 'dist', 'src', 'util', 'worker-pool.js')).href; // the build's copy (pretest builds)
  const path = writeTemp(
    'doubling-worker.mjs',
    `import { serveTasks } from ${JSON.stringify(serve)};
serveTasks((x) => {
  if (x === 999) process.exit(3);
  if (x < 0) throw new Error('negative input ' + x);
  return { message: x * 2 };
});
`,
  );
  return pathToFileURL(path);
}

describe('worker pool', () => {
  it('runs every task, returns the results in task order and hands each over as it arrives', async () => {
    const pool = new WorkerPool<number, number>(script(), 'none', 2);
    expect(pool.usable).toBe(true);
    const arrived = new Map<number, number>();
    try {
      const tasks = Array.from({ length: 25 }, (_, i) => i);
      const results = await pool.map(
        tasks,
        (x) => ({ message: x }),
        (result, k) => arrived.set(k, result),
      );
      expect(results).toEqual(tasks.map((x) => 2 * x));
      expect([...arrived].sort((a, b) => a[0] - b[0])).toEqual(tasks.map((x) => [x, 2 * x]));
    } finally {
      await pool.close();
    }
  });

  it("rejects with the worker's error, and is not used again", async () => {
    const pool = new WorkerPool<number, number>(script(), 'none', 2);
    await expect(pool.map([1, 2, -5, 4], (x) => ({ message: x }))).rejects.toThrow(/negative input -5/);
    expect(pool.usable).toBe(false);
    await expect(pool.map([1], (x) => ({ message: x }))).rejects.toThrow(/no worker pool/);
  });

  it('rejects when a worker exits', async () => {
    const pool = new WorkerPool<number, number>(script(), 'none', 2);
    await expect(pool.map([1, 999, 3], (x) => ({ message: x }))).rejects.toThrow(/exited with code 3/);
    expect(pool.usable).toBe(false);
  });

  it('is not usable with one worker, or without a script', () => {
    expect(new WorkerPool(script(), 'none', 1).usable).toBe(false);
    expect(new WorkerPool(new URL('file:///nowhere/worker.js'), 'src/nowhere.js', 2).usable).toBe(false);
  });
});
