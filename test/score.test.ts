import { describe, expect, it } from 'vitest';
import { similarity } from 'ml-distance';
import { join } from 'node:path';
import { Store, VectorCache } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { createStyleEmbedder } from '../src/embed/index.js';
import { PairSimilarities, buildScoringSpace, calibratedScore, type ViewVectors } from '../src/score/index.js';
import { compare, matrix, rank } from '../src/analysis/index.js';
import { rocAuc } from '../src/score/evaluate.js';
import { tempDbPath, tempDir, writeTemp } from './helpers/temp.js';

/** A small random generator with a seed, so the synthetic populations are the same on every run. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}
const randomVector = (rand: () => number, dims: number) => Float32Array.from({ length: dims }, rand);
const plus = (a: Float32Array, b: Float32Array, scale = 1) => a.map((v, i) => v + b[i]! * scale);

describe('scoring space', () => {
  it('turns the mean cosine over all sample pairs into one dot product', () => {
    const rand = seeded(1);
    const a = [randomVector(rand, 16), randomVector(rand, 16), randomVector(rand, 16)];
    const b = [randomVector(rand, 16), randomVector(rand, 16)];
    const data: ViewVectors = {
      view: 't',
      embedderId: 't',
      models: ['a', 'b'],
      probes: [{ prompt: String(1), category: 'c' }],
      cells: [[a], [b]],
    };
    const space = buildScoringSpace(data);
    const sims = new PairSimilarities(space);
    let expectedRaw = 0;
    for (const x of a) for (const y of b) expectedRaw += similarity.cosine(x, y) / (a.length * b.length);
    expect(sims.mean(0, 1).raw).toBeCloseTo(expectedRaw, 5);

    // with two models the centroid is their midpoint, so their centred answers point in opposite directions
    expect(sims.mean(0, 1).centred).toBeLessThan(0);
    const selfPairs = [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const;
    const centroid = new Float32Array(16);
    for (const set of [a, b]) {
      const unitMean = new Float32Array(16);
      for (const v of set) {
        const n = Math.hypot(...v);
        v.forEach((x, i) => (unitMean[i]! += x / n / set.length));
      }
      unitMean.forEach((x, i) => (centroid[i]! += x / 2));
    }
    const centredA = a.map((v) => {
      const n = Math.hypot(...v);
      return v.map((x, i) => x / n - centroid[i]!);
    });
    const expectedSelf = selfPairs.reduce((s, [i, j]) => s + similarity.cosine(centredA[i]!, centredA[j]!), 0) / selfPairs.length;
    expect(space.selfSimilarity[0]![0]).toBeCloseTo(expectedSelf, 5);
    expect(space.selfSimilarity[1]![0]).toBeCloseTo(similarity.cosine(...(b.map((v) => {
      const n = Math.hypot(...v);
      return v.map((x, i) => x / n - centroid[i]!);
    }) as [Float32Array, Float32Array])), 5);
  });

  it('gives the same per-probe values pair by pair as all at once', () => {
    const rand = seeded(3);
    const cells = Array.from({ length: 5 }, (_, m) =>
      Array.from({ length: 7 }, (_, p) => ((m + p) % 4 === 0 ? undefined : [randomVector(rand, 12), randomVector(rand, 12)])),
    );
    const data: ViewVectors = {
      view: 't',
      embedderId: 't',
      models: ['a', 'b', 'c', 'd', 'e'],
      probes: Array.from({ length: 7 }, (_, p) => ({ prompt: String(p), category: 'x' })),
      cells,
    };
    const space = buildScoringSpace(data);
    const onDemand = new PairSimilarities(space);
    const bulk = new PairSimilarities(space);
    bulk.computeAll();
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        if (i === j) continue;
        expect(Array.from(bulk.perProbe(i, j).centred)).toEqual(Array.from(onDemand.perProbe(i, j).centred));
        expect(Array.from(bulk.perProbe(i, j).raw)).toEqual(Array.from(onDemand.perProbe(i, j).raw));
      }
    }
  });

  it('skips probes that only one model answered and reports NaN for pairs with nothing shared', () => {
    const rand = seeded(2);
    const data: ViewVectors = {
      view: 't',
      embedderId: 't',
      models: ['a', 'b', 'c'],
      probes: [
        { prompt: String(1), category: 'x' },
        { prompt: String(2), category: 'x' },
      ],
      cells: [[[randomVector(rand, 8)], undefined], [[randomVector(rand, 8)], undefined], [undefined, [randomVector(rand, 8)]]],
    };
    const sims = new PairSimilarities(buildScoringSpace(data));
    expect(sims.mean(0, 1).probes).toBe(1);
    expect(sims.mean(0, 2).probes).toBe(0);
    expect(sims.mean(0, 2).centred).toBeNaN();
  });
});

describe('calibration', () => {
  it('is the z-score of the pair against both models\' similarities to the references', () => {
    const sims: Record<string, number> = { '0-1': 0.9, '0-2': 0.1, '0-3': 0.3, '1-2': 0.2, '1-3': 0.0 };
    const s = (i: number, j: number) => sims[`${Math.min(i, j)}-${Math.max(i, j)}`] ?? NaN;
    const background = [0.1, 0.3, 0.2, 0.0];
    const m = background.reduce((x, y) => x + y) / 4;
    const sd = Math.sqrt(background.reduce((x, y) => x + (y - m) ** 2, 0) / 3);
    expect(calibratedScore(s, 0, 1, [0, 1, 2, 3])).toBeCloseTo((0.9 - m) / sd, 10);
  });

  it('refuses to calibrate against fewer than two references', () => {
    const s = () => 0.5;
    expect(calibratedScore(s, 0, 1, [2])).toBeNull();
  });
});

/**
 * A synthetic world where the truth is known: every model answers each prompt with the prompt's
 * topic plus its own style; a "student" shares most of its teacher's style.
 */
