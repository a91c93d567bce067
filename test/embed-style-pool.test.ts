import { describe, expect, it } from 'vitest';
import { createStyleEmbedder, styleVector } from '../src/embed/style.js';
import { StylePool } from '../src/embed/style-pool.js';
import { STYLE_DIMENSION } from '../src/embed/style.js';

const texts = Array.from({ length: 1500 }, (_, i) =>
  i % 3 === 0
    ? `# Heading ${i}\n\n- point one\n- point **two**\n\nDone ${i}.`
    : `Plain answer number ${i}, with a comma; and more words… ${'x'.repeat(i % 17)}`,
);

describe('style embedding on worker threads', () => {
  it('gives exactly the vectors of the calling thread, in order', async () => {
    const pool = new StylePool(STYLE_DIMENSION, 2);
    expect(pool.usable).toBe(true);
    try {
      const fromWorkers = await pool.embed(texts);
      expect(fromWorkers).toHaveLength(texts.length);
      fromWorkers.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(styleVector(texts[i]!))));
    } finally {
      await pool.close();
    }
  });

  it('the embedder uses the pool for large batches and its own thread for small ones, with equal results', async () => {
    const embedder = createStyleEmbedder({ workers: 2 });
    try {
      const large = await embedder.embed(texts);
      const small = await embedder.embed(texts.slice(0, 10));
      small.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(large[i]!)));
    } finally {
      await embedder.dispose?.();
    }
  });
});
