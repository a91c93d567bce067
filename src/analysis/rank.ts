import type { Store } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { VERDICT_RULE, combineViews, holmAdjust, pairEvidence, pairScore, sameModelTest, verdictFor } from '../score/index.js';
import { resolvePopulation } from './population.js';
import { scoreViews, viewNames, type ScoreOptions } from './views.js';
import { whyNoScore } from './missing.js';
import type { RankResult } from './results.js';

/**
 * Bootstrap draws per candidate in a ranking, where every candidate gets an interval (compare uses
 * 1,000). The cost is draws × references × probes per candidate, which a large store multiplies.
 */
const RANK_BOOTSTRAP = 200;

/** Candidate sources for `suspect`, most likely first. Candidates are the reference models. */
export async function rank(store: Store, suspect: string, options: ScoreOptions = {}): Promise<RankResult> {
  const population = resolvePopulation(store, [suspect], options.references);
  const s = population.indexOf(suspect);
  const candidates = population.references.filter((i) => i !== s);
  if (candidates.length === 0) throw new UserError(`no other model to rank ${suspect} against`);
  const views = await scoreViews(store, population, options);
  for (const v of views) v.sims.computeAll(); // every candidate against every reference: all pairs
  const sims = views.map((v) => v.sims);
  const spaces = views.map((v) => v.space);
  const scored = candidates.map((c) => ({
    index: c,
    model: population.names[c]!,
    score: combineViews(views.map((v) => pairScore(v.sims, c, s, population.references))),
    evidence: pairEvidence(sims, c, s, population.references, { bootstrap: RANK_BOOTSTRAP }),
    sameModel: sameModelTest(spaces, c, s),
  }));
  const adjusted = holmAdjust(scored.map((x) => x.evidence.pValue ?? NaN));
  const ranking = scored.map((x, i) => {
    const pValue = Number.isNaN(adjusted[i]!) ? null : adjusted[i]!;
    return {
      model: x.model,
      ...x.score,
      ...(x.score.score === null ? { whyNoScore: whyNoScore(views, population, x.index, s) } : {}),
      pValue,
      pValueUnadjusted: x.evidence.pValue,
      ci: x.evidence.ci,
      verdict: verdictFor(x.score.score, { ...x.evidence, pValue }, x.sameModel),
      sameModel: x.sameModel,
    };
  });
  ranking.sort(
    (x, y) =>
      (y.score ?? -Infinity) - (x.score ?? -Infinity) ||
      (y.similarity ?? -Infinity) - (x.similarity ?? -Infinity) ||
      (x.model < y.model ? -1 : 1),
  );
  return {
    suspect,
    ranking,
    verdictRule: VERDICT_RULE,
    embedder: viewNames(views),
    references: candidates.map((i) => population.names[i]!),
  };
}
