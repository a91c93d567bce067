import type { Store } from '../store/index.js';
import type { Embedder } from '../embed/embedder.js';
import { createStyleEmbedder } from '../embed/style.js';
import { UserError } from '../util/errors.js';
import { loadViewVectors } from './load.js';
import { buildScoringSpace, type ScoringSpace } from './space.js';
import { calibratedScore } from './calibrate.js';
import { PairSimilarities } from './pair-similarities.js';
import { resolvePopulation, type Population } from './population.js';
import { mean } from './vector-math.js';
import { VERDICT_RULE, pairEvidence, verdictFor, type PairEvidence, type Verdict } from './evidence.js';
import { holmAdjust } from './statistics.js';
import { sameModelTest, type SameModelTest } from './same-model.js';
import { IDENTITY_CATEGORY_PREFIX, identityClaims, type IdentityClaims } from './identity.js';

export interface ScoreOptions {
  /**
   * The views to score with; default: the built-in style embedder. A function is called only once the
   * models are known to exist, so a typo in a model name fails before any embedding model loads.
   */
  embedders?: readonly Embedder[] | (() => Promise<readonly Embedder[]>);
  /** Models that calibrate the scores; default: every other stored model with answers. */
  references?: readonly string[];
  onProgress?: (view: string, done: number, total: number) => void;
}

export interface PairScore {
  /** Calibrated score (z against the references); null when it cannot be calibrated. */
  score: number | null;
  /** Mean plain cosine between the two models' answers to the same probes. */
  raw: number | null;
  /** Mean centred similarity (the quantity the calibration standardises). */
  similarity: number | null;
  probes: number;
}

export interface ViewScore extends PairScore {
  view: string;
  embedder: string;
}

/** A score with the statistics behind it. */
export interface ScoredEvidence extends PairScore {
  /** One-sided p-value that the suspect is closer to the source than the references are. */
  pValue: number | null;
  /** 95% bootstrap interval of the calibrated score over probes. */
  ci: [number, number] | null;
}

export interface CompareResult extends ScoredEvidence {
  source: string;
  suspect: string;
  verdict: Verdict;
  /** The sample-level same-model test; null where the two models lack several samples on enough probes. */
  sameModel: SameModelTest | null;
  /** Whether the suspect gives the source's name or maker when asked who it is; null without identity probes. */
  identity: IdentityClaims | null;
  /** The probes where the suspect is closest to the source relative to the references (up to 10). */
  closestProbes: Array<{ promptId: number; category: string; excess: number }>;
  verdictRule: typeof VERDICT_RULE;
  categories: Record<string, ScoredEvidence>;
  views: ViewScore[];
  embedder: string;
  references: string[];
}

export interface RankResult {
  suspect: string;
  /** pValue is Holm-adjusted over all candidates; pValueUnadjusted is the candidate's own test. */
  ranking: Array<{ model: string; pValueUnadjusted: number | null; verdict: Verdict; sameModel: SameModelTest | null } & ScoredEvidence>;
  verdictRule: typeof VERDICT_RULE;
  embedder: string;
  references: string[];
}

export interface MatrixResult {
  models: string[];
  /** scores[i][j]: calibrated score of models[j] as a reproduction of models[i]; diagonal null. */
  scores: Array<Array<number | null>>;
  raw: Array<Array<number | null>>;
  probes: number[][];
  embedder: string;
  views: string[];
  references: string[];
}

interface ScoredView {
  embedder: Embedder;
  space: ScoringSpace;
  sims: PairSimilarities;
}

/**
 * Bootstrap draws per candidate in a ranking, where every candidate gets an interval (compare uses
 * 1,000). The cost is draws × references × probes per candidate, which a large store multiplies.
 */
const RANK_BOOTSTRAP = 200;

const finite = (x: number) => (Number.isFinite(x) ? x : null);

async function scoreViews(store: Store, population: Population, options: ScoreOptions): Promise<ScoredView[]> {
  const given = typeof options.embedders === 'function' ? await options.embedders() : options.embedders;
  const embedders = given?.length ? given : [createStyleEmbedder()];
  const views: ScoredView[] = [];
  for (const embedder of embedders) {
    const data = await loadViewVectors(
      store,
      embedder,
      population.ids,
      options.onProgress && ((done, total) => options.onProgress!(embedder.view, done, total)),
    );
    const space = buildScoringSpace(data);
    views.push({ embedder, space, sims: new PairSimilarities(space) });
  }
  return views;
}

function pairScore(
  sims: PairSimilarities,
  a: number,
  b: number,
  references: readonly number[],
  filter?: (probe: number) => boolean,
): PairScore {
  const pair = sims.mean(a, b, filter);
  return {
    score: calibratedScore((i, j) => sims.mean(i, j, filter).centred, a, b, references),
    raw: finite(pair.raw),
    similarity: finite(pair.centred),
    probes: pair.probes,
  };
}

/** Several views agree into one score: the mean of their calibrated scores (each already a z). */
function combine(scores: readonly PairScore[]): PairScore {
  const defined = (pick: (s: PairScore) => number | null) =>
    scores.map(pick).filter((x): x is number => x !== null);
  const avg = (xs: number[]) => (xs.length ? mean(xs) : null);
  return {
    score: avg(defined((s) => s.score)),
    raw: avg(defined((s) => s.raw)),
    similarity: avg(defined((s) => s.similarity)),
    probes: Math.min(...scores.map((s) => s.probes)),
  };
}

