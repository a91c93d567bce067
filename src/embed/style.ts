import type { Embedder } from './embedder.js';
import { StylePool } from './style-pool.js';
import * as characters from './character-classes.js';
import { charAndSyntaxNgrams } from './char-and-syntax.js';

/**
 * The built-in `style` view: what a model's answers look like, independent of any downloaded model.
 * Five blocks, each L2-normalised and weighted, then the whole vector normalised:
 * - char: character 3–5-grams, half of the block of the text as it is (spelling, punctuation, favourite
 *   words and their inflections), half of the text with every letter of a content word masked (the
 *   same habits around the words, whatever the topic; char-and-syntax.ts),
 * - syntax: token 1–3-grams of the masked text (how sentences and lists are built, whatever the topic),
 * - opening and closing phrases ("Certainly! Here is…", "I hope this helps"),
 * - layout features (headers, bullets, numbered lists, bold, code fences, emoji, length, sentence shape),
 * - text shape: the punctuation and markup around the words, with the words themselves left out.
 * Features are hashed with a sign bit (the hashing trick), so the dimension is fixed and no vocabulary
 * is stored. Deterministic: the same text always gives the same vector.
 */
export const STYLE_VERSION = '4';

const PLAIN_CHAR_DIMS = 256;
const MASKED_CHAR_DIMS = 256;
const CHAR_DIMS = PLAIN_CHAR_DIMS + MASKED_CHAR_DIMS;
const SYNTAX_DIMS = 256;
const PHRASE_DIMS = 128;
const SHAPE_DIMS = 128;
const LAYOUT_FEATURES = [
  'length',
  'words',
  'lines',
  'paragraphs',
  'headers',
  'bullets',
  'numbered',
  'bold',
  'italic',
  'codeFences',
  'inlineCode',
  'emoji',
  'colonLineEnds',
  'questions',
  'exclamations',
  'emDashes',
  'semicolons',
  'parentheses',
  'curlyQuotes',
  'ellipses',
  'sentenceLength',
  'wordLength',
  'uppercase',
  'digits',
  'tables',
  'firstPerson',
  'secondPerson',
  'links',
] as const;
const LAYOUT_START = CHAR_DIMS + SYNTAX_DIMS + PHRASE_DIMS;
const SHAPE_START = LAYOUT_START + LAYOUT_FEATURES.length;
export const STYLE_DIMENSION = SHAPE_START + SHAPE_DIMS;

const BLOCK_WEIGHTS = { char: 1.0, syntax: 0.8, phrase: 0.5, layout: 0.7, shape: 0.5 };

/** The two halves of the char block, offsets within the vector: the plain text's n-grams and the masked text's. */
export const CHAR_HALVES = {
  plain: { start: 0, end: PLAIN_CHAR_DIMS },
  masked: { start: PLAIN_CHAR_DIMS, end: CHAR_DIMS },
} as const;

/** Where each block sits in the vector: the scorer treats each as a view of its own. */
export const STYLE_BLOCKS = [
  { name: 'char', start: 0, end: CHAR_DIMS },
  { name: 'syntax', start: CHAR_DIMS, end: CHAR_DIMS + SYNTAX_DIMS },
  { name: 'phrase', start: CHAR_DIMS + SYNTAX_DIMS, end: LAYOUT_START },
  { name: 'layout', start: LAYOUT_START, end: SHAPE_START },
  { name: 'shape', start: SHAPE_START, end: STYLE_DIMENSION },
] as const;

/** 32-bit FNV-1a; fast and stable across platforms, which is all the hashing trick needs. */
function fnv1a(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** Block lengths are powers of two, so the bucket is a mask: it keeps the hash a small integer for V8. */
function addHashed(block: Int32Array, key: string, seed: number): void {
  const h = fnv1a(key, seed) | 0;
  block[h & (block.length - 1)]! += (h >> 31) | 1; // the sign without a branch (see charNgrams)
}

/** log1p of small counts, looked up: the same doubles Math.log1p gives, without computing them per bucket. */
const LOG1P = Float64Array.from({ length: 4096 }, (_, k) => Math.log1p(k));

/** Signed counts to a Float32Array of sign(v)·log(1 + |v|): a word used fifty times is not fifty times the evidence. */
function sublinear(counts: Int32Array): Float32Array {
  const block = new Float32Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    const v = counts[i]!;
    if (v === 0) continue;
    const a = v < 0 ? -v : v;
    const magnitude = a < LOG1P.length ? LOG1P[a]! : Math.log1p(a);
    block[i] = v < 0 ? -magnitude : magnitude;
  }
  return block;
}

