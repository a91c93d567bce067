import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/index.js';
import { importTranscripts, type FileImportResult } from '../src/import/index.js';
import { evaluateMatrix, labelledPairs } from '../src/score/index.js';
import { compare, matrix, rank } from '../src/analysis/index.js';
import { ALPACA_DEV_PRESENT, ALPACA_DEV_SKIP_REASON, alpacaDevFiles, alpacaDevLabels } from './helpers/alpaca-dev.js';
import { tempDbPath } from './helpers/temp.js';

if (!ALPACA_DEV_PRESENT) console.warn(ALPACA_DEV_SKIP_REASON);

describe.skipIf(!ALPACA_DEV_PRESENT)('the whole offline path on the AlpacaEval dev outputs', () => {
  // One imported store for the file: every test reads it, none writes answers to it.
  let store: Store;
  let results: FileImportResult[];
  beforeAll(() => {
    store = Store.open(tempDbPath());
    results = importTranscripts(store, alpacaDevFiles(), { format: 'alpaca-eval' });
  });
  afterAll(() => store?.close());

  it('imports all 16 models with 150 answers each, aligned on 150 prompts', () => {
    expect(results).toHaveLength(16);
    expect(results.every((r) => r.added === 150)).toBe(true);
    expect(store.models.list().map((m) => m.responses)).toEqual(new Array(16).fill(150));
    expect(store.db.prepare('SELECT count(*) FROM prompts').pluck().get()).toBe(150);
  });

  it('ranks every related pair above every independent pair on calibrated scores (ROC-AUC ≥ 0.95)', async () => {
    const evaluation = evaluateMatrix(await matrix(store), alpacaDevLabels());
    expect(evaluation.pairs.filter((p) => p.kind !== 'independent')).toHaveLength(7);
    expect(evaluation.pairs.filter((p) => p.kind === 'independent')).toHaveLength(20);
    expect(evaluation.auc).toBeGreaterThanOrEqual(0.95);
    // calibration is what earns its keep: it must do at least as well as plain cosine
    expect(evaluation.auc).toBeGreaterThanOrEqual(evaluation.aucRaw);
  });

  it('is symmetric to the last bit: the matrix, and compare A B against compare B A in every number', async () => {
    const grid = await matrix(store);
    grid.models.forEach((_, i) => grid.models.forEach((_, j) => i !== j && expect(grid.scores[i]![j]).toBe(grid.scores[j]![i])));
    for (const [a, b] of [
      ['gpt4', 'OpenHermes-2.5-Mistral-7B'],
      ['Mixtral-8x7B-Instruct-v0.1', 'llama-2-7b-chat-hf'],
    ] as const) {
      const { source: _s, suspect: _t, identity: _i, identityClaims: _c, closestProbes: _p, ...there } = await compare(store, a, b);
      const { source: _s2, suspect: _t2, identity: _i2, identityClaims: _c2, closestProbes: _p2, ...back } = await compare(store, b, a);
      expect(back).toEqual(there);
    }
  });

  it('puts the labelled teacher among the top two candidate sources of each distilled student', async () => {
    for (const [teacher, student] of alpacaDevLabels().distilled) {
      const result = await rank(store, student);
      const position = result.ranking.findIndex((r) => r.model === teacher);
      expect(position, `${teacher} for ${student}: ${JSON.stringify(result.ranking.slice(0, 3))}`).toBeLessThan(2);
    }
  });

  it('never calls an independent pair derived, and calls the strongest related pairs derived', async () => {
    const pairs = labelledPairs(alpacaDevLabels());
    for (const pair of pairs.filter((p) => p.kind === 'independent')) {
      const result = await compare(store, pair.source, pair.suspect);
      expect(result.verdict, `${pair.source} × ${pair.suspect}`).not.toBe('derived');
    }
    const strong = await compare(store, 'gpt4_1106_preview', 'gpt4_1106_preview_verbose');
    expect(strong.verdict).toBe('derived');
    expect(strong.pValue!).toBeLessThan(0.01);
    expect(strong.ci![0]).toBeGreaterThan(2);
  });
});
