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

/**
 * A pattern over a slotted, case-folded sentence (see foldCase); `source` is written in lower case and
 * holds the target slot {T} exactly once. Case-insensitive Unicode classes are slow to compile, so the
 * text is folded instead of the pattern.
 */
export function claimPattern(language: string, id: string, kind: ClaimKind, source: string): ClaimPattern {
  if (source.split(T).length !== 2) throw new Error(`claim pattern ${language}/${id} must hold the target slot once`);
  return { id: `${language}/${id}`, language, kind, regex: new RegExp(source, 'u') };
}

/**
 * Letters and digits of the scripts the patterns read (Latin, Greek, Cyrillic, Arabic, kana, Han,
 * Hangul), as class ranges. Patterns run on case-folded text; listing ranges instead of \\p{L} keeps
 * the regular expressions quick to compile, which the command line feels on every start.
 */
export const LETTERS =
  'a-z0-9\\u00c0-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff\\u0600-\\u06ff\\u1e00-\\u1eff\\u3040-\\u30ff\\u4e00-\\u9fff\\uac00-\\ud7af';

/** A whole word in any alphabet (\b only knows ASCII). */
export const word = (alternatives: string) => `(?<![${LETTERS}])(?:${alternatives})(?![${LETTERS}])`;

/** The end of a word. */
export const END = `(?![${LETTERS}])`;

/**
 * A modifier between a self-reference and a name ("a large language", "an advanced AI"): any word
 * but the function words that turn the sentence elsewhere — negation, comparison, prepositions that
 * start a new phrase ("I'm happy to talk about ChatGPT", "I'm not ChatGPT", "I'm similar to Claude").
 */
export function modifier(stopWords: string): string {
  return `(?:(?!${word(stopWords)})[${LETTERS}][${LETTERS}'’.\\-]*|${O}(?:['’]s)?)[,:]?\\s+`;
}
