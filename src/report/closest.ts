/**
 * Which of the probes where the suspect is closest to the source are worth reading. The closest probes
 * by score are often ones every competent model answers the same way ("x = 8", "C", "Electronics"):
 * true, but no evidence. A probe is skipped when
 * - the source's or the suspect's answer is shorter than `minWords` words (little room for habits), or
 * - the suspect's answer is near-identical (at least `nearIdentical` of its words shared, Jaccard) to the
 *   answers of at least `sharedBy` of the reference models: an answer most models give.
 */
export interface ClosestProbeRule {
  /** Probes to show. */
  show: number;
  minWords: number;
  nearIdentical: number;
  sharedBy: number;
}

export const CLOSEST_PROBE_RULE: Readonly<ClosestProbeRule> = { show: 5, minWords: 8, nearIdentical: 0.8, sharedBy: 0.5 };

export interface ProbeAnswers {
  source: string;
  suspect: string;
  /** The first answer of each reference model that answered, by model. */
  references: ReadonlyMap<string, string>;
}

export interface ClosestProbeSelection {
  /** Closest probes looked at, most similar first. */
  candidates: number;
  /** Skipped because an answer was too short. */
  tooShort: number;
  /** Skipped because most references answer near-identically. */
  common: number;
  rule: Readonly<ClosestProbeRule>;
}

const WORD = /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|[\p{L}\p{N}]+/gu;

/** Words of a text; each Chinese or Japanese character counts as one, as those scripts do not space words. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []) as string[];
}

/** Share of distinct words two texts have in common (Jaccard); 1 for two texts without words. */
export function wordOverlap(a: string, b: string): number {
  const x = new Set(words(a));
  const y = new Set(words(b));
  if (x.size === 0 && y.size === 0) return 1;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}

export type SkipReason = 'too-short' | 'common' | null;

export function skipReason(answers: ProbeAnswers, rule: Readonly<ClosestProbeRule> = CLOSEST_PROBE_RULE): SkipReason {
  if (words(answers.suspect).length < rule.minWords || words(answers.source).length < rule.minWords) return 'too-short';
  const references = [...answers.references.values()];
  const alike = references.filter((text) => wordOverlap(answers.suspect, text) >= rule.nearIdentical).length;
  if (references.length > 0 && alike >= Math.max(1, rule.sharedBy * references.length)) return 'common';
  return null;
}

/** Keeps the first `rule.show` candidates worth reading, in order, and counts what was skipped and why. */
export function selectClosest<T>(
  candidates: readonly T[],
  answersOf: (candidate: T) => ProbeAnswers,
  rule: Readonly<ClosestProbeRule> = CLOSEST_PROBE_RULE,
): { chosen: Array<{ candidate: T; answers: ProbeAnswers }>; selection: ClosestProbeSelection } {
  const chosen: Array<{ candidate: T; answers: ProbeAnswers }> = [];
  const selection: ClosestProbeSelection = { candidates: 0, tooShort: 0, common: 0, rule };
  for (const candidate of candidates) {
    if (chosen.length >= rule.show) break;
    selection.candidates++;
    const answers = answersOf(candidate);
    const reason = skipReason(answers, rule);
    if (reason === 'too-short') selection.tooShort++;
    else if (reason === 'common') selection.common++;
    else chosen.push({ candidate, answers });
  }
  return { chosen, selection };
}
