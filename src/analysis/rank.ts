import type { Store } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { attribute, sameModelTest } from '../score/index.js';
import { calibrationRef, ruleFor } from './calibration.js';
import { resolvePopulation } from './population.js';
import { scorePopulation, type ScoreOptions } from './views.js';
import { whyNoScore } from './missing.js';
import type { RankResult } from './results.js';

/**
 * Bootstrap draws per candidate in a ranking, where every candidate gets an interval (compare uses
 * 1,000). The cost is draws × references × probes per candidate, which a large store multiplies.
 */
const RANK_BOOTSTRAP = 200;

export interface RankOptions extends ScoreOptions {
  /**
   * The candidate sources to rank (default: the reference models). The references still calibrate every
   * score: "which of these five is the teacher", judged against every model in the store.
   */
  candidates?: readonly string[];
}

/**
 * Candidate sources for `suspect`, most likely first, and the attribution: the one candidate that
 * stands out (`single`), several the battery cannot tell apart (`set`), or `none`.
 */
export async function rank(store: Store, suspect: string, options: RankOptions = {}): Promise<RankResult> {
  const population = resolvePopulation(store, [suspect, ...(options.candidates ?? [])], options.references);
  const s = population.indexOf(suspect);
  const references = population.references.filter((i) => i !== s);
  const candidates = options.candidates
    ? [...new Set(options.candidates.map((name) => population.indexOf(name)))].filter((i) => i !== s).sort((x, y) => x - y)
    : references;
  if (candidates.length === 0) throw new UserError(`no other model to rank ${suspect} against`);
  const scoring = await scorePopulation(store, population, options, { samplesOf: [s, ...candidates] });
  const rule = ruleFor(options.calibration, scoring.views);
  const sameModel = new Map(candidates.map((c) => [c, sameModelTest(scoring.sampledPair(c, s))]));
  const attribution = attribute(scoring.scorer, s, candidates, population.references, {
    rule,
    bootstrap: RANK_BOOTSTRAP,
    sameModel: (c) => sameModel.get(c) ?? null,
  });
  const name = (i: number) => population.names[i]!;
  return {
    suspect,
    attribution: {
      answer: attribution.answer,
      sources: attribution.sources.map(name),
      best: attribution.best === null ? null : name(attribution.best),
      runnerUp: attribution.runnerUp === null ? null : name(attribution.runnerUp),
      margin: attribution.margin,
    },
    ranking: attribution.candidates.map(({ candidate, testedProbes: _tested, ...rest }) => ({
      model: name(candidate),
      ...rest,
      ...(rest.score === null ? { whyNoScore: whyNoScore(scoring, population, candidate, s) } : {}),
      sameModel: sameModel.get(candidate) ?? null,
    })),
    verdictRule: rule,
    calibration: options.calibration ? calibrationRef(options.calibration) : null,
    embedder: scoring.embedder,
    candidates: candidates.map(name),
    references: references.map(name),
  };
}
