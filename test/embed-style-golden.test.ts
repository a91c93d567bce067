import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskedTokens } from '../src/embed/style-syntax.js';
import { STYLE_BLOCKS, STYLE_VERSION, isRegexSpace, styleVector, textShape } from '../src/embed/style.js';

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

describe('style vectors', () => {
  // Cached vectors are keyed by `style@VERSION`: any change to a vector, however small, must come with
  // a new version, or a cache would mix old and new vectors. Speed-ups must keep this digest.
  it('are bit for bit those of style@3', () => {
    const hash = createHash('sha256');
    for (const text of TEXTS) {
      const v = styleVector(text);
      hash.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
    expect(STYLE_VERSION).toBe('3');
    expect(hash.digest('hex')).toBe('25da5b2396b3b6b0e51b024ed3ce3c595ffe2ea25e5346b9d62797415b684e9a');
  });

  it('read white space exactly as the regex class \\s does, for every UTF-16 unit', () => {
    const differing: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isRegexSpace(c) !== /\s/.test(String.fromCharCode(c))) differing.push(c);
    expect(differing).toEqual([]);
  });

  // The shape block's definition, as three regex replacements; the embedder scans instead.
  const shapeByRegex = (text: string) =>
    text
      .replace(/\p{L}+/gu, '\ue000')
      .replace(/\p{N}+/gu, '\ue001')
      .replace(/[ \t]+/g, '\ue002');

  it('read the text shape as the regex definition does', () => {
    const astral = '𝐀𝐁 𝟏𝟐 😀 \ud800 lone \udc00 high\ud83d';
    for (const text of [...TEXTS, astral, 'é\u0301 Ⅻ ½ ٣ 三 x²', 'a1b2 33\t\t c']) expect(textShape(text)).toBe(shapeByRegex(text));
    const differing: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const text = `x${String.fromCharCode(c)}${String.fromCharCode(c)}9`;
      if (textShape(text) !== shapeByRegex(text)) differing.push(c);
    }
    expect(differing).toEqual([]);
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
    const astral = '𝐀𝐁 𝟏𝟐 😀 \ud800 lone \udc00 high\ud83d';
    for (const text of [...TEXTS, astral, 'é\u0301 ⅻ ½ ٣ 三 x² 第一', "'quoted' ’tis a1b2"]) {
      const lower = text.toLowerCase();
      expect(maskedTokens(lower)).toEqual(maskedByRegex(lower));
    }
    const differing: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const text = `x${String.fromCharCode(c)}${String.fromCharCode(c)}9 the`;
      if (maskedTokens(text).join(' ') !== maskedByRegex(text).join(' ')) differing.push(c);
    }
    expect(differing).toEqual([]);
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
});
