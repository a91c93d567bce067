import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Removes each file's temporary folders (test/helpers/temp.ts) once the file is done.
    setupFiles: ['test/setup.ts'],
    // A safety net against hangs, not a speed check: generous enough for a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // better-sqlite3 and onnxruntime are native: forks isolate them more safely than threads
    pool: 'forks',
    // vitest's default (cores - 1) is a single worker on a 2-core machine, and much of a CLI test's time is
    // spent waiting for the process it spawned: two files at a time keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A worker runs one test file after another in the same process instead of starting a fresh one per
    // file: that start-up (fork, vitest runtime, importing src through vite) was a third of the suite's CPU.
    // Files must therefore leave nothing another file could trip on (environment restored, servers closed,
    // temporary folders removed by test/setup.ts); each file passes alone and in shuffled order
    // (vitest run --sequence.shuffle).
    isolate: false,
    // No test may download anything: an embedding model that is not on disk is simply absent.
    env: { LLM_FINGERPRINT_OFFLINE: '1' },
  },
});
