/**
 * The style vector's syntax block: the text with its content words masked (text distortion,
 * Stamatatos 2017). Function words — determiners, pronouns, prepositions, conjunctions, auxiliaries,
 * common adverbs and discourse markers, a closed class of English — are kept as they are; every other
 * word becomes one mask, every number another, line breaks and punctuation stay. Its n-grams ("* of
 * the *", "however , it is *", "¶ # . *") are how a model builds sentences and lists whatever the
 * topic: what a student takes from the answers it was trained on, and what two unrelated models that
 * happen to discuss the same subject do not share (on alpaca-bench, in place of word n-grams, it raised
 * distilled-pair AUC on every one of 30 random halves of the prompts and lowered the largest
 * independent score on every one; bench/scorer-variants.md).
 */

import {
  APOSTROPHE,
  BLANK,
  DIGIT,
  LETTER,
  MARK,
  NEWLINE,
  OTHER_SPACE,
  UNIT_CLASSES,
  classOfCodePoint,
  classOfUnit,
} from './character-classes.js';

const FUNCTION_WORDS = (
  'a an the this that these those some any each every no other such what which who whom whose ' +
  'i me my mine we us our you your yours he him his she her it its they them their ' +
  'myself yourself itself ourselves themselves ' +
  'of in on at by for with about against between into through during before after above below to from up down out off over under ' +
  'and or but nor so yet if then because although though while whereas unless since until as than whether ' +
  'be is am are was were been being have has had having do does did doing ' +
  'can could may might must shall should will would ' +
  'not only also just very too quite rather really more most less least much many few ' +
  'here there when where why how all both either neither ' +
  'however therefore moreover furthermore additionally overall instead thus hence indeed ' +
  "let's it's i'm you're don't can't i'll"
).split(' ');

/** Token ids: the masks, then each function word; punctuation is PUNCTUATION + its code point. */
const MASKED_WORD = 1;
const NUMBER = 2;
const LINE_BREAK = 3;
const FIRST_FUNCTION_WORD = 16;
const PUNCTUATION = 0x200000;
const LONGEST_FUNCTION_WORD = Math.max(...FUNCTION_WORDS.map((w) => w.length));

/** A word's hash as the scan computes it, one UTF-16 unit at a time (’ read as '). */
const step = (h: number, unit: number) => Math.imul(h ^ (unit === 0x2019 ? 39 : unit), 0x01000193);
const wordHash = (word: string) => {
  let h = 0x811c9dc5;
  for (let k = 0; k < word.length; k++) h = step(h, word.charCodeAt(k));
  return h;
};
/**
 * The function words in an open-addressing table keyed by that hash (slot → index + 1), so that the
 * scan looks a word up without cutting it out of the text; a hit is confirmed letter by letter.
 */
const TABLE_SIZE = 1024;
const table = new Int32Array(TABLE_SIZE);
FUNCTION_WORDS.forEach((word, index) => {
  let slot = wordHash(word) & (TABLE_SIZE - 1);
  while (table[slot] !== 0) slot = (slot + 1) & (TABLE_SIZE - 1);
  table[slot] = index + 1;
});

/** The id of the function word text[start, end) is, or MASKED_WORD. */
function wordId(text: string, start: number, end: number, hash: number): number {
  if (end - start > LONGEST_FUNCTION_WORD) return MASKED_WORD;
  for (let slot = hash & (TABLE_SIZE - 1); table[slot] !== 0; slot = (slot + 1) & (TABLE_SIZE - 1)) {
    const word = FUNCTION_WORDS[table[slot]! - 1]!;
    if (word.length !== end - start) continue;
    let k = 0;
    while (k < word.length && word.charCodeAt(k) === (text.charCodeAt(start + k) === 0x2019 ? 39 : text.charCodeAt(start + k))) k++;
    if (k === word.length) return FIRST_FUNCTION_WORD + table[slot]! - 1;
  }
  return MASKED_WORD;
}

