import type { Span } from './slots.js';

/**
 * Sentence spans of a text: a claim never reaches across a sentence. Ends are . ! ? and their CJK
 * forms, ; and line breaks; a full stop between digits or letters ("GPT-3.5", "01.AI") is not an end.
 */
const SENTENCE_END = /[!?！？。；;]+|\.(?![\p{L}\p{N}])|\n+/gu;

export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (text.slice(start, end).trim() !== '') spans.push({ start, end });
    start = end;
  }
  if (text.slice(start).trim() !== '') spans.push({ start, end: text.length });
  return spans;
}