const sumOfSquares = (block: Float32Array) => {
  let sum = 0;
  for (let i = 0; i < block.length; i++) sum += block[i]! * block[i]!;
  return sum;
};

/**
 * What the phrase and layout blocks read of the text's tokens — the matches of
 * /[\p{L}\p{N}']+|[^\s\p{L}\p{N}]/gu, words and single other characters: how many, some pronouns, the
 * first and last four.
 */
export interface WordSummary {
  count: number;
  firstPerson: number;
  secondPerson: number;
  opening: string[];
  closing: string[];
}

const FIRST_PERSON: ReadonlySet<string> = new Set(['i', "i'm", 'my', 'me']);
const SECOND_PERSON: ReadonlySet<string> = new Set(['you', 'your', "you're"]);
const EDGE = 4;

const edgeStarts = new Int32Array(EDGE);
const edgeEnds = new Int32Array(EDGE);

/** Whether a character class is part of a word token (letters and numbers; the ASCII apostrophe is checked apart). */
const IN_WORD = Uint8Array.from({ length: characters.CLASS_COUNT }, (_, k) => (k === characters.LETTER || k === characters.DIGIT ? 1 : 0));
const IS_SPACE = Uint8Array.from({ length: characters.CLASS_COUNT }, (_, k) =>
  k === characters.BLANK || k === characters.NEWLINE || k === characters.OTHER_SPACE ? 1 : 0,
);

/**
 * The summary of the text's tokens, by a scan over the shared character classes instead of the
 * regex: the same figures, several times faster, and no token cut out but the few it keeps (the tests
 * check it against the regex for every UTF-16 unit).
 */
export function wordSummary(lower: string): WordSummary {
  const summary: WordSummary = { count: 0, firstPerson: 0, secondPerson: 0, opening: [], closing: [] };
  const token = (start: number, end: number) => {
    const first = lower.charCodeAt(start);
    // only a token of 1–6 characters starting with i, m or y can be one of the pronouns
    if (end - start <= 6 && (first === 105 || first === 109 || first === 121)) {
      const word = lower.slice(start, end);
      if (FIRST_PERSON.has(word)) summary.firstPerson++;
      else if (SECOND_PERSON.has(word)) summary.secondPerson++;
    }
    if (summary.count < EDGE) summary.opening.push(lower.slice(start, end));
    edgeStarts[summary.count % EDGE] = start;
    edgeEnds[summary.count % EDGE] = end;
    summary.count++;
  };
  const length = lower.length;
  let start = -1;
  for (let i = 0; i < length; i++) {
    const at = characters.classAt(lower, i);
    const kind = at & characters.CLASS_BITS;
    const width = at >> characters.WIDTH_SHIFT;
    if (IN_WORD[kind] === 1 || lower.charCodeAt(i) === 39) {
      if (start < 0) start = i;
      i += width - 1;
      continue;
    }
    if (start >= 0) {
      token(start, i);
      start = -1;
    }
    if (IS_SPACE[kind] !== 1) token(i, i + width);
    i += width - 1;
  }
  if (start >= 0) token(start, length);
  for (let k = Math.max(0, summary.count - EDGE); k < summary.count; k++) {
    summary.closing.push(lower.slice(edgeStarts[k % EDGE]!, edgeEnds[k % EDGE]!));
  }
  return summary;
}

/** Counts reused from text to text (each worker thread has its own). */
const plainCounts = new Int32Array(PLAIN_CHAR_DIMS);
const maskedCounts = new Int32Array(MASKED_CHAR_DIMS);
const syntaxCounts = new Int32Array(SYNTAX_DIMS);

/**
 * The char block — the plain text's character n-grams and the masked text's, each half scaled to the
 * same norm, so that the view's cosine is the mean of the two halves' cosines — and the syntax block.
 * Masking alone would leave the vector blind to word choice outside the opening and closing phrases
 * (a student's favourite words are its teacher's); the plain half alone lets two answers on the same
 * topic look alike. Half and half raised distilled-pair AUC on alpaca-bench and lowered the largest
 * independent score (bench/scorer-variants.md).
 */
