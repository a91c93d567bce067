import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
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
  it('are bit for bit those of style@2', () => {
    const hash = createHash('sha256');
    for (const text of TEXTS) {
      const v = styleVector(text);
      hash.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
    expect(STYLE_VERSION).toBe('2');
    expect(hash.digest('hex')).toBe('c5f25217bcef5846d9992ab938fa8f171dde562b00b5fcbf3ded4588f7db9b56');
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
});
