import type { ChatMessage } from '../prompt/index.js';

/** Sampling parameters sent with a probe; providers pass on the ones their API supports. */
export interface SamplingParams {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  stop?: string[];
}

/** One probe with every battery default already applied. */
export interface Probe {
  id: string;
  category: string;
  messages: ChatMessage[];
  params: SamplingParams;
  /** How many responses to collect per model (sample indexes 0..samples-1). */
  samples: number;
  /** BCP 47 tag of the prompt's language ("und" when it has none, "mul" when it mixes several). */
  language: string;
}

export interface Battery {
  name: string;
  version: string;
  /** sha256 over the canonical JSON of the resolved content: the battery's identity, stored with every run. */
  hash: string;
  /** Where the battery was read from (a file path), for messages and provenance. */
  source: string;
  description?: string;
  probes: Probe[];
}
