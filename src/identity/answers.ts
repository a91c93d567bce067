import type { ChatMessage } from '../prompt/index.js';
import { extractClaim } from './extract.js';
import type { MakerId } from './lexicon.js';

/**
 * Claims of whole transcripts: one row per answer, and claim rates per model. Pure: callers read the
 * answers (a transcript file, the store) and print the rows.
 */

export interface AnswerToRead {
  model: string;
  messages: readonly ChatMessage[];
  response: string;
}

export interface ClaimRow {
  model: string;
  claimedMaker: MakerId | null;
  claimedModel: string | null;
  evidence: string | null;
}

/** The text an answer replies to: every message of the conversation, in order, system prompt included. */
export function promptText(messages: readonly ChatMessage[]): string {
  return messages.map((m) => m.content).join('\n\n');
}

export function claimRows(answers: Iterable<AnswerToRead>): ClaimRow[] {
  const rows: ClaimRow[] = [];
  for (const answer of answers) {
    const claim = extractClaim(answer.response, { prompt: promptText(answer.messages) });
    rows.push({ model: answer.model, ...claim });
  }
  return rows;
}

export interface ModelClaimRates {
  model: string;
  answers: number;
  /** Answers claiming each maker. */
  byMaker: Partial<Record<MakerId, number>>;
  /** Answers that claim no maker. */
  none: number;
}

/** Per model, in order of first appearance: how many answers claim each maker. */
export function claimRatesByModel(rows: readonly ClaimRow[]): ModelClaimRates[] {
  const byModel = new Map<string, ModelClaimRates>();
  for (const row of rows) {
    const rates = byModel.get(row.model) ?? { model: row.model, answers: 0, byMaker: {}, none: 0 };
    rates.answers++;
    if (row.claimedMaker === null) rates.none++;
    else rates.byMaker[row.claimedMaker] = (rates.byMaker[row.claimedMaker] ?? 0) + 1;
    byModel.set(row.model, rates);
  }
  return [...byModel.values()];
}
