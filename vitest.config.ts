import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // better-sqlite3 and onnxruntime are native: forks isolate them more safely than threads
    pool: 'forks',
  },
});