function syntheticTranscripts(): string {
  const rand = seeded(7);
  const words = Array.from({ length: 400 }, (_, i) => `w${i}`);
  const pick = (pool: string[], n: number) => Array.from({ length: n }, () => pool[Math.floor((rand() + 0.5) * pool.length)]!);
  const styles: Record<string, string[]> = {};
  for (const m of ['teacher', 'other1', 'other2', 'other3', 'other4']) styles[m] = pick(words, 12);
  styles.student = [...styles.teacher!.slice(0, 9), ...pick(words, 3)];
  const lines: string[] = [];
  for (let p = 0; p < 60; p++) {
    const topic = pick(words, 15);
    for (const [model, style] of Object.entries(styles)) {
      const text = [...topic, ...pick(style, 10), ...pick(words, 5)].join(' ');
      lines.push(JSON.stringify({ model, prompt: `prompt ${p}`, response: text, category: p % 2 ? 'odd' : 'even' }));
    }
  }
  return writeTemp('synthetic.jsonl', lines.join('\n'));
}

describe('compare, rank and matrix on a synthetic population', () => {
  const dbPath = tempDbPath();
  const store = Store.open(dbPath);
  importTranscripts(store, [syntheticTranscripts()], { format: 'jsonl' });

  it('finds the teacher of the student', async () => {
    const result = await rank(store, 'student');
    expect(result.ranking[0]!.model).toBe('teacher');
    expect(result.ranking[0]!.score!).toBeGreaterThan(2);
    expect(result.ranking.slice(1).every((r) => r.score! < 1.5)).toBe(true);
  });

  it('reports per-category scores and the probes compared', async () => {
    const result = await compare(store, 'teacher', 'student');
    expect(result.probes).toBe(60);
    expect(Object.keys(result.categories).sort()).toEqual(['even', 'odd']);
    expect(result.categories.even!.probes).toBe(30);
    expect(result.categories.even!.score!).toBeGreaterThan(1.5);
    expect(result.references.sort()).toEqual(['other1', 'other2', 'other3', 'other4']);
    expect(result.embedder).toBe('style');
  });

  it('gives the same score from compare as from the matrix cell', async () => {
    const grid = await matrix(store);
    const one = await compare(store, 'teacher', 'student');
    const i = grid.models.indexOf('teacher');
    const j = grid.models.indexOf('student');
    // the same maths over the same models; only the float32 summation order differs
    expect(grid.scores[i]![j]).toBeCloseTo(one.score!, 6);
    expect(grid.scores[i]![i]).toBeNull();
    const negatives: number[] = [];
    for (let x = 0; x < grid.models.length; x++) {
      for (let y = x + 1; y < grid.models.length; y++) {
        if (!(x === Math.min(i, j) && y === Math.max(i, j))) negatives.push(grid.scores[x]![y]!);
      }
    }
    expect(negatives).toHaveLength(14);
    expect(rocAuc([grid.scores[i]![j]!], negatives)).toBe(1);
  });

  it('calibrates against an explicit reference list', async () => {
    const result = await compare(store, 'teacher', 'student', { references: ['other1', 'other2'] });
    expect(result.references).toEqual(['other1', 'other2']);
    expect(result.score).not.toBeNull();
  });

  it('names an unknown model', async () => {
    await expect(compare(store, 'teacher', 'nobody')).rejects.toThrow(/unknown model "nobody"/);
    await expect(compare(store, 'teacher', 'teacher')).rejects.toThrow(/same model/);
  });

  it('embeds each text once: a second scoring run reads vectors from the cache, and gives the same scores', async () => {
    const cache = VectorCache.open(join(tempDir(), 'vectors.cache'));
    const style = createStyleEmbedder();
    let embedded = 0;
    const counting = { ...style, embed: async (texts: readonly string[]) => ((embedded += texts.length), style.embed(texts)) };
    const first = await matrix(store, { embedders: [counting], cache });
    expect(embedded).toBe(360);
    const second = await matrix(store, { embedders: [counting], cache });
    expect(embedded).toBe(360);
    expect(second).toEqual(first);
    cache.close();
  });
});
