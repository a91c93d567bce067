import { simplifiedChinese } from './chinese-script.js';

/**
 * Claim patterns are written over a "slotted" sentence: the name under test is replaced by TARGET
 * characters and every other name by OTHER characters, each of the name's length, so a pattern reads
 * "I am … {T}" and offsets still match the answer.
 */
export const TARGET_MARK = '\uE000';
export const OTHER_MARK = '\uE001';
export const FILL_MARK = '\uE002';

/** The name under test, in a pattern. */
export const T = `${TARGET_MARK}${FILL_MARK}*`;
/** Any other name, in a pattern. */
export const O = `${OTHER_MARK}${FILL_MARK}*`;

export interface Span {
  start: number;
  end: number;
}

/** The sentence with `target` and `others` (offsets relative to the sentence) replaced by slot marks. */
export function slotted(sentence: string, target: Span, others: readonly Span[]): string {
  const chars = sentence.split('');
  const fill = (span: Span, mark: string) => {
    for (let i = span.start; i < span.end; i++) chars[i] = i === span.start ? mark : FILL_MARK;
  };
  for (const other of others) fill(other, OTHER_MARK);
  fill(target, TARGET_MARK);
  return chars.join('');
}

/**
 * Lower case and simplified Chinese, character for character: a letter whose lower case has another
 * length (İ) stays as it is, so offsets into the folded text are offsets into the answer.
 */
export function foldCase(text: string): string {
  const simplified = simplifiedChinese(text);
  const lower = simplified.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const char of simplified) {
    const folded = char.toLowerCase();
    out += folded.length === char.length ? folded : char;
  }
  return out;
}
