import type { Store } from '../store/index.js';
import { ScoringCache } from '../store/index.js';
import { createStyleEmbedder, type Embedder } from '../embed/index.js';
import {
  MIN_SAMPLED_PROBES,
  PairScorer,
  decodeTable,
  encodeTable,
  pairsInvolving,
  tableLayout,
  type SampledPair,
  type SimilarityTable,
  type ViewVectors,
} from '../score/index.js';
import type { Population } from './population.js';
import type { LoadedCalibration } from './calibration.js';
import { buildTable, vectorsInMemory, type VectorSource } from './parallel-table.js';
import { answerCount, answerLayout, layoutKey, loadViewVectors, sampledModels, sharedProbes, type AnswerLayout } from './vectors.js';

export interface ScoreOptions {
  /**
   * The views to score with; default: the built-in style embedder. A function is called only once the
   * models are known to exist, so a typo in a model name fails before any embedding model loads.
   */
  embedders?: readonly Embedder[] | (() => Promise<readonly Embedder[]>);
  /** Models that calibrate the scores; default: every other stored model with answers. */
  references?: readonly string[];
  /** Where derived data is cached; default: the file beside the store (`<db>.cache`), opened for this call. */
  cache?: ScoringCache;
  onProgress?: (view: string, done: number, total: number) => void;
  /** Verdict thresholds from `calibrate` instead of the defaults (compare, rank, report). */
  calibration?: LoadedCalibration;
  /** What a job that scores several times has already read or built (see forRepeatedScoring). */
  memo?: ScoringMemo;
  /**
   * Bytes of vectors a table build may hold at once (default 128 MiB): a larger population is built a
   * run of probes at a time, each run's vectors read (or embedded) as it goes. The same table either way.
   */
  vectorBudgetBytes?: number;
}

/**
 * Above this, building run by run is also the faster way: each run's embedding overlaps the previous
 * runs' similarities, and less is held (60 models × 805 prompts, 253 MB of vectors: 7.6–8.0 s and
 * 0.5 GB by run against 8.4–9.4 s and 0.75 GB at once). Below it, holding the vectors spares the
 * per-run reads and writes (alpaca-bench, 35 MB: 1.8–1.9 s at once, 2.1–2.3 s by run).
 */
const VECTOR_BUDGET_BYTES = 128 * 1024 * 1024;

/** Answer layouts by population, and similarity tables by their content key, kept for the length of one job. */
export interface ScoringMemo {
  layouts: Map<string, AnswerLayout>;
  tables: Map<string, SimilarityTable>;
}

/** A population ready for scoring: the pair similarities of every pair, and the sample vectors the same-model test needs. */
export interface Scoring {
  embedders: readonly Embedder[];
  table: SimilarityTable;
  scorer: PairScorer;
  /** The embedders' short names, comma-separated: what reports call the views used. */
  embedder: string;
  /** The embedder ids, in order. */
  views: string[];
  /** Two models' sample vectors in every view (empty where they were not loaded: see `samplesOf`). */
  sampledPair(a: number, b: number): SampledPair[];
  /**
   * How many probes both models answered. The table's count can be lower: a probe is standardised over
   * the pairs that answered it, and a probe no third model answered has no spread to standardise by.
   */
  sharedProbes(a: number, b: number): number;
}

/**
 * The same options for a job that scores several times (a report: the pair, then every pair): the
 * embedding models load once, and the answers are read and the similarity table built or read once.
 */
export function forRepeatedScoring<T extends ScoreOptions>(options: T): T {
  const memo: ScoringMemo = options.memo ?? { layouts: new Map(), tables: new Map() };
  const load = options.embedders;
  if (typeof load !== 'function') return { ...options, memo };
  let loaded: Promise<readonly Embedder[]> | undefined;
  return { ...options, memo, embedders: () => (loaded ??= load()) };
}

/** What one scoring job needs of the population beyond the table's pairs. */
export interface ScoringNeeds {
  /** Models whose sample vectors the same-model test may need (read only for models with several samples). */
  samplesOf?: readonly number[];
  /**
   * Only the pairs of these models are read from a cached table (a comparison of two models needs their
   * pairs with everyone, not the rest): what a warm compare reads grows with the models, not their square.
   */
  pairsOf?: readonly number[];
}

