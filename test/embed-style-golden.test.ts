import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { STYLE_VERSION, isRegexSpace, styleVector } from '../src/embed/style.js';

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
  it('are bit for bit those of style@1', () => {
    const hash = createHash('sha256');
    for (const text of TEXTS) {
      const v = styleVector(text);
      hash.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
    expect(STYLE_VERSION).toBe('1');
    expect(hash.digest('hex')).toBe('b39cc05c2ae50e9e963253391305e41214716f31122b63ecbe567d78df4b1fe0');
  });

  it('read white space exactly as the regex class \\s does, for every UTF-16 unit', () => {
    const differing: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isRegexSpace(c) !== /\s/.test(String.fromCharCode(c))) differing.push(c);
    expect(differing).toEqual([]);
  });
});
