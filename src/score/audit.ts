import type { Store } from '../store/index.js';
import type { Embedder } from '../embed/embedder.js';
import { createStyleEmbedder } from '../embed/style.js';
import { UserError } from '../util/errors.js';
import { loadViewVectors } from './load.js';
import { buildScoringSpace, type ScoringSpace } from './space.js';
import { calibrated, pairTable, type PairTable } from './pair-table.js';
import { resolvePopulation, type Population } from './population.js';
import { mean } from './vector-math.js';

export interface ScoreOptions {
  /** The views to score with; default: the built-in style embedder. */
  embedders?: readonly Embedder[];
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

export interface CompareResult extends PairScore {
  source: string;
  suspect: string;
  categories: Record<string, PairScore>;
  views: ViewScore[];
  embedder: string;
  references: string[];
}

export interface RankResult {
  suspect: string;
  ranking: Array<{ model: string } & PairScore>;
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
  table: PairTable;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

async function scoreViews(store: Store, population: Population, options: ScoreOptions): Promise<ScoredView[]> {
  const embedders = options.embedders?.length ? options.embedders : [createStyleEmbedder()];
  const views: ScoredView[] = [];
  for (const embedder of embedders) {
    const data = await loadViewVectors(
      store,
      embedder,
      population.ids,
      options.onProgress && ((done, total) => options.onProgress!(embedder.view, done, total)),
    );
    const space = buildScoringSpace(data);
    views.push({ embedder, space, table: pairTable(space) });
  }
  return views;
}

function pairScore(table: PairTable, a: number, b: number, references: readonly number[]): PairScore {
  return {
    score: calibrated(table, a, b, references),
    raw: finite(table.raw[a]![b]!),
    similarity: finite(table.centred[a]![b]!),
    probes: table.probes[a]![b]!,
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

  const perView = views.map((v) => pairScore(v.table, a, b, population.references));
  if (perView.every((s) => s.probes === 0)) throw new UserError(`${source} and ${suspect} answered no probe in common`);

  const categoryNames = [...new Set(views[0]!.space.probes.map((p) => p.category))].sort();
  const categories: Record<string, PairScore> = {};
  for (const category of categoryNames) {
    const inCategory = views.map((v) => {
      const table = pairTable(v.space, (p) => v.space.probes[p]!.category === category);
      return pairScore(table, a, b, population.references);
    });
    const combined = combine(inCategory);
    if (combined.probes > 0) categories[category] = combined;
  }

  return {
    source,
    suspect,
    ...combine(perView),
    categories,
    views: views.map((v, i) => ({ view: v.embedder.view, embedder: v.embedder.id, ...perView[i]! })),
    embedder: viewNames(views),
    references: population.references.map((i) => population.names[i]!).filter((n) => n !== source && n !== suspect),
  };
}

/** Candidate sources for `suspect`, most likely first. Candidates are the reference models. */
export async function rank(store: Store, suspect: string, options: ScoreOptions = {}): Promise<RankResult> {
  const population = resolvePopulation(store, [suspect], options.references);
  const s = population.indexOf(suspect);
  const candidates = population.references.filter((i) => i !== s);
  if (candidates.length === 0) throw new UserError(`no other model to rank ${suspect} against`);
  const views = await scoreViews(store, population, options);
  const ranking = candidates.map((c) => ({
    model: population.names[c]!,
    ...combine(views.map((v) => pairScore(v.table, c, s, population.references))),
  }));
  ranking.sort((x, y) => (y.score ?? -Infinity) - (x.score ?? -Infinity) || (y.similarity ?? -Infinity) - (x.similarity ?? -Infinity));
  return {
    suspect,
    ranking,
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
  const rows = focus.map((name) => population.indexOf(name));
  const cell = (i: number, j: number) =>
    i === j ? null : combine(views.map((v) => pairScore(v.table, i, j, population.references)));
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
