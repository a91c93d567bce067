import type { ChatMessage } from '../prompt/index.js';
import type { SamplingParams } from '../probes/types.js';

export type { SamplingParams };

export interface CompletionRequest {
  messages: readonly ChatMessage[];
  params: SamplingParams;
  /** Which sample of the prompt this is (0-based); only replay uses it, to pick the n-th recorded answer. */
  sampleIndex?: number;
  /** Aborts the request (timeout or interruption); providers must pass it down to the transport. */
  signal?: AbortSignal;
}

export interface TokenUsage {
  inputTokens: number | null;
  outputTokens: number | null;
}

export interface Completion {
  text: string;
  finishReason: string | null;
  /** The model id the provider says answered, which may differ from the one asked for. */
  reportedModel: string | null;
  usage: TokenUsage;
  /** What was actually sent besides the messages (parameters a provider cannot send are left out). */
  sentParams?: Record<string, unknown>;
}

/** A model endpoint. `id` is the spec without secrets: safe to store, log and print. */
export interface Provider {
  readonly id: string;
  readonly kind: ProviderKind;
  /** The model asked for, as the provider names it. */
  readonly model: string;
  complete(request: CompletionRequest): Promise<Completion>;
  /**
   * Loads what the first request would otherwise load (an SDK module, which takes seconds on a busy
   * machine). The runner awaits it before any request's deadline starts; commands that never call a
   * model never call it, so they do not pay for the import.
   */
  prepare?(): Promise<void>;
  /** Releases sockets, child processes, file handles. */
  close?(): Promise<void> | void;
}

export type ProviderKind = 'openai' | 'anthropic' | 'openai-compatible' | 'ollama' | 'exec' | 'replay' | 'example';
