import { O, T } from '../slots.js';

/**
 * What kind of self-identification a pattern reads:
 * - `identity`: the answer says what it is ("I am ChatGPT", "我是通义千问");
 * - `maker`: who made it ("I was developed by OpenAI", "我由深度求索开发");
 * - `lineage`: what it is built on ("I'm based on GPT-4"). A lineage claim attributes the answer's
 *   model to that maker, but counts only when the answer makes no direct claim (see extract.ts).
 */
export type ClaimKind = 'identity' | 'maker' | 'lineage';

export interface ClaimPattern {
  id: string;
  language: string;
  kind: ClaimKind;
  regex: RegExp;
}

/** A pattern over a slotted sentence; `source` holds the target slot {T} exactly once. */
export function claimPattern(language: string, id: string, kind: ClaimKind, source: string): ClaimPattern {
  if (source.split(T).length !== 2) throw new Error(`claim pattern ${language}/${id} must hold the target slot once`);
  return { id: `${language}/${id}`, language, kind, regex: new RegExp(source, 'iu') };
}

/** A whole word in any alphabet (\b only knows ASCII). */
export const word = (alternatives: string) => `(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`;

/** The end of a word. */
export const END = '(?![\\p{L}\\p{N}])';

/** Any name: the target or another. */
export const ANY_NAME = `(?:${T}|${O})`;

/**
 * A modifier between a self-reference and a name ("a large language", "an advanced AI"): any word
 * but the function words that turn the sentence elsewhere — negation, comparison, prepositions that
 * start a new phrase ("I'm happy to talk about ChatGPT", "I'm not ChatGPT", "I'm similar to Claude").
 */
export function modifier(stopWords: string): string {
  return `(?:(?!${word(stopWords)})[\\p{L}\\p{N}][\\p{L}\\p{N}'’.\\-]*|${O}(?:['’]s)?)[,:]?\\s+`;
}
