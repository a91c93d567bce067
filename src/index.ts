// The library surface for scripted audits: everything the CLI does is callable from here.
export * from './store/index.js';
export * from './prompt/index.js';
export * from './seal/index.js';
export * from './probes/index.js';
export * from './import/index.js';
export * from './score/index.js';
export * from './analysis/index.js';
export { createStyleEmbedder, styleVector, STYLE_DIMENSION } from './embed/style.js';
export type { Embedder } from './embed/embedder.js';
export {
  resolveEmbedders,
  disposeEmbedders,
  ensureVectors,
  loadTransformersEmbedder,
  pullModel,
  pullEmbedder,
  listEmbedders,
  embedderDir,
  MINILM_MODEL_ID,
  type ResolveEmbeddersOptions,
  type ResolvedEmbedders,
  type EmbedderListing,
  type PullEmbedderResult,
} from './embed/index.js';
export {
  createProvider,
  parseSpec,
  VALID_SPEC_FORMS,
  RetryableError,
  FatalError,
  type Provider,
  type ProviderContext,
  type Completion,
  type CompletionRequest,
} from './providers/index.js';
export {
  runCollection,
  collect,
  resolveModels,
  plannedProbes,
  EXAMPLE_MODELS,
  RUN_DEFAULTS,
  type RunModel,
  type RunOptions,
  type RunSummary,
  type CollectRequest,
} from './run/index.js';
export { runDemo, DEMO_DB, type DemoOptions, type DemoResult } from './demo/index.js';
export * from './report/index.js';
export * from './evidence/index.js';
export { UserError } from './util/errors.js';
export * from './identity/index.js';
export { fisherExact, hypergeometricLogPmf, logFactorial } from './score/fisher.js';
export type { TwoByTwo, Alternative } from './score/fisher.js';