const viewNames = (views: readonly ScoredView[]) => views.map((v) => v.embedder.view).join(',');

/** How strongly `suspect` reproduces `source`, against the reference population. */
export async function compare(store: Store, source: string, suspect: string, options: ScoreOptions = {}): Promise<CompareResult> {
  if (source === suspect) throw new UserError('source and suspect are the same model');
  const population = resolvePopulation(store, [source, suspect], options.references);
  const a = population.indexOf(source);
  const b = population.indexOf(suspect);
  const views = await scoreViews(store, population, options);

  const perView = views.map((v) => pairScore(v.sims, a, b, population.references));
  if (perView.every((s) => s.probes === 0)) throw new UserError(`${source} and ${suspect} answered no probe in common`);

  const sims = views.map((v) => v.sims);
  const withEvidence = (score: PairScore, evidence: PairEvidence): ScoredEvidence => ({ ...score, pValue: evidence.pValue, ci: evidence.ci });

  const probes = views[0]!.space.probes;
  const categoryNames = [...new Set(probes.map((p) => p.category))].sort();
  const categories: Record<string, ScoredEvidence> = {};
  for (const category of categoryNames) {
    const inCategory = (p: number) => probes[p]!.category === category;
    const combined = combine(views.map((v) => pairScore(v.sims, a, b, population.references, inCategory)));
    if (combined.probes === 0) continue;
    categories[category] = withEvidence(combined, pairEvidence(sims, a, b, population.references, { probeFilter: inCategory }));
  }

  const overall = combine(perView);
  const evidence = pairEvidence(sims, a, b, population.references);
  const sameModel = sameModelTest(views.map((v) => v.space), a, b);
  return {
    source,
    suspect,
    ...withEvidence(overall, evidence),
    verdict: verdictFor(overall.score, evidence, sameModel),
    sameModel,
    identity: identityEvidence(store, population, source, suspect),
    closestProbes: evidence.excessByProbe.slice(0, 10).map(({ probe, excess }) => ({ ...probes[probe]!, excess })),
    verdictRule: VERDICT_RULE,
    categories,
    views: views.map((v, i) => ({ view: v.embedder.view, embedder: v.embedder.id, ...perView[i]! })),
    embedder: viewNames(views),
    references: population.references.map((i) => population.names[i]!).filter((n) => n !== source && n !== suspect),
  };
}

function identityEvidence(store: Store, population: Population, source: string, suspect: string): IdentityClaims | null {
  const answers = new Map<number, string[]>();
  for (const r of store.scorableResponses([...population.ids.values()], { categoryPrefix: IDENTITY_CATEGORY_PREFIX })) {
    (answers.get(r.modelId) ?? answers.set(r.modelId, []).get(r.modelId)!).push(r.text);
  }
  const of = (name: string) => ({ answers: answers.get(population.ids.get(name)!) ?? [] });
  const references = population.names.filter((n) => n !== source && n !== suspect).map(of);
  return identityClaims(of(source), of(suspect), references);
}

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
    model: population.names[c]!,
    score: combine(views.map((v) => pairScore(v.sims, c, s, population.references))),
    evidence: pairEvidence(sims, c, s, population.references, { bootstrap: RANK_BOOTSTRAP }),
    sameModel: sameModelTest(spaces, c, s),
  }));
  const adjusted = holmAdjust(scored.map((x) => x.evidence.pValue ?? NaN));
  const ranking = scored.map((x, i) => {
    const pValue = Number.isNaN(adjusted[i]!) ? null : adjusted[i]!;
    return {
      model: x.model,
      ...x.score,
      pValue,
      pValueUnadjusted: x.evidence.pValue,
      ci: x.evidence.ci,
      verdict: verdictFor(x.score.score, { ...x.evidence, pValue }, x.sameModel),
      sameModel: x.sameModel,
    };
  });
  ranking.sort((x, y) => (y.score ?? -Infinity) - (x.score ?? -Infinity) || (y.similarity ?? -Infinity) - (x.similarity ?? -Infinity));
  return {
    suspect,
    ranking,
    verdictRule: VERDICT_RULE,
    embedder: viewNames(views),
    references: candidates.map((i) => population.names[i]!),
  };
}

/** Calibrated scores for every ordered pair of `models` (default: every stored model with answers). */
export async function matrix(store: Store, options: ScoreOptions & { models?: readonly string[] } = {}): Promise<MatrixResult> {
  const focus = options.models ?? store.listModels().filter((m) => m.responses > 0).map((m) => m.name);
  if (focus.length < 2) throw new UserError('a matrix needs at least two models with answers');
  const population = resolvePopulation(store, focus, options.references);
  const views = await scoreViews(store, population, options);
  for (const v of views) v.sims.computeAll();
  const rows = focus.map((name) => population.indexOf(name));
  const cell = (i: number, j: number) =>
    i === j ? null : combine(views.map((v) => pairScore(v.sims, i, j, population.references)));
  const grid = rows.map((i) => rows.map((j) => cell(i, j)));
  return {
    models: [...focus],
    scores: grid.map((row) => row.map((c) => c?.score ?? null)),
    raw: grid.map((row) => row.map((c) => c?.raw ?? null)),
    probes: grid.map((row) => row.map((c) => c?.probes ?? 0)),
    embedder: viewNames(views),
    views: views.map((v) => v.embedder.id),
    references: population.references.map((i) => population.names[i]!),
  };
}
