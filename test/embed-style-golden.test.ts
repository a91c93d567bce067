import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MASKED_DIGIT, MASKED_LETTER, maskedText, maskedTokens, plainText } from '../src/embed/char-and-syntax.js';
import { CHAR_HALVES, STYLE_BLOCKS, STYLE_VERSION, styleVector, textShape, wordSummary } from '../src/embed/style.js';

/** Texts whose style vectors are pinned: markdown, several scripts, emoji, very short and empty texts. */
const TEXTS = [
  '',
  'a',
  'Hi!',
  'abcd',
  'abcde',
  'Certainly! Here is a short list:\n\n1. **Apples** — crisp; sweet…\n2. *Pears* (ripe)\n3. `code` and ```js\nx()\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nI hope this helps! Do you need more?',
  '# Heading\n\n- one\n- two\n\nVisit https://example.com -- or not... “quoted” ‘text’ 😀🎉 ---- .....',
  '我是一个由人工智能公司开发的大型语言模型。我可以帮助你回答问题！',
  'Je suis un assistant. ¿Cómo estás? Ich bin ein Sprachmodell — Привет, мир! مرحبا بالعالم. こんにちは世界。',
  "It's   spaced\t\tout\n\n\n   with    tabs and I'm you're MY me YOUR; ÉCOLE Ünïcödé 12345 67.89%",
  'word '.repeat(400),
  'a--b---c----d -—- ... .... ...... ..… “hi” ‘x’ ?!;( http://x *a* **b** __c__ ©®',
  "it's 'quoted' '' \t\v\f\r\n x a_b-c.d",
  'KELVIN \u212A sign, non-breaking\u00a0space',
  'runs  of\u2000\u3000\ufeff white\u2028\u2029space\u1680\u202f\u205fand\u200bnot',
];

/** Astral letters, digits and emoji, and lone surrogates: where a scan of UTF-16 units and a regex may part. */
const ASTRAL = '𝐀𝐁 𝟏𝟐 😀 \ud800 lone \udc00 high\ud83d';

/**
 * A scan agrees with its regex definition: on the pinned texts, ASTRAL and `extra` (lower-cased first
 * where the scan reads lower-cased text), and on every UTF-16 unit, each read twice inside `context`.
 */
function expectSameAsRegex<T>(
  scan: (text: string) => T,
  byRegex: (text: string) => T,
  { extra = [], context, lower = true }: { extra?: string[]; context: (unit: string) => string; lower?: boolean },
): void {
  for (const text of [...TEXTS, ASTRAL, ...extra]) {
    const input = lower ? text.toLowerCase() : text;
    expect(scan(input)).toEqual(byRegex(input));
  }
  const differing: number[] = [];
  for (let c = 0; c <= 0xffff; c++) {
    const text = context(String.fromCharCode(c));
    if (JSON.stringify(scan(text)) !== JSON.stringify(byRegex(text))) differing.push(c);
  }
  expect(differing).toEqual([]);
}

