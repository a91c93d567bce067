import type { Store } from '../store/index.js';
import { VectorCache } from '../store/index.js';
import { createStyleEmbedder, type Embedder } from '../embed/index.js';
import { PairSimilarities, buildScoringSpace, type ScoringSpace } from '../score/index.js';
import type { Population } from './population.js';
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
}

/** One view ready for scoring: its embedder, the population's vectors and their pair similarities. */
export interface ScoredView {
  embedder: Embedder;
  space: ScoringSpace;
  sims: PairSimilarities;
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

export const viewNames = (views: readonly ScoredView[]): string => views.map((v) => v.embedder.view).join(',');

/** Loads (embedding what is missing) every view's vectors for the population. */
export async function scoreViews(store: Store, population: Population, options: ScoreOptions): Promise<ScoredView[]> {
  const given = typeof options.embedders === 'function' ? await options.embedders() : options.embedders;
  const embedders = given?.length ? given : [createStyleEmbedder()];
  const cache = options.cache ?? VectorCache.open(VectorCache.pathFor(store.path));
  try {
    const views: ScoredView[] = [];
    for (const embedder of embedders) {
      const progress = options.onProgress && ((done: number, total: number) => options.onProgress!(embedder.view, done, total));
      const space = buildScoringSpace(await loadViewVectors(store, cache, embedder, population.names, progress));
      views.push({ embedder, space, sims: new PairSimilarities(space) });
    }
    return views;
  } finally {
    if (!options.cache) cache.close();
  }
}
