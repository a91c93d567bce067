import type { Store } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { resolvePopulation } from './population.js';
import { scorePopulation, type ScoreOptions } from './views.js';
import { whyNoScore } from './missing.js';
import type { MatrixResult } from './results.js';

/** Calibrated scores for every pair of `models` (default: every stored model with answers). */
export async function matrix(store: Store, options: ScoreOptions & { models?: readonly string[] } = {}): Promise<MatrixResult> {
  const focus = options.models ?? store.models.withAnswers();
  const population = resolvePopulation(store, focus, options.references);
  if (new Set(focus).size < 2) throw new UserError('a matrix needs at least two models with answers');
  const scoring = await scorePopulation(store, population, options);
  const { scorer, table, embedder } = scoring;
  const rows = focus.map((name) => population.indexOf(name));
  const cells = rows.map((i) => rows.map((j) => (i === j ? null : scorer.score(i, j, population.references))));
  const missing: MatrixResult['missing'] = [];
  rows.forEach((i, r) =>
    rows.forEach((j, c) => {
      if (c > r && cells[r]![c]!.score === null)
        missing.push({ models: [focus[r]!, focus[c]!], reason: whyNoScore(scoring, population, i, j) });
    }),
  );
  return {
    models: [...focus],
    scores: cells.map((row) => row.map((c) => c?.score ?? null)),
    raw: cells.map((row) => row.map((c) => c?.raw ?? null)),
    probes: cells.map((row) => row.map((c) => c?.probes ?? 0)),
    missing,
    embedder,
    views: [...new Set(table.views.map((v) => v.embedder))],
    references: population.references.map((i) => population.names[i]!),
  };
}
