import type { Store } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { combineViews, pairScore } from '../score/index.js';
import { resolvePopulation } from './population.js';
import { scoreViews, viewNames, type ScoreOptions } from './views.js';
import { whyNoScore } from './missing.js';
import type { MatrixResult } from './results.js';

/** Calibrated scores for every ordered pair of `models` (default: every stored model with answers). */
export async function matrix(store: Store, options: ScoreOptions & { models?: readonly string[] } = {}): Promise<MatrixResult> {
  const focus = options.models ?? store.models.list().filter((m) => m.responses > 0).map((m) => m.name);
  const population = resolvePopulation(store, focus, options.references);
  if (new Set(focus).size < 2) throw new UserError('a matrix needs at least two models with answers');
  const views = await scoreViews(store, population, options);
  for (const v of views) v.sims.computeAll();
  const rows = focus.map((name) => population.indexOf(name));
  const cell = (i: number, j: number) => (i === j ? null : combineViews(views.map((v) => pairScore(v.sims, i, j, population.references))));
  const grid = rows.map((i) => rows.map((j) => cell(i, j)));
  const missing: MatrixResult['missing'] = [];
  rows.forEach((i, r) =>
    rows.forEach((j, c) => {
      if (c > r && grid[r]![c]!.score === null) missing.push({ models: [focus[r]!, focus[c]!], reason: whyNoScore(views, population, i, j) });
    }),
  );
  return {
    models: [...focus],
    scores: grid.map((row) => row.map((c) => c?.score ?? null)),
    raw: grid.map((row) => row.map((c) => c?.raw ?? null)),
    probes: grid.map((row) => row.map((c) => c?.probes ?? 0)),
    missing,
    embedder: viewNames(views),
    views: views.map((v) => v.embedder.id),
    references: population.references.map((i) => population.names[i]!),
  };
}
