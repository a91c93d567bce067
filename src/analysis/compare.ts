import type { Store } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { VERDICT_RULE, combineViews, pairEvidence, pairScore, sameModelTest, verdictFor, type PairEvidence, type PairScore } from '../score/index.js';
import { resolvePopulation } from './population.js';
import { scoreViews, viewNames, type ScoreOptions } from './views.js';
import { identityEvidence } from './identity.js';
import { whyNoScore } from './missing.js';
import type { CompareResult, ScoredEvidence } from './results.js';

/** Options of compare: the scoring options, and how many of the closest probes to return. */
export interface CompareOptions extends ScoreOptions {
  /** Probes where the suspect is closest to the source, most first (default 10). */
  closest?: number;
}

const withEvidence = (score: PairScore, evidence: PairEvidence): ScoredEvidence => ({ ...score, pValue: evidence.pValue, ci: evidence.ci });

/** How strongly `suspect` reproduces `source`, against the reference population. */
export async function compare(store: Store, source: string, suspect: string, options: CompareOptions = {}): Promise<CompareResult> {
  if (source === suspect) throw new UserError('source and suspect are the same model');
  const population = resolvePopulation(store, [source, suspect], options.references);
  const a = population.indexOf(source);
  const b = population.indexOf(suspect);
  const views = await scoreViews(store, population, options);

  const perView = views.map((v) => pairScore(v.sims, a, b, population.references));
  if (perView.every((s) => s.probes === 0)) throw new UserError(`${source} and ${suspect} answered no probe in common`);

  const sims = views.map((v) => v.sims);
  const probes = views[0]!.space.probes;
  const categories: Record<string, ScoredEvidence> = {};
  for (const category of [...new Set(probes.map((p) => p.category))].sort()) {
    const inCategory = (p: number) => probes[p]!.category === category;
    const combined = combineViews(views.map((v) => pairScore(v.sims, a, b, population.references, inCategory)));
    if (combined.probes === 0) continue;
    categories[category] = withEvidence(combined, pairEvidence(sims, a, b, population.references, { probeFilter: inCategory }));
  }

  const overall = combineViews(perView);
  const evidence = pairEvidence(sims, a, b, population.references, { nullDistribution: true });
  const referenceIndices = population.references.filter((x) => x !== a && x !== b);
  /** The reference whose answer to probe p is closest to the suspect's (centred similarity, mean over views). */
  const nearestReference = (p: number) => {
    let best: { model: string; similarity: number } | null = null;
    for (const x of referenceIndices) {
      const s = views.reduce((sum, v) => sum + v.sims.perProbe(b, x).centred[p]!, 0) / views.length;
      if (Number.isFinite(s) && (best === null || s > best.similarity)) best = { model: population.names[x]!, similarity: s };
    }
    return best;
  };
  const sameModel = sameModelTest(views.map((v) => v.space), a, b);
  return {
    source,
    suspect,
    ...withEvidence(overall, evidence),
    ...(overall.score === null ? { whyNoScore: whyNoScore(views, population, a, b) } : {}),
    verdict: verdictFor(overall.score, evidence, sameModel),
    testedProbes: evidence.testedProbes,
    sameModel,
    identity: identityEvidence(store, population, source, suspect),
    closestProbes: evidence.excessByProbe
      .slice(0, options.closest ?? 10)
      .map(({ probe, excess }) => ({ ...probes[probe]!, excess, nearestReference: nearestReference(probe) })),
    ...(evidence.permutationNull ? { permutationNull: evidence.permutationNull } : {}),
    verdictRule: VERDICT_RULE,
    categories,
    views: views.map((v, i) => ({ view: v.embedder.view, embedder: v.embedder.id, ...perView[i]! })),
    embedder: viewNames(views),
    references: population.references.map((i) => population.names[i]!).filter((n) => n !== source && n !== suspect),
  };
}