function charAndSyntax(lower: string): [Float32Array, Float32Array] {
  plainCounts.fill(0);
  maskedCounts.fill(0);
  syntaxCounts.fill(0);
  charAndSyntaxNgrams(lower, plainCounts, maskedCounts, syntaxCounts);
  const char = new Float32Array(CHAR_DIMS);
  for (const [half, offset] of [
    [sublinear(plainCounts), 0],
    [sublinear(maskedCounts), PLAIN_CHAR_DIMS],
  ] as const) {
    const norm = Math.sqrt(sumOfSquares(half));
    if (norm > 0) for (let i = 0; i < half.length; i++) char[offset + i] = half[i]! / norm;
  }
  return [char, sublinear(syntaxCounts)];
}

function phrases(words: WordSummary): Int32Array {
  const block = new Int32Array(PHRASE_DIMS);
  for (let n = 1; n <= EDGE && n <= words.count; n++) {
    addHashed(block, 'open:' + words.opening.slice(0, n).join(' '), 41);
    addHashed(block, 'close:' + words.closing.slice(words.closing.length - n).join(' '), 43);
  }
  return block;
}

// Shape symbols: private-use code points, which answers practically never contain.
const WORD = 0xe000;
const NUMBER = 0xe001;
const SPACE = 0xe002;
const LETTERS = 1;
const DIGITS = 2;
const BLANKS = 3;
const OTHER = 4;
/** The symbol each class of character is read as (OTHER characters are kept as they are). */
const SYMBOL = [0, WORD, NUMBER, SPACE];
/** The shape's class of each character class: letters, digits, spaces and tabs; all else is kept. */
const SHAPE_CLASS = Uint8Array.from({ length: characters.CLASS_COUNT }, (_, k) =>
  k === characters.LETTER ? LETTERS : k === characters.DIGIT ? DIGITS : k === characters.BLANK ? BLANKS : OTHER,
);

let shapeCodes = new Uint16Array(4096);

/**
 * Writes the text's shape into `shapeCodes` and returns its length: the text with every run of letters
 * (\p{L}) replaced by WORD, every run of numbers (\p{N}) by NUMBER and every run of spaces and tabs by
 * SPACE, all else kept. A scan instead of three regex replacements (the tests check it is the same).
 */
function shapeSymbols(text: string): number {
  if (shapeCodes.length < text.length) shapeCodes = new Uint16Array(text.length * 2);
  const codes = shapeCodes;
  let length = 0;
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const at = characters.classAt(text, i);
    const kind = SHAPE_CLASS[at & characters.CLASS_BITS]!;
    const width = at >> characters.WIDTH_SHIFT;
    if (kind === OTHER) {
      codes[length++] = text.charCodeAt(i);
      if (width === 2) codes[length++] = text.charCodeAt(i + 1);
      previous = 0;
    } else if (kind !== previous) {
      codes[length++] = SYMBOL[kind]!;
      previous = kind;
    }
    i += width - 1;
  }
  return length;
}

/** The shape `shapeSymbols` gives, as a string (for the tests). */
export function textShape(text: string): string {
  return Array.from(shapeCodes.subarray(0, shapeSymbols(text)), (c) => String.fromCharCode(c)).join('');
}

/**
 * Hashed 2–4-grams of the text's shape, leaving out those made only of words and spaces: every prose
 * answer is full of them, and with them any two plain-text answers look alike. What is left is how a
 * model punctuates, lists, emphasises and breaks lines, whatever the topic (on alpaca-bench the block
 * raised distilled-pair AUC; bench/scorer-variants.md).
 */
