import type { CalibrationRef, CompareResult } from '../analysis/index.js';
import { VERDICT_RULE, smallestSignFlipP, type Verdict, type VerdictRule } from '../score/index.js';
import { count, fixed, interval, pValue } from '../util/numbers.js';

/**
 * The report's plain-language sentences: what a verdict means, which conditions of the rule held, and
 * what the same-model test and the identity claims add. Every threshold is read from the rule the
 * result was judged by (the default, or a calibration's), so the words follow the rule when it changes.
 */

/** One sentence on what a verdict says about the pair, for a reader who has not seen the rule. */
export function verdictMeaning(
  verdict: Verdict,
  source: string,
  suspect: string,
  ci: readonly [number, number] | null = null,
  R: VerdictRule = VERDICT_RULE,
): string {
  switch (verdict) {
    case 'same-model':
      return `${suspect}'s answers could not be told apart from ${source}'s: they behave like the same model under another name`;
    case 'derived':
      return (
        `${suspect} and ${source} answer far more alike than either does with the reference models, ` +
        "which is what one model trained on the other's answers (or both on a common source) looks like"
      );
    case 'no-evidence':
      return ci !== null && ci[0] > 0
        ? `the two are somewhat closer than the reference models (the interval is above 0), but the interval stays below ` +
            `the derived threshold of ${fixed(R.derivedMinScore)}: by the rule that is no evidence of derivation, nor proof that they are unrelated`
        : `no evidence of derivation: the interval stays below the derived threshold of ${fixed(R.derivedMinScore)}, ` +
            'but the two were not shown to be unrelated either';
    case 'inconclusive':
      return `inconclusive: the evidence neither meets the rule for "derived" nor rules out a score of ${fixed(R.derivedMinScore)}`;
    case 'unrelated':
      return (
        `${suspect} is not shown to be any closer to ${source} than the reference models are, and the interval ` +
        `(upper end below ${fixed(R.unrelatedMaxUpper)}) rules out the derived threshold of ${fixed(R.derivedMinScore)}`
      );
  }
}

/** Whether a sign-flip p-value is the smallest the test's draws can give (it never reaches 0). */
export const atFloor = (p: number | null) => p !== null && p <= smallestSignFlipP() * (1 + 1e-9);

/** The rule in one sentence, and where its thresholds come from: the defaults, or a calibration file. */
export function ruleInBrief(R: VerdictRule = VERDICT_RULE, calibration: CalibrationRef | null = null): string {
  return (
    `The rule: "derived" needs a p-value below ${R.alpha}, a calibrated score of at least ${fixed(R.derivedMinScore)} and an interval ` +
    `whose lower end is at least ${fixed(R.derivedMinLower)}; "unrelated" needs a p-value of at least ${R.unrelatedMinPValue} and an ` +
    `interval whose upper end is below ${fixed(R.unrelatedMaxUpper)}; a pair that is neither is "no-evidence" when its interval stays ` +
    `below ${fixed(R.derivedMinScore)}, else "inconclusive". ${thresholdsOrigin(calibration)}`
  );
}

/** Where the rule's thresholds come from, in one or two sentences. */
export function thresholdsOrigin(calibration: CalibrationRef | null): string {
  if (!calibration) {
    return (
      "These thresholds are the tool's defaults, and provisional: they were set on 44 models (68 independent pairs, none of " +
      'them derived) and may change with more labelled pairs; the full rule is printed with every result.'
    );
  }
  const c = calibration;
  return (
    `The score thresholds come from the calibration file ${c.file} (sha256 ${c.sha256}), made on labelled pairs of the ` +
    `user's own: there, a score of at least ${fixed(c.threshold)} was reached by ${percent(c.tpr)} of the related pairs and by ` +
    `${percent(c.fpr)} or fewer of the independent ones (ROC-AUC ${fixed(c.auc, 3)}). The p-value and the conditions for "unrelated" are the tool's defaults.`
  );
}

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** What the evidence cannot show, whatever the verdict. */
export function limitations(source: string, suspect: string): string {
  return (
    `What this does not show: which model copied which. The score is symmetric — comparing ${source} with ${suspect} ` +
    `or ${suspect} with ${source} gives the same number — so a high score fits ${suspect} learning from ${source}, ` +
    `${source} learning from ${suspect}, or both learning from a common source; "source" and "suspect" only name the ` +
    'question asked. Identity claims alone prove nothing: a model can name another because its training text mentions it, ' +
    'or because the question led it there.'
  );
}

export interface RuleCheck {
  verdict: string;
  condition: string;
  value: string;
  met: boolean | null;
}

