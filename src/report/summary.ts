import type { RankResult } from '../analysis/index.js';
import { count, fixed, interval, pValue } from '../util/numbers.js';
import type { EvidenceReport } from './evidence-report.js';
import { atFloor, limitations, ruleInBrief, verdictMeaning } from './wording.js';
import { SIGN_FLIPS } from '../score/index.js';

/**
 * The summary that opens every report, in every format: what was compared and on how much, the verdict
 * in words, what the score means in numbers a reader can hold, the rule and that it is provisional,
 * and what the evidence does not show.
 */
export function pairSummary(report: Omit<EvidenceReport, 'summary'>): string {
  const c = report.comparison;
  const sentences = [
    `${c.suspect} was compared with ${c.source} on ${count(c.probes, 'probe')} both models answered, against ` +
      `${count(c.references.length, 'reference model')} (${c.embedder} view).`,
    `Verdict: ${c.verdict} — ${verdictMeaning(c.verdict, c.source, c.suspect, c.ci, c.verdictRule)}.`,
    scoreInNumbers(report),
    ruleInBrief(c.verdictRule, c.calibration),
    limitations(c.source, c.suspect),
  ];
  return sentences.filter(Boolean).join(' ');
}

function scoreInNumbers(report: Omit<EvidenceReport, 'summary'>): string {
  const c = report.comparison;
  if (c.score === null) return `There is no calibrated score: ${c.whyNoScore ?? 'it could not be computed'}.`;
  const parts = [
    `The calibrated score is ${fixed(c.score)} (95% interval ${interval(c.ci)}), where 0 means no closer than a typical pair of reference models.`,
  ];
  const pop = report.population;
  if (pop) {
    const reach = (n: number) => (n === 0 ? 'none reaches it' : n === 1 ? '1 reaches it' : `${n} reach it`);
    let text = `Of the ${count(pop.pairs.length, 'other pair')} of models in this store, ${reach(pop.reaching)}`;
    if (pop.highest) text += ` (the highest scores ${fixed(pop.highest.score)})`;
    const independent = pop.labelled?.independent;
    if (independent && independent.total > 0) {
      text += `; of the ${count(independent.total, 'pair')} labelled independent, ${reach(independent.reaching)}`;
    }
    parts.push(`${text}.`);
  }
  if (c.pValue !== null) {
    parts.push(
      `The p-value, ${pValue(c.pValue)}, is the chance of the pair standing out this much if it were, in truth, no closer than the references` +
        `${atFloor(c.pValue) ? ` (the smallest value the test can give with ${SIGN_FLIPS.toLocaleString('en-US')} random draws: the true chance is at most this)` : ''}.`,
    );
  }
  return parts.join(' ');
}

/** The summary of a case report: the ranking of candidate sources, then what the top pair's evidence is. */
export function caseSummary(ranking: RankResult, top: EvidenceReport | null): string {
  const n = ranking.ranking.length;
  const scored = ranking.ranking.filter((r) => r.score !== null);
  const first = scored[0];
  const sentences = [
    `Each of the ${count(n, 'other model')} in the store was compared with ${ranking.suspect} as its possible source (${ranking.embedder} view).`,
  ];
  if (!first) {
    sentences.push(`None of them has a calibrated score: ${ranking.ranking[0]?.whyNoScore ?? 'there are too few models'}.`);
    return sentences.join(' ');
  }
  sentences.push(
    `The most likely source is ${first.model}, the candidate the views agree on most (each view ranks the candidates by its own score; ` +
      `its mean rank ${fixed(first.viewRank, 1)}): calibrated score ${fixed(first.score)} (95% interval ${interval(first.ci)}), p ${pValue(first.pValue)} ` +
      `after correcting for trying ${count(n, 'candidate')} (Holm), verdict ${first.verdict} — ${verdictMeaning(first.verdict, first.model, ranking.suspect, first.ci, ranking.verdictRule)}.`,
  );
  const next = scored.slice(1, 3).map((r) => `${r.model} (${fixed(r.score)})`);
  if (next.length) sentences.push(`Next come ${next.join(' and ')}.`);
  const derived = scored.filter((r) => r.verdict === 'derived' || r.verdict === 'same-model');
  if (derived.length === 0) sentences.push('None of the candidates meets the rule for "derived".');
  else if (derived.length > 1) sentences.push(`${derived.length} candidates meet it: ${derived.map((r) => r.model).join(', ')}.`);
  if (top) {
    sentences.push(
      `The evidence on ${first.model} and ${ranking.suspect} follows; its p-value is for that pair alone, not corrected for the other candidates.`,
    );
  }
  sentences.push(ruleInBrief(ranking.verdictRule, ranking.calibration), limitations(first.model, ranking.suspect));
  return sentences.join(' ');
}
