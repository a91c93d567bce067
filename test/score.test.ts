import { describe, expect, it } from 'vitest';
import { similarity } from 'ml-distance';
import { join } from 'node:path';
import { Store, ScoringCache } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { createStyleEmbedder } from '../src/embed/index.js';
import {
  PairScorer,
  buildSimilarityTable,
  calibratedScore,
  pairIndex,
  pairSeries,
  pairsInvolving,
  type ViewVectors,
} from '../src/score/index.js';
import { resolvePopulation } from '../src/analysis/population.js';
import { scorePopulation } from '../src/analysis/views.js';
import Database from 'better-sqlite3';
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

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => similarity.cosine(Array.from(a), Array.from(b));
const slice = (v: Float32Array, start: number, end: number) => v.subarray(start, end);
const view = (cells: Float32Array[][][] | Array<Array<Float32Array[] | undefined>>, probes: number): ViewVectors => ({
  view: 't',
  embedderId: 't@1',
  blocks: [
    { name: 'first', start: 0, end: 8 },
    { name: 'second', start: 8, end: 16 },
  ],
  models: cells.map((_, i) => `m${i}`),
  probes: Array.from({ length: probes }, (_, p) => ({ prompt: String(p), category: p % 2 ? 'odd' : 'even' })),
  cells,
});

describe('similarity table', () => {
  it('holds, per pair and probe, the mean cosine over sample pairs in each block, averaged over the blocks', () => {
    const rand = seeded(1);
    const cells = [0, 1, 2].map(() => [[randomVector(rand, 16), randomVector(rand, 16), randomVector(rand, 16)]]);
    cells[1]![0]!.pop(); // models may have different numbers of samples
    const table = buildSimilarityTable([view(cells, 1)]);
    expect(table.views.map((v) => v.view)).toEqual(['t:first', 't:second']);
    const meanCosine = (a: Float32Array[], b: Float32Array[], start: number, end: number) => {
      let s = 0;
      for (const x of a) for (const y of b) s += cosine(slice(x, start, end), slice(y, start, end)) / (a.length * b.length);
      return s;
    };
    const expectedRaw = (meanCosine(cells[0]![0]!, cells[1]![0]!, 0, 8) + meanCosine(cells[0]![0]!, cells[1]![0]!, 8, 16)) / 2;
    expect(pairSeries(table, 0, 1, 'raw')[0]).toBeCloseTo(expectedRaw, 5);
  });

  it('standardises each probe and view over every pair of the population before averaging the views', () => {
    const rand = seeded(5);
    const cells = [0, 1, 2, 3].map(() => [[randomVector(rand, 16)], [randomVector(rand, 16)]]);
    const table = buildSimilarityTable([view(cells, 2)]);
    const pairs = [
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ] as const;
    for (const p of [0, 1]) {
      const standardised = [0, 8].map((start) => {
        const s = pairs.map(([i, j]) => cosine(slice(cells[i]![p]![0]!, start, start + 8), slice(cells[j]![p]![0]!, start, start + 8)));
        const m = s.reduce((x, y) => x + y) / s.length;
        const sd = Math.sqrt(s.reduce((x, y) => x + (y - m) ** 2, 0) / (s.length - 1));
        return s.map((x) => (x - m) / sd);
      });
      pairs.forEach(([i, j], k) => expect(pairSeries(table, i, j)[p]).toBeCloseTo((standardised[0]![k]! + standardised[1]![k]!) / 2, 5));
    }
  });

  it('leaves out probes that only one model answered and gives NaN to pairs with nothing shared', () => {
    const rand = seeded(2);
    const v = () => [randomVector(rand, 16)];
    const table = buildSimilarityTable([
      view(
        [
          [v(), undefined],
          [v(), undefined],
          [v(), undefined],
          [undefined, v()],
        ],
        2,
      ),
    ]);
    const scorer = new PairScorer(table);
    expect(scorer.similarity(0, 1).probes).toBe(1);
    expect(scorer.similarity(0, 3).probes).toBe(0);
    expect(scorer.similarity(0, 3).mean).toBeNaN();
    expect(pairSeries(table, 0, 3)[1]).toBeNaN();
  });

  it('does not depend on the order of the models', () => {
    const rand = seeded(3);
    const cells = Array.from({ length: 6 }, () => Array.from({ length: 5 }, () => [randomVector(rand, 16), randomVector(rand, 16)]));
    const order = [3, 0, 5, 1, 4, 2];
    const straight = new PairScorer(buildSimilarityTable([view(cells, 5)]));
    const shuffled = new PairScorer(
      buildSimilarityTable([
        view(
          order.map((m) => cells[m]!),
          5,
        ),
      ]),
    );
    const at = (m: number) => order.indexOf(m);
    const all = [0, 1, 2, 3, 4, 5];
    for (let i = 0; i < 6; i++) {
      for (let j = i + 1; j < 6; j++) {
        expect(shuffled.score(at(i), at(j), all).score!).toBeCloseTo(straight.score(i, j, all).score!, 5);
      }
    }
  });
});