/** Each condition of the rule with the pair's value and whether it held: the verdict, checkable by hand. */
export function ruleChecks(
  c: Pick<CompareResult, 'score' | 'pValue' | 'ci' | 'sameModel' | 'probes'> & { testedProbes?: number },
  R: VerdictRule = VERDICT_RULE,
): RuleCheck[] {
  const known = (x: unknown) => x !== null && x !== undefined;
  const p = c.pValue;
  const lo = c.ci?.[0] ?? null;
  const hi = c.ci?.[1] ?? null;
  const check = (ok: boolean, ...values: unknown[]) => (values.every(known) ? ok : null);
  const tested = c.testedProbes ?? c.probes;
  const neededProbes = Math.max(R.sameModelMinProbes, Math.ceil(R.sameModelMinCoverage * tested));
  return [
    { verdict: 'derived', condition: `p-value below ${R.alpha}`, value: pValue(p), met: check((p ?? 1) < R.alpha, p) },
    {
      verdict: 'derived',
      condition: `calibrated score at least ${fixed(R.derivedMinScore)}`,
      value: fixed(c.score),
      met: check((c.score ?? -Infinity) >= R.derivedMinScore, c.score),
    },
    {
      verdict: 'derived',
      condition: `interval's lower end at least ${fixed(R.derivedMinLower)}`,
      value: interval(c.ci),
      met: check((lo ?? -Infinity) >= R.derivedMinLower, lo),
    },
    {
      verdict: 'same-model',
      condition: `derived, and a same-model test over at least ${R.sameModelMinProbes} probes and ${R.sameModelMinCoverage * 100}% of those compared (${neededProbes} here)`,
      value: c.sameModel ? `${c.sameModel.probes} of ${tested} probes` : 'not run',
      met: c.sameModel ? c.sameModel.probes >= neededProbes : false,
    },
    {
      verdict: 'same-model',
      condition: `that test finds no difference: its p-value at least ${R.sameModelMinPValue}`,
      value: c.sameModel ? pValue(c.sameModel.pValue) : 'not run',
      met: c.sameModel ? c.sameModel.pValue >= R.sameModelMinPValue : null,
    },
    {
      verdict: 'unrelated',
      condition: `p-value at least ${R.unrelatedMinPValue}`,
      value: pValue(p),
      met: check((p ?? 0) >= R.unrelatedMinPValue, p),
    },
    {
      verdict: 'unrelated',
      condition: `interval's upper end below ${fixed(R.unrelatedMaxUpper)} (derivation ruled out)`,
      value: fixed(hi),
      met: check((hi ?? Infinity) < R.unrelatedMaxUpper, hi),
    },
    {
      verdict: 'no-evidence',
      condition: `interval stays below ${fixed(R.derivedMinScore)} (the derived threshold not reached)`,
      value: fixed(hi),
      met: check((hi ?? Infinity) < R.derivedMinScore, hi),
    },
  ];
}

/** What the same-model test concluded and why it did or did not change the verdict. */
export function sameModelConclusion(c: CompareResult, testedProbes: number): string {
  const R = c.verdictRule;
  const neededProbes = Math.max(R.sameModelMinProbes, Math.ceil(R.sameModelMinCoverage * testedProbes));
  const coverage = `at least ${R.sameModelMinProbes} probes and ${R.sameModelMinCoverage * 100}% of the ${testedProbes} compared, so ${neededProbes}`;
  const t = c.sameModel;
  if (!t) {
    const effect =
      c.verdict === 'derived'
        ? ' The verdict therefore stays derived: sameness is only claimed where it was tested.'
        : ' It could only have mattered for a derived pair.';
    return (
      'Not run: the test needs several answers to the same probe from both models (collect them with run --samples N), ' +
      `on at least a few probes.${effect}`
    );
  }
  const differs = t.pValue < R.sameModelMinPValue;
  const finding = differs
    ? `p ${pValue(t.pValue)} is below ${R.sameModelMinPValue}: the two draw their answers from different distributions, so they are not the same model.`
    : `p ${pValue(t.pValue)} is at least ${R.sameModelMinPValue}: the test found no difference between the two models' answers.`;
  const head = `A kernel two-sample test (MMD) over the ${t.probes} probes where both models gave several answers. ${finding}`;
  if (c.verdict === 'same-model')
    return `${head} It covered enough of the battery (${coverage}), so the derived pair is called same-model.`;
  if (c.verdict !== 'derived') return `${head} It does not change the verdict: sameness is only considered for a pair that is derived.`;
  if (differs) return `${head} The verdict stays derived.`;
  return `${head} Yet the verdict stays derived because only ${t.probes} of ${testedProbes} probes had several samples (the rule needs ${coverage}).`;
}

