import { SELF_KEYS } from './structured.js';

/**
 * The part of an answer in which the model speaks for itself. Everything else — its hidden reasoning,
 * text copied from the prompt, speaker tags a template demanded ("[ChatGPT]:", "(🔒Normal Output)")
 * and quoted scripts — is blanked out with spaces, so offsets into the answer stay valid for evidence.
 */

/** A passage copied from the prompt at least this long (in normalised characters) is the prompt's text, not the model's. */
const MIN_ECHO = 28;
/** Han, kana and Hangul carry about three Latin letters' worth of text each. */
const DENSE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const MIN_DENSE_ECHO = 12;

export function speakingText(answer: string, prompt?: string, part: 'answer' | 'reasoning' = 'answer'): string {
  // Some answers carry escaped line breaks ("\\nAs an AI…"); read them as the breaks they stand for,
  // keeping the length so that offsets still point into the answer.
  const text = answer.replace(/\\{1,2}n/g, (sequence) => `${' '.repeat(sequence.length - 1)}\n`);
  const blank = new Uint8Array(text.length);
  if (part === 'answer') blankReasoning(text, blank);
  else blankAnswer(text, blank);
  if (prompt) blankEchoes(text, prompt, blank);
  blankSpeakerTags(text, blank);
  blankQuotations(text, blank);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    // a character outside the BMP is blanked whole, never split into a lone surrogate
    const isLow = i > 0 && /[\uDC00-\uDFFF]/.test(text[i]!) && /[\uD800-\uDBFF]/.test(text[i - 1]!);
    const blanked = blank[i] || (isLow && blank[i - 1]) || (/[\uD800-\uDBFF]/.test(text[i]!) && blank[i + 1]);
    out += blanked ? (text[i] === '\n' ? '\n' : ' ') : text[i];
  }
  return out;
}

function mark(blank: Uint8Array, start: number, end: number): void {
  blank.fill(1, Math.max(0, start), Math.min(blank.length, end));
}

/**
 * Reasoning models think aloud before answering (<think>…</think>). The visible answer is read on its
 * own first; extract.ts reads the reasoning only when the answer claims nothing.
 */
function blankReasoning(text: string, blank: Uint8Array): void {
  const close = text.lastIndexOf('</think>');
  if (close >= 0) {
    mark(blank, 0, close + '</think>'.length);
    return;
  }
  const open = text.indexOf('<think>');
  // An unclosed block is reasoning cut off before any answer.
  if (open >= 0 && open < 40) mark(blank, open, text.length);
}

/** The reasoning alone: everything from its end on is blanked (nothing is left of an answer without reasoning). */
function blankAnswer(text: string, blank: Uint8Array): void {
  const close = text.lastIndexOf('</think>');
  const open = text.indexOf('<think>');
  if (close >= 0) mark(blank, close, text.length);
  else if (!(open >= 0 && open < 40)) mark(blank, 0, text.length);
}

interface Normalised {
  /** Lower-cased text with runs of white space (and markdown emphasis) collapsed. */
  text: string;
  /** For each character of `text`, its offset in the original. */
  origin: number[];
}