let ids = new Int32Array(1024);
/** Width in UTF-16 units of the character kindAt last read (2 for a surrogate pair). */
let width = 1;

/** The class of the character at i (a surrogate pair read whole), its width left in `width`. */
function kindAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  width = 1;
  if (c < 128) return UNIT_CLASSES[c]!;
  if ((c & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
    width = 2;
    return classOfCodePoint(text.codePointAt(i)!);
  }
  return classOfUnit(c);
}

/**
 * The masked token ids of a lower-cased text, written into `ids`; returns how many. A word starts with
 * a letter and runs on through letters, combining marks and apostrophes (’ read as '); a number is a
 * run of digits; a line break and any other character that is not white space are tokens of their own.
 */
function maskedTokenIds(lower: string): number {
  if (ids.length < lower.length + 1) ids = new Int32Array(lower.length * 2 + 1);
  const length = lower.length;
  let count = 0;
  let i = 0;
  while (i < length) {
    const c = lower.charCodeAt(i);
    // ASCII is read from the table inline: most answers are nearly all ASCII, and a call per character costs.
    let kind: number;
    if (c < 128) {
      kind = UNIT_CLASSES[c]!;
      width = 1;
    } else kind = kindAt(lower, i);
    if (kind === LETTER) {
      const start = i;
      let hash = 0x811c9dc5;
      while (i < length) {
        const d = lower.charCodeAt(i);
        if (d < 128) {
          const k = UNIT_CLASSES[d]!;
          if (k !== LETTER && k !== APOSTROPHE) break;
          hash = Math.imul(hash ^ d, 0x01000193);
          i++;
          continue;
        }
        const k = kindAt(lower, i);
        if (k !== LETTER && k !== MARK && k !== APOSTROPHE) break;
        hash = step(hash, d);
        if (width === 2) hash = step(hash, lower.charCodeAt(i + 1));
        i += width;
      }
      ids[count++] = wordId(lower, start, i, hash);
    } else if (kind === DIGIT) {
      i += width;
      while (i < length) {
        const d = lower.charCodeAt(i);
        if (d < 128 ? UNIT_CLASSES[d] !== DIGIT : kindAt(lower, i) !== DIGIT) break;
        i += d < 128 ? 1 : width;
      }
      ids[count++] = NUMBER;
    } else if (kind === BLANK || kind === OTHER_SPACE) {
      i += width;
    } else {
      ids[count++] = kind === NEWLINE ? LINE_BREAK : PUNCTUATION + lower.codePointAt(i)!;
      i += width;
    }
  }
  return count;
}

/** The masked tokens as text ("*", "#", "¶", function words, punctuation), for the tests. */
export function maskedTokens(lower: string): string[] {
  const names = new Map<number, string>([
    [MASKED_WORD, '*'],
    [NUMBER, '#'],
    [LINE_BREAK, '¶'],
    ...FUNCTION_WORDS.map((w, i): [number, string] => [FIRST_FUNCTION_WORD + i, w]),
  ]);
  return Array.from(ids.subarray(0, maskedTokenIds(lower)), (id) => names.get(id) ?? String.fromCodePoint(id - PUNCTUATION));
}

/**
 * Signed hashed counts of the masked text's token 1–3-grams, into `block` (a power-of-two length),
 * leaving out the n-grams made only of masked words (they say only how long the words ran).
 */
export function syntaxNgrams(lower: string, block: Int32Array): void {
  const count = maskedTokenIds(lower);
  const mask = block.length - 1;
  for (let i = 0; i < count; i++) {
    let h = 0x811c9dc5;
    let allMasked = true;
    for (let n = 1; n <= 3 && i + n <= count; n++) {
      const id = ids[i + n - 1]!;
      if (id !== MASKED_WORD) allMasked = false;
      h = Math.imul(h ^ id, 0x01000193);
      if (allMasked) continue;
      const u = Math.imul(h ^ (n + 40), 0x9e3779b1);
      block[u & mask]! += (u >> 31) | 1; // the sign without a branch (see style.ts, charNgrams)
    }
  }
}
