import type { ScoringCache } from '../store/index.js';
import type { Embedder, EmbedProgress } from './embedder.js';

export interface EnsureOptions {
  batchSize?: number;
  onProgress?: EmbedProgress;
}

/**
 * Returns a vector for every text hash, embedding only the texts the cache does not hold yet for this
 * embedder. `textsOf` is asked for the missing texts only, so a warm cache reads no answer text at all.
 * Each batch is cached as soon as it is embedded, so an interrupted job keeps what it did.
 */
export async function ensureVectors(
  cache: ScoringCache,
  embedder: Embedder,
  textSha256s: Iterable<string>,
  textsOf: (missing: readonly string[]) => ReadonlyMap<string, string>,
  options: EnsureOptions = {},
): Promise<{ vectors: Map<string, Float32Array>; embedded: number }> {
  const batchSize = options.batchSize ?? embedder.preferredBatch ?? 64;
  const wanted = [...new Set(textSha256s)];
  const vectors = cache.get(embedder.id, wanted);
  const missing = wanted.filter((sha) => !vectors.has(sha));
  const texts = missing.length > 0 ? textsOf(missing) : new Map<string, string>();

  for (let start = 0; start < missing.length; start += batchSize) {
    const shas = missing.slice(start, start + batchSize);
    const embedded = await embedder.embed(
      shas.map((sha) => {
        const text = texts.get(sha);
        if (text === undefined) throw new Error(`no text for answer ${sha}`);
        return text;
      }),
    );
    cache.put(
      embedder.id,
      embedder.record,
      shas.map((sha, i) => ({ textSha256: sha, vector: embedded[i]! })),
    );
    shas.forEach((sha, i) => vectors.set(sha, embedded[i]!));
    options.onProgress?.(Math.min(start + batchSize, missing.length), missing.length);
  }
  return { vectors, embedded: missing.length };
}
