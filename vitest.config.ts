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
    // No test may download anything: an embedding model that is not on disk is simply absent.
    env: { LLM_FINGERPRINT_OFFLINE: '1' },
  },
});
