import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ensureVectors, type Embedder, type TextToEmbed } from '../src/embed/index.js';
import { loadTransformersEmbedder } from '../src/embed/transformers/index.js';
import { decodeVector } from '../src/embed/vector-codec.js';
import { Store } from '../src/store/index.js';
import { sha256Hex } from '../src/util/hash.js';
import { tempDbPath, tempDir } from './helpers/temp.js';
import { copyTinyBert, perturbWordEmbeddings } from './helpers/tiny-bert.js';

const words = ['hello', 'world', 'the', 'cat', 'sat', 'on', 'mat', 'dog', 'can', 'run', 'fast', 'python', 'code'];
const texts: TextToEmbed[] = Array.from({ length: 40 }, (_, i) => {
  const text = Array.from({ length: 3 + (i % 7) }, (_, k) => words[(i * 5 + k * 3) % words.length]).join(' ') + ` ${i}`;
  return { text, textSha256: sha256Hex(text) };
});

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

describe('vectors of the transformers embedder in the SQLite cache', () => {
  it('a second run embeds nothing and returns the same vectors, also after reopening the store', async () => {
    const dbPath = tempDbPath();
    const folder = copyTinyBert(join(tempDir(), 'tiny-bert'));
    const store = Store.open(dbPath);
    open.push(store);
    const first = counting(await tinyModel(folder));
    const progress: Array<[number, number]> = [];
    const run1 = await ensureVectors(store, first, texts, { batchSize: 16, onProgress: (d, t) => progress.push([d, t]) });
    expect(run1.embedded).toBe(40);
    expect(first.texts).toBe(40);
    expect(progress).toEqual([[16, 40], [32, 40], [40, 40]]);
    const again = await ensureVectors(store, first, texts);
    expect(again.embedded).toBe(0);
    expect(first.texts).toBe(40);
    store.close();

    const reopened = Store.open(dbPath);
    open.push(reopened);
    const fresh = counting(await tinyModel(folder));
    expect(fresh.id).toBe(first.id);
    const run3 = await ensureVectors(reopened, fresh, [...texts, ...texts]);
    expect(run3.embedded).toBe(0);
    expect(fresh.texts).toBe(0);
    for (const { textSha256 } of texts) expect(Array.from(run3.vectors.get(textSha256)!)).toEqual(Array.from(run1.vectors.get(textSha256)!));
  });

  it('a changed model gets a new id and new vectors; the old vectors stay as they were', async () => {
    const store = Store.open(tempDbPath());
    open.push(store);
    const folder = copyTinyBert(join(tempDir(), 'tiny-bert'));
    const before = await tinyModel(folder);
    const old = await ensureVectors(store, before, texts);
    const oldBlobs = store.getVectors(before.id, texts.map((t) => t.textSha256));

    perturbWordEmbeddings(join(folder, 'onnx', 'model.onnx'), 0.05);
    const after = counting(await tinyModel(folder));
    expect(after.id).not.toBe(before.id);
    expect(after.record.fileSha256).not.toBe(before.record.fileSha256);
    const fresh = await ensureVectors(store, after, texts);
    expect(fresh.embedded).toBe(40);
    expect(after.texts).toBe(40);
    const differing = texts.filter((t) => Array.from(fresh.vectors.get(t.textSha256)!).some((v, d) => v !== old.vectors.get(t.textSha256)![d]));
    expect(differing.length).toBe(40);

    const stillThere = store.getVectors(before.id, texts.map((t) => t.textSha256));
    expect(stillThere.size).toBe(40);
    for (const [sha, blob] of oldBlobs) expect(Buffer.compare(stillThere.get(sha)!, blob)).toBe(0);
    // and the store holds both sets, each decodable at the model's dimension
    const counts = store.db.prepare('SELECT embedder_id AS id, count(*) AS n FROM embeddings GROUP BY embedder_id ORDER BY id').all();
    expect(counts).toEqual(expect.arrayContaining([{ id: before.id, n: 40 }, { id: after.id, n: 40 }]));
    expect(decodeVector(stillThere.values().next().value!)).toHaveLength(4);
  });
});
