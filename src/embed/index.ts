export type { Embedder, EmbedProgress, EmbedderRecord } from './embedder.js';
export { ensureVectors, type EnsureOptions } from './cache.js';
export { createStyleEmbedder } from './style.js';
export {
  resolveEmbedders,
  disposeEmbedders,
  parseEmbedderSpec,
  DEFAULT_EMBEDDER_SPEC,
  type ResolveEmbeddersOptions,
  type ResolvedEmbedders,
} from './registry.js';
export {
  listEmbedders,
  describeModel,
  modelFolders,
  pullEmbedder,
  type EmbedderListing,
  type PullEmbedderOptions,
  type PullEmbedderResult,
} from './inventory.js';
export {
  loadTransformersEmbedder,
  pullModel,
  checkModelFiles,
  modelPresence,
  parseModelSource,
  hubModelFolder,
  embedderDir,
  defaultEmbedderDir,
  offlineByEnv,
  MINILM_MODEL_ID,
  MODEL_ALIASES,
  EMBEDDER_DIR_ENV,
  OFFLINE_ENV,
} from './transformers/index.js';
