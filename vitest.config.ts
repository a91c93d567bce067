import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Removes each file's temporary folders (test/helpers/temp.ts) once the file is done.
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // better-sqlite3 and onnxruntime are native: forks isolate them more safely than threads
    pool: 'forks',
    // vitest's default (cores - 1) is a single worker on a 2-core machine, and much of a CLI test's time is
    // spent waiting for the process it spawned: two files at a time keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // No test may download anything: an embedding model that is not on disk is simply absent.
    env: { LLM_FINGERPRINT_OFFLINE: '1' },
  },
});
