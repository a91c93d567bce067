import type { Store } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { pairEvidence, sameModelTest, verdictFor, type PairEvidence, type PairScore } from '../score/index.js';
import { calibrationRef, ruleFor } from './calibration.js';
import { resolvePopulation } from './population.js';
import { sampledPair, scorePopulation, type ScoreOptions } from './views.js';
import { identityEvidence } from './identity.js';
import type { CompareResult, ScoredEvidence } from './results.js';

const withEvidence = (score: PairScore, evidence: PairEvidence): ScoredEvidence => ({ ...score, pValue: evidence.pValue, ci: evidence.ci });

/** How strongly `suspect` reproduces `source`, against the reference population. */
export async function compare(
  store: Store,
  source: string,
  suspect: string,
  options: ScoreOptions = {},
): Promise<CompareResult> {
  if (source === suspect) throw new UserError('source and suspect are the same model');
  const population = resolvePopulation(store, [source, suspect], options.references);
  const a = population.indexOf(source);
  const b = population.indexOf(suspect);
  const scoring = await scorePopulation(store, population, options);
  const { scorer, table } = scoring;
  const references = population.references;
  const rule = ruleFor(options.calibration, scoring.views);

  const overall = scorer.score(a, b, references);
  if (overall.probes === 0) throw new UserError(`${source} and ${suspect} answered no probe in common`);

  const categories: Record<string, ScoredEvidence> = {};
  for (const category of [...new Set(table.probes.map((p) => p.category))].sort()) {
    const inCategory = (p: number) => table.probes[p]!.category === category;
    const score = scorer.score(a, b, references, inCategory);
    if (score.probes === 0) continue;
    categories[category] = withEvidence(score, pairEvidence(table, a, b, references, { probeFilter: inCategory }));
  }

  const evidence = pairEvidence(table, a, b, references);
  const sameModel = sameModelTest(sampledPair(scoring, a, b));
  return {
    source,
    suspect,
    ...withEvidence(overall, evidence),
    verdict: verdictFor(overall.score, evidence, sameModel, rule),
    sameModel,
    identity: identityEvidence(store, population, source, suspect),
    closestProbes: evidence.excessByProbe.slice(0, 10).map(({ probe, excess }) => ({ ...table.probes[probe]!, excess })),
    verdictRule: rule,
    calibration: options.calibration ? calibrationRef(options.calibration) : null,
    categories,
    views: scorer.viewScores(a, b, references),
    embedder: scoring.embedder,
    references: references.map((i) => population.names[i]!).filter((n) => n !== source && n !== suspect),
  };
}
