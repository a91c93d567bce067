import type { Store } from '../store/index.js';
import type { Embedder, EmbedProgress } from './embedder.js';
import { decodeVector, encodeVector } from './vector-codec.js';

export interface TextToEmbed {
  textSha256: string;
  text: string;
}

export interface EnsureOptions {
  batchSize?: number;
  onProgress?: EmbedProgress;
}

/**
 * Returns a vector for every text, embedding only those the store does not hold yet for this
 * embedder. Each batch is written in its own transaction, so an interrupted job keeps what it did.
 */
export async function ensureVectors(
  store: Store,
  embedder: Embedder,
  texts: readonly TextToEmbed[],
  options: EnsureOptions = {},
): Promise<{ vectors: Map<string, Float32Array>; embedded: number }> {
  const batchSize = options.batchSize ?? 64;
  store.registerEmbedder(embedder.record);
  const textBySha = new Map(texts.map((t) => [t.textSha256, t.text]));
  // One read serves both questions, which texts have vectors and what they are: the blobs dominate the I/O.
  const vectors = new Map<string, Float32Array>();
  for (const [sha, blob] of store.getVectors(embedder.id, textBySha.keys())) vectors.set(sha, decodeVector(blob));
  const missing = [...textBySha.keys()].filter((sha) => !vectors.has(sha));

  for (let start = 0; start < missing.length; start += batchSize) {
    const shas = missing.slice(start, start + batchSize);
    const embedded = await embedder.embed(shas.map((sha) => textBySha.get(sha)!));
    store.putVectors(
      embedder.id,
      shas.map((sha, i) => ({ textSha256: sha, dimension: embedded[i]!.length, blob: encodeVector(embedded[i]!) })),
    );
    shas.forEach((sha, i) => vectors.set(sha, embedded[i]!));
    options.onProgress?.(Math.min(start + batchSize, missing.length), missing.length);
  }

  return { vectors, embedded: missing.length };
}
