import { MIN_REFERENCES } from '../score/index.js';
import type { Population } from './population.js';
import type { Scoring } from './views.js';

/**
 * One line saying why pair (a, b) has no calibrated score: no shared probes, too few references that
 * share probes with the pair (none at all in a store of two models), shared probes that no other model
 * answered, or references that are all equally close.
 */
export function whyNoScore(scoring: Pick<Scoring, 'scorer' | 'sharedProbes'>, population: Population, a: number, b: number): string {
  const { scorer } = scoring;
  const name = (i: number) => population.names[i]!;
  const shared = scoring.sharedProbes(a, b);
  if (shared === 0) return `${name(a)} and ${name(b)} answered no probe in common`;
  const usable = population.references.filter(
    (x) => x !== a && x !== b && (scorer.similarity(a, x).probes > 0 || scorer.similarity(b, x).probes > 0),
  ).length;
  if (usable < MIN_REFERENCES) {
    return (
      `calibration needs at least ${MIN_REFERENCES} reference models besides the pair that share probes with it; ` +
      `${usable === 0 ? 'there is none' : `there ${usable === 1 ? 'is' : 'are'} only ${usable}`}`
    );
  }
  if (scorer.similarity(a, b).probes === 0) {
    return `no other model answered the ${shared === 1 ? 'probe' : `${shared} probes`} ${name(a)} and ${name(b)} share, so there is nothing to compare their similarity with`;
  }
  return 'the reference models are all equally close to the pair, so there is no spread to calibrate against';
}