/**
 * Compares every pair of the population. The similarity table depends only on the embedders and the
 * answers, so it is cached under a digest of both: a second job on the same store reads it (or the
 * pairs it needs) instead of every vector. Sample vectors are loaded only for the models in `samplesOf`
 * that have several samples on enough probes for the same-model test.
 */
export async function scorePopulation(
  store: Store,
  population: Population,
  options: ScoreOptions,
  needs: ScoringNeeds = {},
): Promise<Scoring> {
  const samplesOf = needs.samplesOf ?? [];
  const given = typeof options.embedders === 'function' ? await options.embedders() : options.embedders;
  const own = given?.length ? [] : [createStyleEmbedder()]; // created here, so released here
  const embedders = given?.length ? given : own;
  const views = embedders.map((e) => e.id);
  const cache = options.cache ?? ScoringCache.open(ScoringCache.pathFor(store.path));
  // New vectors are written to the cache while the table is built from them; all are written before this returns.
  const writes: Array<Promise<void>> = [];
  const writeBehind = (written: Promise<void>) => writes.push(written);
  try {
    const populationKey = population.names.join('\u0000');
    let layout = options.memo?.layouts.get(populationKey);
    if (!layout) {
      layout = answerLayout(store.responses.scorable(population.names), population.names);
      options.memo?.layouts.set(populationKey, layout);
    }
    const key = layoutKey(layout, views);
    let table = options.memo?.tables.get(key);
    if (!table) {
      const only = needs.pairsOf ? pairsInvolving(population.names.length, needs.pairsOf) : undefined;
      const cached = cache.getTable(key, only);
      table = cached ? decodeTable(cached.header, cached.viewMeans, cached.pairs, only) : undefined;
    }
    const sampled = sampledModels(layout, samplesOf, MIN_SAMPLED_PROBES);
    const vectors: ViewVectors[] = [];
    if (!table) {
      const bytes = answerCount(layout) * embedders.reduce((sum, e) => sum + 4 * e.record.dimension, 0);
      if (bytes <= (options.vectorBudgetBytes ?? VECTOR_BUDGET_BYTES)) {
        for (const embedder of embedders) {
          const onProgress = options.onProgress && ((done: number, total: number) => options.onProgress!(embedder.view, done, total));
          vectors.push(await loadViewVectors(store, cache, embedder, layout, { writeBehind, ...(onProgress ? { onProgress } : {}) }));
        }
        table = await buildTable(vectorsInMemory(vectors));
      } else {
        table = await buildTable(vectorsByRun(store, cache, embedders, layout, options.onProgress));
      }
      cache.putTable(key, encodeTable(table));
    }
    if (!table.loaded) options.memo?.tables.set(key, table); // a job that scores again may need every pair
    if (vectors.length === 0 && sampled.size > 0) {
      for (const embedder of embedders) vectors.push(await loadViewVectors(store, cache, embedder, layout, { only: sampled }));
    }
    return {
      embedders,
      table,
      scorer: new PairScorer(table),
      embedder: embedders.map((e) => e.view).join(','),
      views,
      sampledPair: (a, b) => (sampled.has(a) && sampled.has(b) ? vectors.map((v) => ({ a: v.cells[a]!, b: v.cells[b]! })) : []),
      sharedProbes: (a, b) => sharedProbes(layout, a, b),
    };
  } finally {
    await Promise.all(writes);
    if (!options.cache) cache.close();
    await Promise.all(own.map((e) => e.dispose?.()));
  }
}

/**
 * The vectors of a population too large to hold at once, a run of probes at a time: each run's are
 * read from the cache, or embedded (and cached) where missing, when the table build reaches it.
 */
function vectorsByRun(
  store: Store,
  cache: ScoringCache,
  embedders: readonly Embedder[],
  layout: AnswerLayout,
  onProgress?: (view: string, done: number, total: number) => void,
): VectorSource {
  const total = answerCount(layout);
  let done = 0;
  return {
    models: layout.models,
    probes: layout.probes,
    layout: tableLayout(embedders.map((e) => ({ view: e.view, embedderId: e.id, blocks: e.blocks ?? [], dimension: e.record.dimension }))),
    load: async (start, end) => {
      // Each run's new vectors are written before the run is handed on, so what waits to be written stays bounded too.
      const inputs = [];
      for (const embedder of embedders) inputs.push(await loadViewVectors(store, cache, embedder, layout, { probes: [start, end] }));
      done += answerCount(layout, start, end);
      for (const embedder of embedders) onProgress?.(embedder.view, done, total);
      return inputs;
    },
  };
}
