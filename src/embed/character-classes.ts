/**
 * What kind of character each code point is, as the style blocks' scans read text (the shape block
 * and the syntax block each map these classes onto their own). Each UTF-16 unit is classified by regex
 * once and kept in a table, so a scan pays a table read per character.
 */
export const LETTER = 1; // \p{L}
export const MARK = 2; // \p{M}
export const DIGIT = 3; // \p{N}
export const BLANK = 4; // a space or a tab
export const NEWLINE = 5;
export const OTHER_SPACE = 6; // any other \s
export const APOSTROPHE = 7; // ' or ’
export const OTHER = 8;
export const CLASS_COUNT = 9;

const PATTERN = /^(?:(\p{L})|(\p{M})|(\p{N})|(\s))$/u;

export function classOfCodePoint(codePoint: number): number {
  if (codePoint === 32 || codePoint === 9) return BLANK;
  if (codePoint === 10) return NEWLINE;
  if (codePoint === 39 || codePoint === 0x2019) return APOSTROPHE;
  const match = PATTERN.exec(String.fromCodePoint(codePoint));
  if (!match) return OTHER;
  return match[1] ? LETTER : match[2] ? MARK : match[3] ? DIGIT : OTHER_SPACE;
}

/** The class of every UTF-16 unit, 0 until first looked up; ASCII is filled from the start, for inline reads. */
export const UNIT_CLASSES = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) UNIT_CLASSES[c] = classOfCodePoint(c);

/** The class of a UTF-16 unit that is not half of a surrogate pair. */
export function classOfUnit(unit: number): number {
  if (UNIT_CLASSES[unit] === 0) UNIT_CLASSES[unit] = classOfCodePoint(unit);
  return UNIT_CLASSES[unit]!;
}

/** classAt's result: the class in its low bits, the character's width in UTF-16 units above them. */
export const CLASS_BITS = 0xf;
export const WIDTH_SHIFT = 4;

/** classAt's answers for ASCII, read in one load: most answers are nearly all ASCII. */
const ASCII_AT = Uint8Array.from(UNIT_CLASSES.subarray(0, 128), (kind) => kind | (1 << WIDTH_SHIFT));

/**
 * The class of the character at i, a surrogate pair read whole, and its width: class | width << 4
 * (read them with `& CLASS_BITS` and `>> WIDTH_SHIFT`). A lone surrogate is a character of its own.
 */

export function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_AT[c]!;
  if ((c & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
    return classOfCodePoint(text.codePointAt(i)!) | (2 << WIDTH_SHIFT);
  }
  return classOfUnit(c) | (1 << WIDTH_SHIFT);
}