function shape(text: string): Float32Array {
  const length = shapeSymbols(text);
  const codes = shapeCodes;
  const block = new Int32Array(SHAPE_DIMS);
  const mask = SHAPE_DIMS - 1;
  // plainRun: how many symbols from i on are words or spaces; n-grams within such a run are skipped
  // without being hashed (most of a prose answer).
  let plainRun = 0;
  for (let i = 0; i + 2 <= length; i++) {
    if (plainRun > 0) plainRun--;
    else while (i + plainRun < length && (codes[i + plainRun] === WORD || codes[i + plainRun] === SPACE)) plainRun++;
    if (plainRun >= 4 || (plainRun >= 2 && i + plainRun >= length)) continue;
    let h = Math.imul(0x811c9dc5 ^ codes[i]!, 0x01000193);
    for (let n = 2; n <= 4 && i + n <= length; n++) {
      h = Math.imul(h ^ codes[i + n - 1]!, 0x01000193);
      if (n <= plainRun) continue;
      const u = Math.imul(h ^ n, 0x9e3779b1);
      block[u & mask]! += (u >> 31) | 1; // the sign without a branch (see charNgrams)
    }
  }
  return sublinear(block);
}

const LETTER = /\p{L}/u;
const UPPERCASE = /\p{Lu}/u;

interface CharacterCounts {
  letters: number;
  uppercase: number;
  digits: number;
  questions: number;
  exclamations: number;
  semicolons: number;
  parentheses: number;
  curlyQuotes: number;
  /** "—" or "--", counted as /—|--/g matches them (left to right, without overlap). */
  emDashes: number;
  /** "…" or "...", counted as /\.\.\.|…/g matches them. */
  ellipses: number;
  /** Any character outside ASCII (where an emoji could be). */
  nonAscii: boolean;
}

/**
 * The counts that are single characters, in one pass: each equals what a global regex match would
 * count, without building an array of matches per feature.
 */
function characterCounts(text: string): CharacterCounts {
  const n: CharacterCounts = {
    letters: 0,
    uppercase: 0,
    digits: 0,
    questions: 0,
    exclamations: 0,
    semicolons: 0,
    parentheses: 0,
    curlyQuotes: 0,
    emDashes: 0,
    ellipses: 0,
    nonAscii: false,
  };
  let dashOpen = false; // a "-" that a following "-" would complete
  let dots = 0; // length of the current run of "."
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (++dots === 3) {
        n.ellipses++;
        dots = 0;
      }
    } else dots = 0;
    if (c === 45) {
      if (dashOpen) n.emDashes++;
      dashOpen = !dashOpen;
    } else dashOpen = false;
    if (c >= 97 && c <= 122) n.letters++;
    else if (c >= 65 && c <= 90) {
      n.letters++;
      n.uppercase++;
    } else if (c >= 48 && c <= 57) n.digits++;
    else if (c === 63) n.questions++;
    else if (c === 33) n.exclamations++;
    else if (c === 59) n.semicolons++;
    else if (c === 40) n.parentheses++;
    else if (c > 127) {
      n.nonAscii = true;
      if (c === 0x2014) n.emDashes++;
      else if (c === 0x2026) n.ellipses++;
      else if (c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019) n.curlyQuotes++;
      const ch = text[i]!;
      if (LETTER.test(ch)) {
        n.letters++;
        if (UPPERCASE.test(ch)) n.uppercase++;
      }
    }
  }
  return n;
}

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;
/** `count`, skipped when the text lacks a string every match contains (the same number, without the scan). */
const countWith = (text: string, needed: string, pattern: RegExp) => (text.includes(needed) ? count(text, pattern) : 0);
/** Squash a non-negative count or rate into [0, 1) so no single feature dominates the block. */
const squash = (x: number, scale: number) => x / (x + scale);