function normalise(text: string): Normalised {
  let out = '';
  const origin: number[] = [];
  let lastWasSpace = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/[\s*_`#>]/.test(c)) {
      if (!lastWasSpace) {
        out += ' ';
        origin.push(i);
        lastWasSpace = true;
      }
      continue;
    }
    out += c.toLowerCase();
    origin.push(i);
    lastWasSpace = false;
  }
  return { text: out, origin };
}

/** Rolling polynomial hashes of every window of `width` characters. */
function windowHashes(text: string, width: number): Int32Array {
  const count = Math.max(0, text.length - width + 1);
  const hashes = new Int32Array(count);
  if (count === 0) return hashes;
  const base = 131;
  let power = 1;
  for (let i = 0; i < width - 1; i++) power = Math.imul(power, base);
  let h = 0;
  for (let i = 0; i < width; i++) h = (Math.imul(h, base) + text.charCodeAt(i)) | 0;
  hashes[0] = h;
  for (let i = 1; i < count; i++) {
    h = (h - Math.imul(text.charCodeAt(i - 1), power)) | 0;
    h = (Math.imul(h, base) + text.charCodeAt(i + width - 1)) | 0;
    hashes[i] = h;
  }
  return hashes;
}

/**
 * Passages the answer shares with the prompt: a template's forced opening ("As we embark on this
 * journey, I'll pretend to be ChatGPT…"), a repeated command line, a persona's script. Dense scripts
 * (Chinese, Japanese, Korean) use a shorter window, since each character carries more.
 */
function blankEchoes(text: string, prompt: string, blank: Uint8Array): void {
  const answer = normalise(text);
  const source = normalise(prompt).text;
  for (const width of [MIN_ECHO, MIN_DENSE_ECHO]) {
    if (answer.text.length < width || source.length < width) continue;
    const known = new Map<number, number>();
    const sourceHashes = windowHashes(source, width);
    sourceHashes.forEach((h, i) => known.has(h) || known.set(h, i));
    const answerHashes = windowHashes(answer.text, width);
    for (let i = 0; i < answerHashes.length; i++) {
      const at = known.get(answerHashes[i]!);
      if (at === undefined) continue;
      const window = answer.text.slice(i, i + width);
      if (width === MIN_DENSE_ECHO && !denseEnough(window)) continue;
      if (source.slice(at, at + width) !== window && !source.includes(window)) continue;
      mark(blank, answer.origin[i]!, answer.origin[i + width - 1]! + 1);
    }
  }
}

const denseEnough = (window: string) => [...window].filter((c) => DENSE_SCRIPT.test(c)).length >= MIN_DENSE_ECHO / 2;

/**
 * A label that opens a line and names who is speaking: "[ChatGPT]:", "GPT:", "(🔒Normal Output)",
 * "**[AntiGPT]:**". The label is the template's; what follows it is still the model's answer.
 */
const SPEAKER_TAG =
  /^[ \t>*_#-]*(?:(?:[[(【（][^\])】）\n]{1,40}[\])】）][ \t*_]*[:：]?)|(?:[\p{L}\p{N}][\p{L}\p{N} ._-]{0,24}[ \t*_]*[:：](?![/\\\d])))/gmu;

/** "Model:", "Creator:" open a record of the answer's own identity, not a speaker's turn (see structured.ts). */
const RECORD_KEY = new RegExp(`^[\\s>*_#-]*(?:${SELF_KEYS})[\\s*_]*[:：]$`, 'iu');

const LIST_ITEM = /^[ \t>]*(?:[-•+]|\d+[.)])\s/u;

function blankSpeakerTags(text: string, blank: Uint8Array): void {
  for (const match of text.matchAll(SPEAKER_TAG)) {
    // A plain "Word:" label must be short; a longer run before a colon is the start of a sentence.
    if (!/[[(【（]/.test(match[0]) && match[0].trim().split(/\s+/).length > 3) continue;
    if (RECORD_KEY.test(match[0])) continue;
    // "- **OpenAI**: my primary developer" is a list item that names, not a speaker's turn.
    if (!/[[(【（]/.test(match[0]) && LIST_ITEM.test(match[0])) continue;
    mark(blank, match.index, match.index + match[0].length);
  }
}

/**
 * Quoted passages are someone's words being shown — a sample script, what the user asked me to say,
 * a phrase under discussion — not the model speaking. A short quoted name ("I'm “Claude”") stays.
 */
const QUOTATION = /"([^"\n]{12,}?)"|“([^”\n]{6,}?)”|「([^」\n]{6,}?)」|『([^』\n]{6,}?)』|«([^»\n]{6,}?)»|„([^“”\n]{6,}?)[“”]/g;

function blankQuotations(text: string, blank: Uint8Array): void {
  for (const match of text.matchAll(QUOTATION)) {
    const inner = match.slice(1).find((g) => g !== undefined)!;
    const denseCharacters = [...inner].filter((c) => DENSE_SCRIPT.test(c)).length;
    if (inner.trim().split(/\s+/).length < 3 && denseCharacters < 8) continue;
    mark(blank, match.index, match.index + match[0].length);
  }
}
