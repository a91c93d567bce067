/**
 * One scan of a lower-cased text for two blocks of the style vector, char and syntax. Both read the
 * text with its content words masked (text distortion, Stamatatos 2017): function words —
 * determiners, pronouns, prepositions, conjunctions, auxiliaries, common adverbs and discourse
 * markers, a closed class of English — are kept as they are; every other word is masked, every number
 * too; line breaks and punctuation stay.
 * - syntax block: token 1–3-grams of the masked text ("* of the *", "however , it is *", "¶ # . *"),
 *   each content word one `*` and each number one `#`: how a model builds sentences and lists.
 * - char block: character 3–5-grams, half of them of the plain text (spelling, punctuation, favourite
 *   words and their inflections), half of the masked text with each letter of a content word as one
 *   mask and each digit as another (DV-MA: how punctuation and function words meet the words between
 *   them); every run of white space is one space in both.
 * The masked text survives a change of topic: what a student takes from the answers it was trained
 * on, and what two unrelated models that happen to discuss the same subject do not share (on
 * alpaca-bench, the syntax block in place of word n-grams raised distilled-pair AUC on every one of 30
 * random halves of the prompts and lowered the largest independent score on every one; the masked
 * half of the char block raised both again; bench/scorer-variants.md). The plain half keeps word
 * choice in view: a student's favourite words are its teacher's.
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
  WIDTH_SHIFT,
  classAt,
  CLASS_BITS,
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
/** The masked text as UTF-16 units, written by the same scan (never longer than the text it masks). */
let chars = new Uint16Array(4096);
let charCount = 0;
/** The plain text with every run of white space one space, written by the same scan. */
let plain = new Uint16Array(4096);
let plainCount = 0;
/** A masked letter and a masked digit: private-use characters, so that a literal * or # in the text stays itself. */
export const MASKED_LETTER = 0xe010;
export const MASKED_DIGIT = 0xe011;
const SPACE = 32;
/**
 * Scans a lower-cased text: its masked token ids into `ids` (returns how many), its masked characters
 * into `chars` (`charCount`), its characters with white space runs collapsed into `plain`
 * (`plainCount`). A word starts with a letter and runs on through letters, combining marks and
 * apostrophes (’ read as '); a number is a run of digits; a line break and any other character that is
 * not white space are tokens of their own.
 */
function scan(lower: string): number {
  const length = lower.length;
  if (ids.length < length + 1) ids = new Int32Array(length * 2 + 1);
  if (chars.length < length + 1) chars = new Uint16Array(length * 2 + 1);
  if (plain.length < length + 1) plain = new Uint16Array(length * 2 + 1);
  let count = 0;
  let out = 0;
  let p = 0;
  let inSpace = false;
  let i = 0;
  while (i < length) {
    const c = lower.charCodeAt(i);
    const at = classAt(lower, i);
    const kind = at & CLASS_BITS;
    const width = at >> WIDTH_SHIFT;
    if (kind === BLANK || kind === OTHER_SPACE || kind === NEWLINE) {
      if (kind === NEWLINE) ids[count++] = LINE_BREAK;
      if (!inSpace) {
        chars[out++] = SPACE;
        plain[p++] = SPACE;
      }
      inSpace = true;
      i += width;
      continue;
    }
    inSpace = false;
    if (kind === LETTER) {
      const start = i;
      let letters = 0;
      let hash = 0x811c9dc5;
      while (i < length) {
        const d = lower.charCodeAt(i);
        // ASCII inline: the loop over a word's letters is the embedding's hottest.
        if (d < 128) {
          const k = UNIT_CLASSES[d]!;
          if (k !== LETTER && k !== APOSTROPHE) break;
          hash = Math.imul(hash ^ d, 0x01000193);
          plain[p++] = d;
          i++;
          letters++;
          continue;
        }
        const letter = classAt(lower, i);
        const k = letter & CLASS_BITS;
        if (k !== LETTER && k !== MARK && k !== APOSTROPHE) break;
        hash = step(hash, d);
        plain[p++] = d;
        if (letter >> WIDTH_SHIFT === 2) {
          hash = step(hash, lower.charCodeAt(i + 1));
          plain[p++] = lower.charCodeAt(i + 1);
        }
        i += letter >> WIDTH_SHIFT;
        letters++;
      }
      const id = wordId(lower, start, i, hash);
      ids[count++] = id;
      if (id === MASKED_WORD) {
        // At most four masks: the longest n-gram, five characters, cannot tell a longer word from a
        // four-letter one (it would have to hold both neighbours), and the all-mask n-grams inside are
        // skipped anyway.
        chars[out++] = MASKED_LETTER;
        if (letters > 1) chars[out++] = MASKED_LETTER;
        if (letters > 2) chars[out++] = MASKED_LETTER;
        if (letters > 3) chars[out++] = MASKED_LETTER;
      } else for (let k = start; k < i; k++) chars[out++] = lower.charCodeAt(k) === 0x2019 ? 39 : lower.charCodeAt(k);
    } else if (kind === DIGIT) {
      chars[out++] = MASKED_DIGIT;
      plain[p++] = c;
      if (width === 2) plain[p++] = lower.charCodeAt(i + 1);
      i += width;
      while (i < length) {
        const digit = classAt(lower, i);
        if ((digit & CLASS_BITS) !== DIGIT) break;
        chars[out++] = MASKED_DIGIT;
        plain[p++] = lower.charCodeAt(i);
        if (digit >> WIDTH_SHIFT === 2) plain[p++] = lower.charCodeAt(i + 1);
        i += digit >> WIDTH_SHIFT;
      }
      ids[count++] = NUMBER;
    } else {
      ids[count++] = PUNCTUATION + lower.codePointAt(i)!;
      chars[out++] = c;
      plain[p++] = c;
      if (width === 2) {
        chars[out++] = lower.charCodeAt(i + 1);
        plain[p++] = lower.charCodeAt(i + 1);
      }
      i += width;
    }
  }
  charCount = out;
  plainCount = p;
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
  return Array.from(ids.subarray(0, scan(lower)), (id) => names.get(id) ?? String.fromCodePoint(id - PUNCTUATION));
}

