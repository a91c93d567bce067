import { evidenceText, type ClaimFound } from './claim.js';
import { findNames } from './lexicon.js';

/**
 * Answers that identify without a sentence: a bare name ("ChatGPT", "GPT-4 by OpenAI", asked for the
 * name only) or a key–value record ({"model": "GPT-4", "creator": "OpenAI"}, "Model: Claude").
 */

/** Words a bare name answer may carry besides names. */
const BARE_FILLER =
  /^(?:model|models|version|by|from|of|the|an?|ai|llm|large|language|assistant|chatbot|series|family|made|developed|created|trained|由|开发|的|模型|版本|公司)$/iu;
const MAX_BARE_WORDS = 8;

/** Keys under which a record gives the model's own name or maker ("model", "creator", "开发者"). */
export const SELF_KEYS =
  'model(?:[ _-]?name)?|name|assistant|identity|creator|company|developer|developed[ _-]by|maker|made[ _-]by|created[ _-]by|trained[ _-]by|organi[sz]ation|provider|vendor|模型(?:名称)?|名称|名字|开发者|开发公司|公司';
const SELF_KEY = new RegExp(`(?:^|[{,\\n]\\s*)["'\`*]*(?:${SELF_KEYS})["'\`*]*\\s*[:=：]\\s*["'\`*]*$`, 'iu');

/** The prompt asks about the model itself ("What is your name?", "你是谁？"), in any of the ten languages. */
const ASKS_ABOUT_YOU =
  /(?<![a-z])(?:you|your|yourself|vous|votre|tu|toi|ton|du|dich|dein\w*|sie|ihr\w*|usted|tú|te|você|seu|sua|ты|вы|тебя|вас|твой|ваш\w*|أنت|أنتِ|ك)(?![a-z])|你|您|あなた|君|당신|너/iu;

/**
 * @param prompt when given, a bare name or record counts only if the prompt asks about the model
 *   itself: "OpenAI." answers "Who created you?" for itself, but "Who created ChatGPT?" about another.
 */
export function structuredClaim(answer: string, speaking: string, prompt?: string): ClaimFound | null {
  const names = findNames(speaking);
  if (names.length === 0) return null;
  if (prompt !== undefined && !ASKS_ABOUT_YOU.test(prompt.slice(-600))) return null;
  const first = names[0]!;

  const rest = speaking.replace(/[\p{P}\p{S}\d]+/gu, ' ');
  const words = rest.split(/\s+/).filter(Boolean);
  const nameWords = names.flatMap((n) =>
    n.text
      .replace(/[\p{P}\p{S}\d]+/gu, ' ')
      .split(/\s+/)
      .filter(Boolean),
  );
  const nonName = words.filter((w) => !nameWords.includes(w));
  // "GPT-4 by OpenAI" names one maker; "ChatGPT, Claude, Gemini" is a list, not an identity.
  const oneMaker = names.every((n) => n.maker === first.maker);
  if (oneMaker && words.length <= MAX_BARE_WORDS && nonName.every((w) => BARE_FILLER.test(w))) {
    return claim(answer, first, 'bare-name');
  }

  for (const name of names) {
    const lineStart = speaking.lastIndexOf('\n', name.start) + 1;
    const before = speaking.slice(Math.max(lineStart, name.start - 40), name.start);
    if (SELF_KEY.test(before)) return claim(answer, name, 'key-value', Math.max(lineStart, name.start - 40));
  }
  return null;
}

function claim(answer: string, name: ReturnType<typeof findNames>[number], rule: string, from = name.start): ClaimFound {
  const start = rule === 'key-value' ? from + (answer.slice(from, name.start).search(/\S/) || 0) : name.start;
  return {
    maker: name.maker,
    model: name.model,
    kind: 'identity',
    rule,
    start,
    end: name.end,
    evidence: evidenceText(answer, start, name.end),
  };
}