/** What the makers the answers claim show: the source's own claim, the suspect's and the references' rates, and the test. */
export function claimsConclusion(c: CompareResult): string {
  const e = c.identityClaims;
  if (!e) return 'Claimed makers: not available, as the two models did not both answer the identity probes.';
  if (!e.sourceMaker) {
    return (
      `Claimed makers: ${c.source} names no maker the extractor knows when asked who it is, so there is no maker ` +
      `to look for in ${c.suspect}'s answers.`
    );
  }
  const rate = (n: { claims: number; answers: number }) => `${n.claims} of ${n.answers}`;
  const p = e.pValue === null ? '' : ` (one-sided Fisher exact test, p ${pValue(e.pValue)})`;
  const finding =
    e.pValue !== null && e.pValue < 0.01
      ? `${c.suspect} claims ${e.sourceMaker} as its own maker more often than the reference models do${p}.`
      : `${c.suspect} does not claim ${e.sourceMaker} more often than the reference models do in a way chance would not explain${p}.`;
  return (
    `Claimed makers: asked who it is, ${c.source} claims ${e.sourceMaker} in ${rate(e.source)} answers; ${c.suspect} does in ` +
    `${rate(e.suspect)}, the ${count(e.references.models, 'reference model')} in ${rate(e.references)} together. ${finding} A student trained on ` +
    "a model's answers often repeats its maker's name, but the claim alone proves nothing, and it never changes the verdict."
  );
}

/** What the identity answers show, and that they never change the verdict. */
export function identityConclusion(c: CompareResult): string {
  const id = c.identity;
  if (!id)
    return 'Not available: the two models did not both answer the identity probes (questions such as "Who made you?"). Identity claims never change the verdict.';
  if (id.sourceNames.length === 0) {
    return (
      `${c.source} uses no name for itself that the reference models do not also use, so there is nothing distinctive to look for in ` +
      `${c.suspect}'s answers. Identity claims never change the verdict.`
    );
  }
  const names = id.sourceNames.join(', ');
  const finding =
    id.naming === 0
      ? `${c.suspect} never gives them in its ${id.suspectAnswers} answers to identity probes.`
      : `${c.suspect} gives one of them in ${id.naming} of its ${id.suspectAnswers} answers to identity probes.`;
  const weight =
    id.naming === 0
      ? 'Their absence does not clear it: a model can be trained to give its own name.'
      : "That is consistent with training on the source's answers, but a claim alone proves nothing: the name may come from text about the source.";
  return `${c.source} calls itself by names the reference models do not use: ${names}. ${finding} ${weight} Identity claims are shown beside the scores and never change the verdict.`;
}

export interface GlossaryEntry {
  term: string;
  meaning: string;
}

/** The terms a report uses, in plain words. */
export function glossary(references: readonly string[], R: VerdictRule = VERDICT_RULE): GlossaryEntry[] {
  const shown = references.length > 8 ? `${references.slice(0, 8).join(', ')} and ${references.length - 8} more` : references.join(', ');
  return [
    {
      term: 'probe',
      meaning: 'One prompt of the test battery, sent to every model. Only the probes both models answered are compared.',
    },
    {
      term: 'reference model',
      meaning:
        'Another model in the store, used as the background: it shows how alike models that are not related to the pair answer the same probes' +
        (shown ? ` (here: ${shown}).` : '.'),
    },
    {
      term: 'raw cosine',
      meaning:
        "The plain similarity of the two models' answers to the same prompt, from −1 to 1 (1 = the same wording and layout), averaged over views and probes. " +
        'Models that share a common house style score high on it without being related, which is why the verdict does not use it.',
    },
    {
      term: 'calibrated score',
      meaning:
        "How far the pair's similarity stands above the similarities each of the two has with the reference models, in standard deviations. " +
        'Each similarity is an average over the probes that leaves out the tenth where the two models are most alike and the tenth where they are least alike, ' +
        'so that a few identical one-line answers cannot decide it. ' +
        `0 means no closer than a typical reference pair; ${fixed(R.derivedMinScore)} and above is where "derived" begins; it is not a probability and has no upper limit.`,
    },
    {
      term: 'p-value',
      meaning:
        'The chance of seeing the pair this much closer than the references if, in truth, it were not closer at all ' +
        '(a permutation test over probes, on the same trimmed average the score takes). ' +
        `A small value (below ${R.alpha}) says chance is an unlikely explanation; it is not the chance that the verdict is wrong.`,
    },
    {
      term: 'interval',
      meaning:
        'The 95% interval of the calibrated score: the range it would likely fall in with another draw of probes (bootstrap). ' +
        `A lower end above 0 says the pair is closer than the references; an upper end below ${fixed(R.derivedMinScore)} rules out a derived-level score.`,
    },
    {
      term: 'view',
      meaning:
        'How answers are turned into numbers before comparing. The built-in "style" embedding has five views, combined for the score and also shown one by one: ' +
        'character sequences (of the text as written, and with every word but the function words masked), syntax (the function words and punctuation, with every other word masked), opening and closing phrases, layout (headers, lists, length), and the shape of the text (its punctuation, ' +
        'markup and line breaks, with the words left out); a semantic view (minilm) looks at meaning.',
    },
  ];
}
