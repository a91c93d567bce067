import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTransformersEmbedder } from '../src/embed/transformers/index.js';
import { cutToTokenBudget } from '../src/embed/transformers/transformers-embedder.js';
import type { Embedder } from '../src/embed/index.js';
import { expectedEmbedding, TINY_BERT_DIR, tinyBertVocab } from './helpers/tiny-bert.js';

// Real transformers.js path (file check, child-process trial, tokenizer, ONNX session, pooling) on the
// committed 4-dimensional fixture, with remote models switched off by the loader.
describe('transformers.js embedder on the tiny BERT fixture', () => {
  let embedder: Embedder;
  const vocab = tinyBertVocab();
  const ids = (tokens: string[]) =>
    tokens.map((t) => {
      const id = vocab[t];
      if (id === undefined) throw new Error(`fixture vocab lacks ${t}`);
      return id;
    });

  beforeAll(async () => {
    embedder = await loadTransformersEmbedder(TINY_BERT_DIR, { batchSize: 2 });
  });
  afterAll(async () => embedder?.dispose?.());

  it('describes itself: id with a digest of the files, mean pooling, normalized, 4 dimensions', () => {
    expect(embedder.id).toMatch(/^tfjs:tiny-bert@[0-9a-f]{12}$/);
    expect(embedder.record).toMatchObject({ kind: 'transformers', modelName: 'tiny-bert', pooling: 'mean', normalize: true, dimension: 4 });
    expect(embedder.record.fileSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('equals mean pooling over the tokens computed by hand from the embedding tables', async () => {
    const cases: Array<[string, string[]]> = [
      ['Hello world', ['[CLS]', 'hello', 'world', '[SEP]']],
      ['the cat sat on the mat.', ['[CLS]', 'the', 'cat', 'sat', 'on', 'the', 'mat', '.', '[SEP]']],
      // WordPiece: subwords with ##, and an unknown word
      ['Playing dogs, zebra!', ['[CLS]', 'play', '##ing', 'dog', '##s', ',', '[UNK]', '!', '[SEP]']],
    ];
    const vectors = await embedder.embed(cases.map(([text]) => text));
    cases.forEach(([, tokens], i) => {
      const expected = expectedEmbedding(ids(tokens));
      expect(Array.from(vectors[i]!).map((v, d) => Math.abs(v - expected[d]!))).toSatisfy((diffs: number[]) =>
        diffs.every((x) => x < 1e-5),
      );
    });
  });

  it('gives unit-length, deterministic vectors that differ between texts', async () => {
    const texts = ['hello world', 'the dog can run fast', 'Here are some steps: 1. play 2. talk', ''];
    const first = await embedder.embed(texts);
    const again = await embedder.embed(texts);
    for (const v of first) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(again.map((v) => Array.from(v))).toEqual(first.map((v) => Array.from(v)));
    const reloaded = await loadTransformersEmbedder(TINY_BERT_DIR);
    expect((await reloaded.embed(texts)).map((v) => Array.from(v))).toEqual(first.map((v) => Array.from(v)));
    expect(reloaded.id).toBe(embedder.id);
    await reloaded.dispose?.();
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++) expect(Array.from(first[i]!)).not.toEqual(Array.from(first[j]!));
  });

  it('is not changed by padding: a batch of mixed lengths returns each text as if alone, in input order', async () => {
    const texts = ['a', 'the cat sat on the mat and the dog sat on the cat', 'hello', 'one two three four five', 'red'];
    const together = await embedder.embed(texts);
    for (let i = 0; i < texts.length; i++) {
      const [alone] = await embedder.embed([texts[i]!]);
      Array.from(alone!).forEach((v, d) => expect(together[i]![d]).toBeCloseTo(v, 6));
    }
  });

  it('cutting long texts before tokenizing keeps exactly the tokens the model would see', async () => {
    const { AutoTokenizer, env } = await import('@xenova/transformers');
    env.allowRemoteModels = false;
    env.localModelPath = TINY_BERT_DIR + '/../';
    const tokenizer = await AutoTokenizer.from_pretrained('tiny-bert');
    const pieces = [
      'Sure!',
      'playing',
      'dogs,',
      '**bold**',
      '—',
      '...',
      'zebra',
      '1.',
      'code:',
      '`x`',
      'the\tcat',
      '\n\n',
      'fast-ly',
      '🙂',
    ];
    const long = Array.from({ length: 300 }, (_, i) => pieces[(i * 7) % pieces.length]).join(' ');
    const fullIds = Array.from(tokenizer(long, { truncation: true }).input_ids.data as BigInt64Array, Number);
    expect(fullIds).toHaveLength(128);
    expect(cutToTokenBudget(long, 128).length).toBeLessThan(long.length);
    const [vector] = await embedder.embed([long]);
    const expected = expectedEmbedding(fullIds);
    Array.from(vector!).forEach((v, d) => expect(v).toBeCloseTo(expected[d]!, 5));
  });

  it('truncates long texts to the tokenizer maximum instead of failing', async () => {
    const long = Array.from({ length: 400 }, () => 'hello world').join(' ');
    const [vector] = await embedder.embed([long]);
    // the first 128 tokens (transformers.js 2.x cuts after adding [CLS]/[SEP], so the [SEP] goes too)
    const tokens = ['[CLS]', ...Array.from({ length: 127 }, (_, i) => (i % 2 === 0 ? 'hello' : 'world'))];
    const expected = expectedEmbedding(ids(tokens));
    Array.from(vector!).forEach((v, d) => expect(v).toBeCloseTo(expected[d]!, 5));
  });
});