describe('calibration', () => {
  it("is the z-score of the pair against both models' similarities to the references", () => {
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
  // Every word the same length: styles differ in word choice alone, not in layout (word length, digits).
  const words = Array.from({ length: 400 }, (_, i) => `w${100 + i}`);
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

  it('finds the teacher of the student, and attributes it alone', async () => {
    const result = await rank(store, 'student');
    expect(result.ranking[0]!.model).toBe('teacher');
    expect(result.ranking[0]!.score!).toBeGreaterThan(2);
    expect(result.ranking.slice(1).every((r) => r.score! < 1.5)).toBe(true);
    expect(result.attribution).toMatchObject({ answer: 'single', sources: ['teacher'], best: 'teacher' });
    expect(result.attribution.margin!).toBeGreaterThan(1);
    expect(result.ranking[1]!.pBehindBest!).toBeLessThan(0.01);
  });

  it('ranks only the candidates asked for, every other model still calibrating, most views agreeing first', async () => {
    const all = await rank(store, 'student');
    const some = await rank(store, 'student', { candidates: ['other2', 'teacher', 'other1'] });
    expect(some.ranking.map((r) => r.model).sort()).toEqual(['other1', 'other2', 'teacher']);
    expect(some.candidates).toEqual(['other1', 'other2', 'teacher']);
    expect(some.references.sort()).toEqual(['other1', 'other2', 'other3', 'other4', 'teacher']);
    // The same references calibrate both: a candidate's score does not depend on who else is ranked.
    for (const r of some.ranking) expect(r.score).toBe(all.ranking.find((x) => x.model === r.model)!.score);
    expect(some.ranking[0]!.model).toBe('teacher');
    expect(some.ranking[0]!.viewRank).toBe(1);
    const ranks = some.ranking.map((r) => r.viewRank!);
    expect([...ranks].sort((x, y) => x - y)).toEqual(ranks);
  });

  it('answers none for a model that no candidate stands out for', async () => {
    const result = await rank(store, 'other1');
    expect(result.attribution.answer).toBe('none');
    expect(result.attribution.sources).toEqual([]);
    expect(result.ranking.every((r) => r.verdict !== 'derived')).toBe(true);
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

  it('gives byte-identical results cold (no cache) and warm (the similarity table read back from the cache)', async () => {
    const cache = ScoringCache.open(join(tempDir(), 'warm.cache'));
    const run = async (options: { cache?: ScoringCache }) =>
      JSON.stringify([
        await compare(store, 'teacher', 'student', options),
        await rank(store, 'student', options),
        await matrix(store, options),
      ]);
    const cold = await run({ cache: ScoringCache.open(':memory:') });
    const first = await run({ cache }); // builds and stores the table
    const warm = await run({ cache }); // reads it back
    expect(first).toBe(cold);
    expect(warm).toBe(cold);
    cache.close();
  });

  it('reads only the pairs of the compared models from a warm cache, and a damaged pair makes it build the table again', async () => {
    const cachePath = join(tempDir(), 'pairs.cache');
    const cache = ScoringCache.open(cachePath);
    const population = resolvePopulation(store, ['teacher', 'student']);
    const [a, b] = [population.indexOf('teacher'), population.indexOf('student')];
    const n = population.names.length;
    const full = await scorePopulation(store, population, { cache }); // builds and stores every pair
    const partial = await scorePopulation(store, population, { cache }, { pairsOf: [a, b] });
    expect(full.table.loaded).toBeUndefined();
    expect([...partial.table.loaded!].sort((x, y) => x - y)).toEqual(pairsInvolving(n, [a, b]));
    expect(partial.table.loaded!.size).toBe(2 * (n - 1) - 1);
    expect(Array.from(pairSeries(partial.table, a, b))).toEqual(Array.from(pairSeries(full.table, a, b)));
    const [x, y] = population.names.map((_, i) => i).filter((i) => i !== a && i !== b);
    expect(() => pairSeries(partial.table, x!, y!)).toThrow(/was not read/);

    const damage = new Database(cachePath); // one pair's row lost from the cache file
    damage.prepare('DELETE FROM table_pairs WHERE pair = ?').run(pairIndex(n, a, b));
    damage.close();
    const rebuilt = await scorePopulation(store, population, { cache }, { pairsOf: [a, b] });
    expect(rebuilt.table.loaded).toBeUndefined(); // built again from the vectors
    expect(Array.from(pairSeries(rebuilt.table, a, b))).toEqual(Array.from(pairSeries(full.table, a, b)));
    cache.close();
  });

  it('gives the same results when the vectors do not fit the budget and are read a run of probes at a time', async () => {
    const run = async (options: { cache: ScoringCache; vectorBudgetBytes?: number }) =>
      JSON.stringify([await matrix(store, options), await compare(store, 'teacher', 'student', options)]);
    const held = await run({ cache: ScoringCache.open(':memory:') });
    const streamedCold = await run({ cache: ScoringCache.open(':memory:'), vectorBudgetBytes: 1 });
    const cachePath = join(tempDir(), 'streamed.cache');
    const cache = ScoringCache.open(cachePath);
    await matrix(store, { cache }); // vectors cached; then the table is dropped, so the runs read them back
    const drop = new Database(cachePath);
    drop.exec('DELETE FROM tables; DELETE FROM table_pairs; DELETE FROM table_use;');
    drop.close();
    const streamedWarm = await run({ cache, vectorBudgetBytes: 1 });
    expect(streamedCold).toBe(held);
    expect(streamedWarm).toBe(held);
    cache.close();
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
    const cache = ScoringCache.open(join(tempDir(), 'vectors.cache'));
    const style = createStyleEmbedder();
    let embedded = 0;
    const counting = {
      ...style,
      embed: async (texts: readonly string[]) => {
        embedded += texts.length;
        return style.embed(texts);
      },
    };
    const first = await matrix(store, { embedders: [counting], cache });
    expect(embedded).toBe(360);
    const second = await matrix(store, { embedders: [counting], cache });
    expect(embedded).toBe(360);
    expect(second).toEqual(first);
    cache.close();
  });
});

describe('mean rank over the views', () => {
  it('ranks each view by score, best first, ties sharing their places, the unscored after the scored', async () => {
    const { meanViewRanks } = await import('../src/score/attribution.js');
    // rows: candidates a, b, c; columns: views. View 1 does not score c; view 2 ties all three; view 3 scores nobody.
    const ranks = meanViewRanks(
      [
        [2.0, 1.0, 0.3, null],
        [0.5, 0.1, 0.3, null],
        [1.0, null, 0.3, null],
      ],
      4,
    );
    // view 0: a 1, c 2, b 3; view 1: a 1, b 2, c 3 (after the scored); view 2: 2 each; view 3 left out
    expect(ranks[0]).toBeCloseTo((1 + 1 + 2) / 3, 12);
    expect(ranks[1]).toBeCloseTo((3 + 2 + 2) / 3, 12);
    expect(ranks[2]).toBeCloseTo((2 + 3 + 2) / 3, 12);
    expect(meanViewRanks([[null], [null]], 1)).toEqual([null, null]);
  });
});
