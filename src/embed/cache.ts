import type { ScoringCache } from '../store/index.js';
import type { Embedder, EmbedProgress } from './embedder.js';

/** Vectors per cache write. */
const WRITE_SLICE = 512;

export interface EnsureOptions {
  batchSize?: number;
  onProgress?: EmbedProgress;
  /**
   * Return as soon as every vector is embedded and let the cache writes finish behind: called with the
   * promise of those writes, which the caller must await before closing the cache. Without it, the
   * vectors are all written when ensureVectors returns.
   */
  writeBehind?: (written: Promise<void>) => void;
}

/**
 * Returns a vector for every text hash, embedding only the texts the cache does not hold yet for this
 * embedder. `textsOf` is asked for the missing texts only, so a warm cache reads no answer text at all.
 * Each batch is written to the cache once embedded (in slices, between which the event loop runs:
 * a worker's finished chunk is answered at once), so an interrupted job keeps what it did.
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

  const batches: string[][] = [];
  for (let start = 0; start < missing.length; start += batchSize) batches.push(missing.slice(start, start + batchSize));
  // Texts are read a batch at a time, so the embedder starts on the first batch at once and only a
  // batch's texts are held in memory.
  const embed = (shas: readonly string[]) => {
    const texts = textsOf(shas);
    return embedder.embed(
      shas.map((sha) => {
        const text = texts.get(sha);
        if (text === undefined) throw new Error(`no text for answer ${sha}`);
        return text;
      }),
    );
  };
  // Two batches are with the embedder at any time, and the next is handed over before this one is
  // written to the cache: an embedder that works off this thread (the style view's workers, an ONNX
  // session) is never idle while we read texts or write, nor while its last chunks of a batch finish.
  const handled = <T>(promise: Promise<T>) => {
    promise.catch(() => undefined); // rejections are awaited below; this only keeps one from counting as unhandled meanwhile
    return promise;
  };
  const inFlight = batches.slice(0, 2).map((batch) => handled(embed(batch)));
  let written = Promise.resolve();
  const write = (entries: Array<{ textSha256: string; vector: Float32Array }>) => {
    written = written.then(async () => {
      for (let start = 0; start < entries.length; start += WRITE_SLICE) {
        await new Promise((resolve) => setImmediate(resolve));
        cache.put(embedder.id, embedder.record, entries.slice(start, start + WRITE_SLICE));
      }
    });
  };
  let done = 0;
  try {
    for (let k = 0; k < batches.length; k++) {
      const shas = batches[k]!;
      const embedded = await inFlight.shift()!;
      if (k + 2 < batches.length) inFlight.push(handled(embed(batches[k + 2]!)));
      write(shas.map((sha, i) => ({ textSha256: sha, vector: embedded[i]! })));
      shas.forEach((sha, i) => vectors.set(sha, embedded[i]!));
      done += shas.length;
      options.onProgress?.(done, missing.length);
    }
  } catch (error) {
    await written; // what was embedded before the failure is kept
    throw error;
  }
  if (options.writeBehind) options.writeBehind(written);
  else await written;
  return { vectors, embedded: missing.length };
}