function layout(text: string, words: WordSummary): Float32Array {
  const lines = text.split('\n');
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  const lineCount = Math.max(1, nonEmpty.length);
  const wordCount = Math.max(1, words.count);
  const sentences = Math.max(1, count(text, /[.!?。！？](\s|$)/g));
  const c = characterCounts(text);
  const { letters, uppercase, digits } = c;
  const values: Record<(typeof LAYOUT_FEATURES)[number], number> = {
    length: squash(text.length, 1500),
    words: squash(words.count, 250),
    lines: squash(nonEmpty.length, 15),
    paragraphs: squash(count(text, /\n\s*\n/g), 6),
    headers: squash(countWith(text, '#', /^\s{0,3}#{1,6}\s/gm), 2),
    bullets: nonEmpty.filter((l) => /^\s*[-*•+]\s/.test(l)).length / lineCount,
    numbered: nonEmpty.filter((l) => /^\s*\d+[.)]\s/.test(l)).length / lineCount,
    bold: squash(count(text, /\*\*[^*\n]+\*\*|__[^_\n]+__/g), 3),
    italic: squash(countWith(text, '*', /(^|[^*])\*[^*\s][^*\n]*\*(?!\*)/g), 2),
    codeFences: squash(countWith(text, '```', /^\s*```/gm) / 2, 1),
    inlineCode: squash(countWith(text, '`', /`[^`\n]+`/g), 3),
    emoji: squash(c.nonAscii ? count(text, /\p{Extended_Pictographic}/gu) : 0, 1),
    colonLineEnds: squash(countWith(text, ':', /:\s*$/gm), 2),
    questions: squash(c.questions, 2),
    exclamations: squash(c.exclamations, 2),
    emDashes: squash(c.emDashes, 2),
    semicolons: squash(c.semicolons, 2),
    parentheses: squash(c.parentheses, 3),
    curlyQuotes: squash(c.curlyQuotes, 2),
    ellipses: squash(c.ellipses, 1),
    sentenceLength: squash(wordCount / sentences, 20),
    wordLength: squash(letters / wordCount, 5),
    uppercase: squash(uppercase / Math.max(1, letters), 0.05),
    digits: squash(digits / Math.max(1, text.length), 0.02),
    tables: squash(countWith(text, '|', /^\s*\|.*\|\s*$/gm), 3),
    firstPerson: squash(words.firstPerson / wordCount, 0.02),
    secondPerson: squash(words.secondPerson / wordCount, 0.02),
    links: squash(countWith(text, 'http', /https?:\/\//g), 1),
  };
  return Float32Array.from(LAYOUT_FEATURES, (name) => values[name]);
}

/**
 * The style vector of `text`, written into `out` from `offset` on (STYLE_DIMENSION floats, all zero).
 * Each non-empty block is scaled to unit length times its weight, so the whole vector's length is
 * known before anything is written, and each value is written once, already normalised.
 */
export function styleVectorInto(text: string, out: Float32Array, offset: number): void {
  const lower = text.toLowerCase();
  const words = wordSummary(lower);
  const blocks = [...charAndSyntax(lower), Float32Array.from(phrases(words)), layout(text, words), shape(text)];
  const squares = blocks.map(sumOfSquares);
  let total = 0;
  for (let b = 0; b < blocks.length; b++) if (squares[b]! > 0) total += BLOCK_WEIGHTS[STYLE_BLOCKS[b]!.name] ** 2;
  if (total === 0) return;
  const whole = Math.sqrt(total);
  for (let b = 0; b < blocks.length; b++) {
    if (squares[b] === 0) continue;
    const block = blocks[b]!;
    const scale = BLOCK_WEIGHTS[STYLE_BLOCKS[b]!.name] / (Math.sqrt(squares[b]!) * whole);
    const start = offset + STYLE_BLOCKS[b]!.start;
    for (let i = 0; i < block.length; i++) out[start + i] = block[i]! * scale;
  }
}

export function styleVector(text: string): Float32Array {
  const out = new Float32Array(STYLE_DIMENSION);
  styleVectorInto(text, out, 0);
  return out;
}

/** Fewer texts than this are embedded on the calling thread: starting workers would cost more. */
const POOL_THRESHOLD = 512;

/**
 * The style embedder. Large batches are spread over worker threads (the vectors are identical either
 * way: the function is pure); small ones, or where no worker can start, run on the calling thread.
 */
export function createStyleEmbedder(options: { workers?: number } = {}): Embedder {
  const id = `style@${STYLE_VERSION}`;
  const pool = new StylePool(STYLE_DIMENSION, options.workers);
  return {
    id,
    view: 'style',
    record: { id, kind: 'style', normalize: true, dimension: STYLE_DIMENSION, version: STYLE_VERSION },
    blocks: STYLE_BLOCKS,
    preferredBatch: 4096,
    embed: async (texts) => {
      if (texts.length >= POOL_THRESHOLD && pool.usable) {
        try {
          return await pool.embed(texts);
        } catch {
          // a worker failed: embed here instead
        }
      }
      return texts.map(styleVector);
    },
    dispose: () => pool.close(),
  };
}
