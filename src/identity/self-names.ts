/**
 * Identity claims: does the suspect, asked who it is, give the source's name or maker? Students
 * trained on a teacher's answers often do. Pure text evidence, beside the vector scores.
 *
 * A source's self-names are the name-like tokens (capitalised, or mixing letters and digits: Orion,
 * Acme, GPT-4, ChatGPT) that appear in at least MIN_SOURCE_SHARE of its own answers to identity
 * probes and in the identity answers of at most one reference model — so words every assistant says
 * ("I'm", "AI") never count.
 */
/** Probe categories starting with this hold the identity questions (identity, identity-adversarial, …). */
export const IDENTITY_CATEGORY_PREFIX = 'identity';
const MIN_SOURCE_SHARE = 0.3;
const MAX_REFERENCES_USING = 1;
const NAME_TOKEN = /[\p{Lu}][\p{L}\p{N}]*(?:[-.][\p{L}\p{N}]+)*|[\p{L}]+[-]?\p{N}+[\p{L}\p{N}.]*/gu;

export interface IdentityAnswers {
  /** Answers to identity probes, one string each (all samples). */
  answers: readonly string[];
}

export interface IdentityClaims {
  /** Names the source uses for itself and that the references do not. */
  sourceNames: string[];
  /** The suspect's answers to identity probes. */
  suspectAnswers: number;
  /** How many of them contain one of the source's names. */
  naming: number;
  /** Which of the source's names the suspect used, with counts. */
  namesUsed: Record<string, number>;
  /** Up to three of the suspect's answers that name the source, shortened. */
  examples: string[];
}

/** A capital after a sentence break ("How can I help?") says nothing; one mid-sentence ("I'm Orion") does. */
const SENTENCE_START = /(^|[.!?。！？:;\n])(?:[\s*_#>"'“(-]|\p{Extended_Pictographic}|\uFE0F)*$/u;
/** ChatGPT, OpenAI, GPT-4: an inner capital or a digit marks a name wherever it stands. */
const ALWAYS_A_NAME = /^.+\p{Lu}|\p{N}/u;

function nameTokens(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(NAME_TOKEN)) {
    const token = match[0];
    if (token.length < 3) continue;
    if (!ALWAYS_A_NAME.test(token) && SENTENCE_START.test(text.slice(Math.max(0, match.index - 12), match.index))) continue;
    names.add(token.toLowerCase());
  }
  return names;
}

const share = (answers: readonly string[], name: string) =>
  answers.length === 0 ? 0 : answers.filter((a) => nameTokens(a).has(name)).length / answers.length;

export function identityClaims(
  source: IdentityAnswers,
  suspect: IdentityAnswers,
  references: readonly IdentityAnswers[],
): IdentityClaims | null {
  if (source.answers.length === 0 || suspect.answers.length === 0) return null;
  const candidates = new Set<string>();
  for (const answer of source.answers) for (const token of nameTokens(answer)) candidates.add(token);
  const sourceNames = [...candidates]
    .filter((name) => share(source.answers, name) >= MIN_SOURCE_SHARE)
    .filter((name) => references.filter((r) => r.answers.some((a) => nameTokens(a).has(name))).length <= MAX_REFERENCES_USING)
    .sort();

  const namesUsed: Record<string, number> = {};
  const examples: string[] = [];
  let naming = 0;
  for (const answer of suspect.answers) {
    const tokens = nameTokens(answer);
    const used = sourceNames.filter((name) => tokens.has(name));
    if (used.length === 0) continue;
    naming++;
    for (const name of used) namesUsed[name] = (namesUsed[name] ?? 0) + 1;
    if (examples.length < 3) examples.push(answer.replace(/\s+/g, ' ').slice(0, 160));
  }
  return { sourceNames, suspectAnswers: suspect.answers.length, naming, namesUsed, examples };
}
