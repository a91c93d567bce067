import type { EvidenceReport } from '../report/index.js';
import { verdictMeaning } from '../report/index.js';
import { count, fixed, interval } from '../util/numbers.js';

/** One paragraph on what the demo's verdict means, in numbers a newcomer can hold. */
export function demoExplanation(report: EvidenceReport): string {
  const c = report.comparison;
  const meaning = verdictMeaning(c.verdict, c.source, c.suspect, c.ci);
  const sentences = [`In words: ${meaning}.`];
  if (c.score !== null) {
    let score =
      `The calibrated score, ${fixed(c.score, 1)} (95% interval ${interval(c.ci, 1)}), counts how many standard deviations the pair stands ` +
      'above the background of the reference models (0 = no closer than a typical pair)';
    const pop = report.population;
    if (pop?.pairs.length) {
      const reach = pop.reaching === 0 ? 'none' : String(pop.reaching);
      score += `; ${reach} of the ${count(pop.pairs.length, 'other pair')} reach${pop.reaching <= 1 ? 'es' : ''} it (the highest scores ${fixed(pop.highest!.score, 1)})`;
    }
    sentences.push(`${score}.`);
  }
  sentences.push(
    `The score cannot tell who copied whom: here ${c.suspect} was built from ${c.source}'s answers, but the number would be the same the other way round.`,
  );
  return sentences.join(' ');
}
