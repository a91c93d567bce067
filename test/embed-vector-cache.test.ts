import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureVectors, type Embedder } from '../src/embed/index.js';
import { loadTransformersEmbedder } from '../src/embed/transformers/index.js';
import { ScoringCache } from '../src/store/index.js';
import { sha256Hex } from '../src/util/hash.js';
import { tempDir } from './helpers/temp.js';
import { copyTinyBert, perturbWordEmbeddings } from './helpers/tiny-bert.js';

const words = ['hello', 'world', 'the', 'cat', 'sat', 'on', 'mat', 'dog', 'can', 'run', 'fast', 'python', 'code'];
const texts = Array.from({ length: 40 }, (_, i) => {
  const text = Array.from({ length: 3 + (i % 7) }, (_, k) => words[(i * 5 + k * 3) % words.length]).join(' ') + ` ${i}`;
  return { text, textSha256: sha256Hex(text) };
});
const shas = texts.map((t) => t.textSha256);
const textBySha = new Map(texts.map((t) => [t.textSha256, t.text]));
/** Hands out only the texts asked for, and counts how many were asked for. */
let textsRead = 0;
const textsOf = (missing: readonly string[]) => {
  textsRead += missing.length;
  return new Map(missing.map((sha) => [sha, textBySha.get(sha)!]));
};

/** Counts the texts an embedder is really asked to embed. */
function counting(embedder: Embedder): Embedder & { calls: number; texts: number } {
  const wrapped = {
    ...embedder,
    calls: 0,
    texts: 0,
    embed: async (batch: readonly string[]) => {
      wrapped.calls++;
      wrapped.texts += batch.length;
      return embedder.embed(batch);
    },
  };
  return wrapped;
}

const open: Array<{ close(): void }> = [];
const loaded: Embedder[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  for (const e of loaded.splice(0)) await e.dispose?.();
});

async function tinyModel(folder: string): Promise<Embedder> {
  const embedder = await loadTransformersEmbedder(folder);
  loaded.push(embedder);
  return embedder;
}

describe('vectors of the transformers embedder in the cache file', () => {
  it('a second run embeds nothing, reads no text, and returns the same vectors, also after reopening the cache', async () => {
    const cachePath = join(tempDir(), 'fingerprint.db.cache');
    const folder = copyTinyBert(join(tempDir(), 'tiny-bert'));
    const cache = ScoringCache.open(cachePath);
    open.push(cache);
    const first = counting(await tinyModel(folder));
    const progress: Array<[number, number]> = [];
    textsRead = 0;
    const run1 = await ensureVectors(cache, first, shas, textsOf, { batchSize: 16, onProgress: (d, t) => progress.push([d, t]) });
    expect(run1.embedded).toBe(40);
    expect(first.texts).toBe(40);
    expect(textsRead).toBe(40);
    expect(progress).toEqual([
      [16, 40],
      [32, 40],
      [40, 40],
    ]);
    const again = await ensureVectors(cache, first, shas, textsOf);
    expect(again.embedded).toBe(0);
    expect(first.texts).toBe(40);
    expect(textsRead).toBe(40);
    cache.close();

    const reopened = ScoringCache.open(cachePath);
    open.push(reopened);
    const fresh = counting(await tinyModel(folder));
    expect(fresh.id).toBe(first.id);
    const run3 = await ensureVectors(reopened, fresh, [...shas, ...shas], textsOf);
    expect(run3.embedded).toBe(0);
    expect(fresh.texts).toBe(0);
    for (const sha of shas) expect(Array.from(run3.vectors.get(sha)!)).toEqual(Array.from(run1.vectors.get(sha)!));
  });

  it('a changed model gets a new id and new vectors; the old vectors stay as they were', async () => {
    const cache = ScoringCache.open(join(tempDir(), 'fingerprint.db.cache'));
    open.push(cache);
    const folder = copyTinyBert(join(tempDir(), 'tiny-bert'));
    const before = await tinyModel(folder);
    const old = await ensureVectors(cache, before, shas, textsOf);

    perturbWordEmbeddings(join(folder, 'onnx', 'model.onnx'), 0.05);
    const after = counting(await tinyModel(folder));
    expect(after.id).not.toBe(before.id);
    expect(after.record.fileSha256).not.toBe(before.record.fileSha256);
    const fresh = await ensureVectors(cache, after, shas, textsOf);
    expect(fresh.embedded).toBe(40);
    expect(after.texts).toBe(40);
    const differing = shas.filter((sha) => Array.from(fresh.vectors.get(sha)!).some((v, d) => v !== old.vectors.get(sha)![d]));
    expect(differing.length).toBe(40);

    const stillThere = cache.get(before.id, shas);
    expect(stillThere.size).toBe(40);
    for (const [sha, vector] of old.vectors) expect(Array.from(stillThere.get(sha)!)).toEqual(Array.from(vector));
    expect(cache.counts()).toEqual({ [before.id]: 40, [after.id]: 40 });
    expect(stillThere.values().next().value!).toHaveLength(4);
  });

  it('a cache that cannot be created (the folder is a file) works in memory instead', async () => {
    const blocked = join(tempDir(), 'not-a-folder');
    writeFileSync(blocked, 'x');
    const cache = ScoringCache.open(join(blocked, 'fingerprint.db.cache'));
    open.push(cache);
    const first = counting(await tinyModel(copyTinyBert(join(tempDir(), 'tiny-bert'))));
    expect((await ensureVectors(cache, first, shas, textsOf)).embedded).toBe(40);
    expect((await ensureVectors(cache, first, shas, textsOf)).embedded).toBe(0);
  });
});

describe('cache writes behind the embedding', () => {
  const fake = (failAfter = Infinity): Embedder & { batches: number } => {
    const embedder = {
      id: 'fake@1',
      view: 'fake',
      record: { id: 'fake@1', kind: 'test', normalize: false, dimension: 2, version: '1' },
      batches: 0,
      embed: async (batch: readonly string[]) => {
        if (++embedder.batches > failAfter) throw new Error('embedder died');
        return batch.map((text) => Float32Array.of(text.length, 1));
      },
    };
    return embedder;
  };

  it('returns the vectors before they are written, and writes them all by the time the promise settles', async () => {
    const cache = ScoringCache.open(':memory:');
    open.push(cache);
    let written: Promise<void> | undefined;
    const result = await ensureVectors(cache, fake(), shas, textsOf, { batchSize: 8, writeBehind: (w) => (written = w) });
    expect(result.vectors.size).toBe(40);
    expect(written).toBeDefined();
    await written;
    expect(cache.counts()).toEqual({ 'fake@1': 40 });
  });

  it('keeps what was embedded before the embedder failed', async () => {
    const cache = ScoringCache.open(':memory:');
    open.push(cache);
    await expect(ensureVectors(cache, fake(2), shas, textsOf, { batchSize: 8 })).rejects.toThrow(/embedder died/);
    expect(cache.counts()).toEqual({ 'fake@1': 16 });
  });
});