describe('style vectors', () => {
  // Cached vectors are keyed by `style@VERSION`: any change to a vector, however small, must come with
  // a new version, or a cache would mix old and new vectors. Speed-ups must keep this digest.
  it('are bit for bit those of style@4', () => {
    const hash = createHash('sha256');
    for (const text of TEXTS) {
      const v = styleVector(text);
      hash.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
    expect(STYLE_VERSION).toBe('4');
    expect(hash.digest('hex')).toBe('3a8c0eb6449e3285741d288187211b79841d0a6f399d2df9ebcdf40555c0eb60');
  });

  it('read the plain text of the char block as every run of white space (\\s) one space, for every UTF-16 unit', () => {
    expectSameAsRegex(plainText, (text) => text.replace(/\s+/g, ' '), { context: (u) => `x${u}${u}9 the` });
  });

  // The shape block's definition, as three regex replacements; the embedder scans instead.
  const shapeByRegex = (text: string) =>
    text
      .replace(/\p{L}+/gu, '\ue000')
      .replace(/\p{N}+/gu, '\ue001')
      .replace(/[ \t]+/g, '\ue002');

  it('read the text shape as the regex definition does', () => {
    expectSameAsRegex(textShape, shapeByRegex, {
      extra: ['é\u0301 Ⅻ ½ ٣ 三 x²', 'a1b2 33\t\t c'],
      context: (u) => `x${u}${u}9`,
      lower: false,
    });
  });

  it('leave words and spaces out of the shape block: plain prose has none, punctuation and markup do', () => {
    const shapeBlock = (text: string) => {
      const { start, end } = STYLE_BLOCKS.find((b) => b.name === 'shape')!;
      return Array.from(styleVector(text).subarray(start, end));
    };
    expect(shapeBlock('plain words only and single spaces').every((x) => x === 0)).toBe(true);
    expect(shapeBlock('Some other words, entirely different ones').some((x) => x !== 0)).toBe(true);
    // The same punctuation and layout around different words and numbers: the same shape.
    expect(shapeBlock('**Apples**: 3 kinds.\n- red\n- green')).toEqual(shapeBlock('**Pears**: 12 sorts.\n- ripe\n- hard'));
  });

  // The syntax block's definition, by regex: a word starts with a letter and runs on through letters,
  // combining marks and apostrophes; function words are kept, other words masked; the embedder scans instead.
  const FUNCTION_WORD_SAMPLE = new Set(maskedTokens('the of and however'));
  const maskedByRegex = (lower: string) =>
    (lower.match(/\p{L}[\p{L}\p{M}'’]*|\p{N}+|\n|[^\s\p{L}\p{N}]/gu) ?? []).map((t) => {
      if (/^\p{L}/u.test(t)) return maskedTokens(t.replace(/’/g, "'"))[0]!;
      if (/^\p{N}/u.test(t)) return '#';
      return t === '\n' ? '¶' : t;
    });

  it('read the masked text of the syntax block as its regex definition does', () => {
    expect(FUNCTION_WORD_SAMPLE).toEqual(new Set(['the', 'of', 'and', 'however']));
    expect(maskedTokens("of course! it's 2 o’clock,\nhowever the résumé isn't here — don’t")).toEqual([
      'of',
      '*',
      '!',
      "it's",
      '#',
      '*',
      ',',
      '¶',
      'however',
      'the',
      '*',
      '*',
      'here',
      '—',
      "don't",
    ]);
    expectSameAsRegex(maskedTokens, maskedByRegex, {
      extra: ['é\u0301 ⅻ ½ ٣ 三 x² 第一', "'quoted' ’tis a1b2"],
      context: (u) => `x${u}${u}9 the`,
    });
  });

  it('keep function words and punctuation in the syntax block, whatever the content words', () => {
    const syntaxBlock = (text: string) => {
      const { start, end } = STYLE_BLOCKS.find((b) => b.name === 'syntax')!;
      return Array.from(styleVector(text).subarray(start, end));
    };
    expect(syntaxBlock('However, the apples are in the basket.')).toEqual(syntaxBlock('However, the rockets are in the hangar.'));
    expect(syntaxBlock('However, the apples are in the basket.')).not.toEqual(syntaxBlock('The apples, however, sit in a basket.'));
    expect(syntaxBlock('apples oranges pears').every((x) => x === 0)).toBe(true);
  });
  // The char block's masked text, by regex: content words' letters (code points, at most four) and digits masked,
  // function words kept (’ read as '), every run of white space one space; the embedder scans instead.
  const L = String.fromCharCode(MASKED_LETTER);
  const D = String.fromCharCode(MASKED_DIGIT);
  const maskedTextByRegex = (lower: string) =>
    lower.replace(/\p{L}[\p{L}\p{M}'’]*|\p{N}|\s+/gu, (t) => {
      if (/^\p{N}/u.test(t)) return D;
      if (/^\s/u.test(t)) return ' ';
      const word = t.replace(/’/g, "'");
      return maskedTokens(word)[0] === '*' ? L.repeat(Math.min(4, [...t].length)) : word;
    });

  it('read the masked text of the char block as its regex definition does', () => {
    expect(maskedText("of course! it's 2 o’clock,\n  however **the** résumé — don’t 12 ok")).toBe(
      `of ${L.repeat(4)}! it's ${D} ${L.repeat(4)}, however **the** ${L.repeat(4)} — don't ${D}${D} ${L.repeat(2)}`,
    );
    expectSameAsRegex(maskedText, maskedTextByRegex, {
      extra: ['é\u0301 ⅻ ½ ٣ 三 x² 第一', "'quoted' ’tis a1b2 *x* #1"],
      context: (u) => `x${u}${u}9 the`,
    });
  });

  it('keep function words and punctuation in the masked half of the char block, whatever the content words', () => {
    const half = (text: string, which: 'plain' | 'masked') =>
      Array.from(styleVector(text).subarray(CHAR_HALVES[which].start, CHAR_HALVES[which].end));
    const { start, end } = STYLE_BLOCKS.find((b) => b.name === 'char')!;
    expect([start, end]).toEqual([CHAR_HALVES.plain.start, CHAR_HALVES.masked.end]);
    // Other content words: the same masked half, another plain half; other function words or punctuation: both differ.
    const a = 'However, the apples are in the basket (3 kinds).';
    const b = 'However, the rockets are in the hangar (7 sorts).';
    half(a, 'masked').forEach((x, k) => expect(x).toBeCloseTo(half(b, 'masked')[k]!, 6));
    expect(half(a, 'plain')).not.toEqual(half(b, 'plain'));
    expect(half(a, 'masked')).not.toEqual(half('However; the apples are in the basket (3 kinds)!', 'masked'));
    expect(half(a, 'masked')).not.toEqual(half('Moreover, the apples are in the basket (3 kinds).', 'masked'));
    expect(half('apples oranges pears', 'masked').every((x) => x === 0)).toBe(true);
    // Each half carries the same weight in the block.
    const norm = (xs: number[]) => Math.hypot(...xs);
    expect(norm(half(a, 'plain'))).toBeCloseTo(norm(half(a, 'masked')), 6);
  });

  it('count, in the masked half, every character 3–5-gram of the masked text but those made only of masked letters and spaces', () => {
    // A plain reference: every n-gram hashed on its own, the all-mask ones skipped by regex.
    const reference = (text: string) => {
      const masked = maskedTextByRegex(text.toLowerCase());
      const size = CHAR_HALVES.masked.end - CHAR_HALVES.masked.start;
      const counts = new Int32Array(size);
      for (let i = 0; i < masked.length; i++) {
        for (let n = 3; n <= 5 && i + n <= masked.length; n++) {
          const gram = masked.slice(i, i + n);
          if (new RegExp(`^[${L} ]+$`).test(gram)) continue;
          let h = 0x811c9dc5;
          for (let k = 0; k < n; k++) h = Math.imul(h ^ gram.charCodeAt(k), 0x01000193);
          const u = Math.imul(h ^ n, 0x9e3779b1);
          counts[u & (size - 1)]! += (u >> 31) | 1;
        }
      }
      const block = Array.from(counts, (c) => Math.sign(c) * Math.log1p(Math.abs(c)));
      const norm = Math.hypot(...block);
      return block.map((x) => (norm > 0 ? x / norm : 0));
    };
    const { start, end } = CHAR_HALVES.masked;
    for (const text of [...TEXTS, 'supercalifragilistic expialidocious', 'an  elephant ate', 'x yz']) {
      const block = Array.from(styleVector(text).subarray(start, end));
      const norm = Math.hypot(...block);
      const expected = reference(text);
      block.forEach((x, k) => expect(norm > 0 ? x / norm : 0).toBeCloseTo(expected[k]!, 5));
    }
  });
  // The phrase and layout blocks' tokens, by regex; the embedder scans instead.
  const summaryByRegex = (lower: string) => {
    const words = lower.match(/[\p{L}\p{N}']+|[^\s\p{L}\p{N}]/gu) ?? [];
    return {
      count: words.length,
      firstPerson: words.filter((w) => ['i', "i'm", 'my', 'me'].includes(w)).length,
      secondPerson: words.filter((w) => ['you', 'your', "you're"].includes(w)).length,
      opening: words.slice(0, 4),
      closing: words.slice(Math.max(0, words.length - 4)),
    };
  };

  it('read the tokens of the phrase and layout blocks as their regex definition does', () => {
    expectSameAsRegex(wordSummary, summaryByRegex, {
      extra: ["é\u0301 ⅻ ½ ٣ 三 x² 第一 i'm you’re my, me. you your", 'i', "you're"],
      context: (u) => `my x${u}${u}9 i'm${u}you`,
    });
  });
});
