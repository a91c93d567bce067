export { createProvider, parseSpec, VALID_SPEC_FORMS } from './registry.js';
export type { ParsedSpec, ProviderContext } from './registry.js';
export type { Completion, CompletionRequest, Provider, ProviderKind, SamplingParams, TokenUsage } from './types.js';
export {
  AbortedError,
  FatalError,
  MALFORMED_RETRIES,
  ProviderError,
  RetryableError,
  isRetryableStatus,
  retryAfterMs,
} from './errors.js';
export { redact, publicUrl } from './secrets.js';
export { EXEC_TEMPFAIL } from './exec.js';
export { ANTHROPIC_DEFAULT_MAX_TOKENS } from './anthropic.js';
export { EXAMPLE_NAMES, EXAMPLES_DIR } from './example.js';
