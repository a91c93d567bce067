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
