import type { Store } from '../store/index.js';
import { VectorCache } from '../store/index.js';
import { createStyleEmbedder, type Embedder } from '../embed/index.js';
import { PairScorer, buildSimilarityTable, type SampledPair, type SimilarityTable, type ViewVectors } from '../score/index.js';
import type { Population } from './population.js';
import type { LoadedCalibration } from './calibration.js';
import { loadViewVectors } from './vectors.js';

export interface ScoreOptions {
  /**
   * The views to score with; default: the built-in style embedder. A function is called only once the
   * models are known to exist, so a typo in a model name fails before any embedding model loads.
   */
  embedders?: readonly Embedder[] | (() => Promise<readonly Embedder[]>);
  /** Models that calibrate the scores; default: every other stored model with answers. */
  references?: readonly string[];
  /** Where vectors are cached; default: the file beside the store (`<db>.cache`), opened for this call. */
  cache?: VectorCache;
  onProgress?: (view: string, done: number, total: number) => void;
  /** Verdict thresholds from `calibrate` instead of the defaults (compare, rank, report). */
  calibration?: LoadedCalibration;
}

/** A population ready for scoring: every embedder's vectors and the pair similarities built from them. */
export interface Scoring {
  embedders: readonly Embedder[];
  vectors: ViewVectors[];
  table: SimilarityTable;
  scorer: PairScorer;
  /** The embedders' short names, comma-separated: what reports call the views used. */
  embedder: string;
  /** The embedder ids, in order. */
  views: string[];
}

/**
 * The same options, with a lazy embedders function called at most once: a job that scores several
 * times (a report: the pair, then every pair) loads its embedding models once.
 */
export function withEmbeddersOnce<T extends ScoreOptions>(options: T): T {
  const load = options.embedders;
  if (typeof load !== 'function') return options;
  let loaded: Promise<readonly Embedder[]> | undefined;
  return { ...options, embedders: () => (loaded ??= load()) };
}

/** Loads (embedding what is missing) every embedder's vectors for the population, and compares every pair. */
export async function scorePopulation(store: Store, population: Population, options: ScoreOptions): Promise<Scoring> {
  const given = typeof options.embedders === 'function' ? await options.embedders() : options.embedders;
  const own = given?.length ? [] : [createStyleEmbedder()]; // created here, so released here
  const embedders = given?.length ? given : own;
  const cache = options.cache ?? VectorCache.open(VectorCache.pathFor(store.path));
  try {
    const vectors: ViewVectors[] = [];
    for (const embedder of embedders) {
      const progress = options.onProgress && ((done: number, total: number) => options.onProgress!(embedder.view, done, total));
      vectors.push(await loadViewVectors(store, cache, embedder, population.names, progress));
    }
    const table = buildSimilarityTable(vectors);
    return { embedders, vectors, table, scorer: new PairScorer(table), embedder: embedders.map((e) => e.view).join(','), views: embedders.map((e) => e.id) };
  } finally {
    if (!options.cache) cache.close();
    await Promise.all(own.map((e) => e.dispose?.()));
  }
}

/** Two models' sample vectors in every view, for the same-model test. */
export const sampledPair = (scoring: Scoring, a: number, b: number): SampledPair[] =>
  scoring.vectors.map((v) => ({ a: v.cells[a]!, b: v.cells[b]! }));