/** The masked characters as text (MASKED_LETTER up to four times a word, MASKED_DIGIT, a run of white space one space), for the tests. */
export function maskedText(lower: string): string {
  scan(lower);
  return Array.from(chars.subarray(0, charCount), (c) => String.fromCharCode(c)).join('');
}

/** The plain characters the char block's plain half reads (white space runs one space), for the tests. */
export function plainText(lower: string): string {
  scan(lower);
  return Array.from(plain.subarray(0, plainCount), (c) => String.fromCharCode(c)).join('');
}

/**
 * Scans a lower-cased text and adds the signed hashed counts of its n-grams (power-of-two lengths):
 * - `plainChar`: character 3–5-grams of the text;
 * - `maskedChar`: character 3–5-grams of the masked text, but those made only of masked letters and
 *   spaces (they say only that words ran on);
 * - `syntax`: masked token 1–3-grams, but those made only of masked words.
 */
export function charAndSyntaxNgrams(lower: string, plainChar: Int32Array, maskedChar: Int32Array, syntax: Int32Array): void {
  tokenNgrams(scan(lower), syntax);
  characterNgrams(plain, plainCount, plainChar, -1);
  characterNgrams(chars, charCount, maskedChar, MASKED_LETTER);
}

function tokenNgrams(count: number, block: Int32Array): void {
  const bits = block.length - 1;
  for (let i = 0; i < count; i++) {
    let h = 0x811c9dc5;
    let allMasked = true;
    for (let n = 1; n <= 3 && i + n <= count; n++) {
      const id = ids[i + n - 1]!;
      if (id !== MASKED_WORD) allMasked = false;
      h = Math.imul(h ^ id, 0x01000193);
      if (allMasked) continue;
      const u = Math.imul(h ^ (n + 40), 0x9e3779b1);
      block[u & bits]! += (u >> 31) | 1; // the sign without a branch (see characterNgrams)
    }
  }
}

/**
 * Signed hashed counts of the character 3–5-grams of codes[0, length) into `block`, leaving out those
 * made only of `mask` and spaces (the plain text, whose white space runs are single spaces and which
 * passes no mask, leaves nothing out). One FNV hash extended from position i gives the 3-, 4- and
 * 5-gram hashes in one pass; the sign is taken without a branch ((u >> 31) | 1 is -1 or 1): a hash's
 * sign is a coin flip, and a branch on it is mispredicted half the time (twice the cost of the loop).
 */
function characterNgrams(codes: Uint16Array, length: number, block: Int32Array, mask: number): void {
  const bits = block.length - 1;
  // masks: how many characters from i on are masks or spaces; an n-gram within such a run is skipped
  // without being hashed.
  let masks = 0;
  for (let i = 0; i + 3 <= length; i++) {
    if (masks > 0) masks--;
    else while (i + masks < length && (codes[i + masks] === mask || codes[i + masks] === SPACE)) masks++;
    if (masks >= 5) continue;
    let h = Math.imul(0x811c9dc5 ^ codes[i]!, 0x01000193);
    h = Math.imul(h ^ codes[i + 1]!, 0x01000193);
    h = Math.imul(h ^ codes[i + 2]!, 0x01000193);
    let u: number;
    if (masks < 3) {
      u = Math.imul(h ^ 3, 0x9e3779b1);
      block[u & bits]! += (u >> 31) | 1;
    }
    if (i + 4 > length) continue;
    h = Math.imul(h ^ codes[i + 3]!, 0x01000193);
    if (masks < 4) {
      u = Math.imul(h ^ 4, 0x9e3779b1);
      block[u & bits]! += (u >> 31) | 1;
    }
    if (i + 5 > length) continue;
    h = Math.imul(h ^ codes[i + 4]!, 0x01000193);
    u = Math.imul(h ^ 5, 0x9e3779b1);
    block[u & bits]! += (u >> 31) | 1;
  }
}
