import { speakingText } from './answer-text.js';
import { frameHolds } from './context.js';
import { evidenceText, type ClaimFound, type ExtractOptions, type IdentityClaim } from './claim.js';
import { findNames, type NameMention } from './lexicon.js';
import { CHINESE } from './patterns/chinese.js';
import type { ClaimPattern } from './patterns/common.js';
import { ENGLISH } from './patterns/english.js';
import { OTHER_LANGUAGES } from './patterns/other-languages.js';
import { promptContinuation, promptPersonas, promptedAffirmation } from './prompt-frames.js';
import { TARGET_MARK, foldCase, slotted } from './slots.js';
import { sentenceSpans } from './sentences.js';
import { structuredClaim } from './structured.js';

const PATTERNS: readonly ClaimPattern[] = [...ENGLISH, ...CHINESE, ...OTHER_LANGUAGES];
const AFFIRMATION_REACH = 200;

/** Every self-identification in the answer, in the order they appear. */
export function extractClaims(answer: string, options: ExtractOptions = {}): ClaimFound[] {
  const personas = options.prompt ? promptPersonas(options.prompt) : new Set<string>();
  // "I am ChatGPT" after "act as ChatGPT" plays the part; who made it ("developed by OpenAI") still counts.
  const own = (claims: ClaimFound[]) =>
    claims.filter((c) => !(c.kind === 'identity' && c.model !== null && personas.has(c.model) && c.rule !== 'prompted-yes'));

  const speaking = speakingText(answer, options.prompt);
  const claims = [...framedClaims(answer, speaking)];
  const structured = structuredClaim(answer, speaking, options.prompt);
  if (structured) claims.push(structured);
  if (options.prompt) {
    const continued = promptContinuation(answer, speaking, options.prompt, (text) => [...framedClaims(text, text)]);
    if (continued) claims.push(continued);
    // "Yes." to "Are you ChatGPT?" — unless the answer goes on to say who it is in its own words.
    const affirmed = promptedAffirmation(answer, speaking, options.prompt);
    if (affirmed && !claims.some((c) => c.start < AFFIRMATION_REACH)) claims.push(affirmed);
  }
  let found = own(claims);
  if (found.length === 0 && options.reasoning !== false) {
    const reasoning = speakingText(answer, options.prompt, 'reasoning');
    found = own([...framedClaims(answer, reasoning)].map((c) => ({ ...c, rule: `reasoning:${c.rule}` })));
  }
  return found.sort((x, y) => x.start - y.start);
}

/** The claim that decides who an answer says it is (see extractClaim): its first direct one, else its first. */
export function primaryClaim(claims: readonly ClaimFound[]): ClaimFound | undefined {
  return claims.find((c) => c.kind !== 'lineage') ?? claims[0];
}

/**
 * Who the answer says it is, as itself. Its first direct claim (what it is, or who made it) wins.
 *
 * Being built on a maker's model ("I'm based on GPT-4", "我基于GPT-4") is a claim of that maker's
 * lineage, and counts as a claim of that maker: the judge's definition asks whether the answer claims
 * a GPT identity, and a model that says it is GPT-4 underneath does. It counts only when the answer
 * makes no direct claim, because a direct one says more: the same judge reads "developed and
 * maintained by Microsoft, which collaborates with OpenAI, the organization that created the
 * underlying technology" as Microsoft's, not OpenAI's.
 */
export function extractClaim(answer: string, options: ExtractOptions = {}): IdentityClaim {
  const claims = extractClaims(answer, options);
  const primary = primaryClaim(claims);
  if (!primary) return { claimedMaker: null, claimedModel: null, evidence: null };
  const model = primary.model ?? claims.find((c) => c.maker === primary.maker && c.model !== null)?.model ?? null;
  return { claimedMaker: primary.maker, claimedModel: model, evidence: primary.evidence };
}

function* framedClaims(answer: string, speaking: string): Generator<ClaimFound> {
  const names = findNames(speaking);
  if (names.length === 0) return;
  for (const span of sentenceSpans(speaking)) {
    const inSentence = names.filter((n) => n.start >= span.start && n.end <= span.end);
    if (inSentence.length === 0) continue;
    const sentence = speaking.slice(span.start, span.end);
    const relative = inSentence.map((n) => ({ start: n.start - span.start, end: n.end - span.start }));
    for (let i = 0; i < inSentence.length; i++) {
      const claim = claimAbout(sentence, relative, i);
      if (!claim) continue;
      const mention: NameMention = inSentence[i]!;
      const start = span.start + claim.start;
      const end = span.start + claim.end;
      yield {
        maker: mention.maker,
        model: mention.model,
        kind: claim.pattern.kind,
        rule: claim.pattern.id,
        start,
        end,
        evidence: evidenceText(answer, start, end),
      };
    }
  }
}

function claimAbout(
  sentence: string,
  names: ReadonlyArray<{ start: number; end: number }>,
  index: number,
): { pattern: ClaimPattern; start: number; end: number } | null {
  const target = names[index]!;
  const folded = foldCase(sentence);
  const text = slotted(
    folded,
    target,
    names.filter((_, j) => j !== index),
  );
  for (const pattern of PATTERNS) {
    const match = pattern.regex.exec(text);
    if (!match) continue;
    const start = match.index;
    const end = start + match[0].length;
    const nameFirst = text[start] === TARGET_MARK;
    const context = {
      before: folded.slice(0, start),
      frame: nameFirst ? folded.slice(target.end, end) : folded.slice(start, target.start),
      after: folded.slice(target.end),
    };
    if (frameHolds(context)) return { pattern, start, end: Math.max(end, target.end) };
  }
  return null;
}
