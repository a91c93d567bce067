import type { MakerId } from './lexicon.js';
import type { ClaimKind } from './patterns/common.js';

/** Who an answer says it is. */
export interface IdentityClaim {
  claimedMaker: MakerId | null;
  /** Normalised model or family id ("gpt-4", "chatgpt", "claude", "qwen"), when the answer names one. */
  claimedModel: string | null;
  /** The answer's words that made the claim, white space collapsed; null without a claim. */
  evidence: string | null;
}

export interface ExtractOptions {
  /** The prompt the answer replies to: text it told the model to say, and questions it asked, are read from it. */
  prompt?: string;
  /**
   * Read a reasoning block (<think>…</think>) when the visible answer claims nothing (default true).
   * A reasoning model's thoughts about itself ("I know that I'm developed by OpenAI") are its own
   * words about who it is; the visible answer still comes first.
   */
  reasoning?: boolean;
}

/** One self-identification found in an answer. */
export interface ClaimFound {
  maker: MakerId;
  model: string | null;
  kind: ClaimKind;
  /** The rule that read it ("en/i-am", "zh/you-kaifa", "bare-name", "prompted-yes"…). */
  rule: string;
  /** Offsets of the evidence in the answer. */
  start: number;
  end: number;
  evidence: string;
}

const MAX_EVIDENCE = 160;

export function evidenceText(answer: string, start: number, end: number): string {
  const text = answer.slice(start, end).replace(/\s+/g, ' ').trim();
  return text.length > MAX_EVIDENCE ? `${text.slice(0, MAX_EVIDENCE - 1)}…` : text;
}
