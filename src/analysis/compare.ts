import type { Store } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { pairEvidence, pairSeries, sameModelTest, verdictFor, type PairEvidence, type PairScore } from '../score/index.js';
import { calibrationRef, ruleFor } from './calibration.js';
import { resolvePopulation } from './population.js';
import { scorePopulation, type ScoreOptions } from './views.js';
import { identityEvidence } from './identity.js';
import { whyNoScore } from './missing.js';
import type { CompareResult, ScoredEvidence } from './results.js';

/** Options of compare: the scoring options, and how many of the closest probes to return. */
export interface CompareOptions extends ScoreOptions {
  /** Probes where the suspect is closest to the source, most first (default 10). */
  closest?: number;
}

const identityOf = ({ names, claims }: ReturnType<typeof identityEvidence>) => ({ identity: names, identityClaims: claims });

const withEvidence = (score: PairScore, evidence: PairEvidence): ScoredEvidence => ({ ...score, pValue: evidence.pValue, ci: evidence.ci });

/** How strongly `suspect` reproduces `source`, against the reference population. */
export async function compare(store: Store, source: string, suspect: string, options: CompareOptions = {}): Promise<CompareResult> {
  if (source === suspect) throw new UserError('source and suspect are the same model');
  const population = resolvePopulation(store, [source, suspect], options.references);
  const a = population.indexOf(source);
  const b = population.indexOf(suspect);
  const scoring = await scorePopulation(store, population, options, { samplesOf: [a, b], pairsOf: [a, b] });
  const { scorer, table } = scoring;
  const references = population.references;
  const rule = ruleFor(options.calibration, scoring.views);

  const overall = scorer.score(a, b, references);
  if (overall.probes === 0) {
    // Not always a pair without shared probes: with no third model, no probe can be standardised.
    const why = whyNoScore(scoring, population, a, b);
    throw new UserError(scoring.sharedProbes(a, b) === 0 ? why : `no score for ${source} and ${suspect}: ${why}`);
  }

  const categories: Record<string, ScoredEvidence> = {};
  for (const category of [...new Set(table.probes.map((p) => p.category))].sort()) {
    const inCategory = (p: number) => table.probes[p]!.category === category;
    const score = scorer.score(a, b, references, inCategory);
    if (score.probes === 0) continue;
    categories[category] = withEvidence(score, pairEvidence(table, a, b, references, { probeFilter: inCategory }));
  }

  const evidence = pairEvidence(table, a, b, references, { nullDistribution: true });
  const otherReferences = references.filter((x) => x !== a && x !== b);
  /** The reference whose answer to probe p is closest to the suspect's (fused similarity). */
  const nearestReference = (p: number) => {
    let best: { model: string; similarity: number } | null = null;
    for (const x of otherReferences) {
      const s = pairSeries(table, b, x)[p]!;
      if (Number.isFinite(s) && (best === null || s > best.similarity)) best = { model: population.names[x]!, similarity: s };
    }
    return best;
  };
  const sameModel = sameModelTest(scoring.sampledPair(a, b));
  return {
    source,
    suspect,
    ...withEvidence(overall, evidence),
    ...(overall.score === null ? { whyNoScore: whyNoScore(scoring, population, a, b) } : {}),
    verdict: verdictFor(overall.score, evidence, sameModel, rule),
    testedProbes: evidence.testedProbes,
    sameModel,
    ...identityOf(identityEvidence(store, population, source, suspect)),
    closestProbes: evidence.excessByProbe
      .slice(0, options.closest ?? 10)
      .map(({ probe, excess }) => ({ ...table.probes[probe]!, excess, nearestReference: nearestReference(probe) })),
    ...(evidence.permutationNull ? { permutationNull: evidence.permutationNull } : {}),
    verdictRule: rule,
    calibration: options.calibration ? calibrationRef(options.calibration) : null,
    categories,
    views: scorer.viewScores(a, b, references),
    embedder: scoring.embedder,
    references: references.map((i) => population.names[i]!).filter((n) => n !== source && n !== suspect),
  };
}
