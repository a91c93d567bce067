import { MIN_REFERENCES } from './calibrate.js';
import { bootstrapScoreIntervals, excessSeries, verdictFor, VERDICT_RULE, type Verdict, type VerdictRule } from './evidence.js';
import type { PairScorer, PairScore } from './pair-score.js';
import { holmAdjust, signFlipPValue } from './statistics.js';

/**
 * "Which of these candidates is the source of this suspect?" — with the right to answer "none".
 *
 * 1. Every candidate c gets the statistics of the pair (c, suspect): calibrated score, sign-flip p
 *    (Holm-adjusted over the candidates), bootstrap interval, and a verdict by the rule compare uses.
 * 2. No candidate `derived` (or `same-model`) → `none`: nothing stands out from the references.
 * 3. Otherwise the best derived candidate is tested against every other candidate on the per-probe
 *    difference of their excesses (the suspect's own background cancels), one-sided sign-flip, Holm
 *    over the others. Candidates not significantly behind the best share the answer: `single` when the
 *    best stands alone, `set` when the battery cannot tell several apart (two snapshots of one model, say).
 */
export interface CandidateEvidence extends PairScore {
  candidate: number;
  /** Holm-adjusted over the candidates. */
  pValue: number | null;
  pValueUnadjusted: number | null;
  ci: [number, number] | null;
  verdict: Verdict;
  /** Holm-adjusted p of "the best candidate is closer than this one"; null for the best and untested candidates. */
  pBehindBest: number | null;
  testedProbes: number;
}

export interface Attribution {
  answer: 'none' | 'single' | 'set';
  /** The candidates in the answer: none, one, or several that cannot be told apart, best first. */
  sources: number[];
  best: number | null;
  runnerUp: number | null;
  /** Score of the best candidate minus the runner-up's (the runner-up by score, derived or not). */
  margin: number | null;
  /** Every candidate, best score first. */
  candidates: CandidateEvidence[];
}

export interface AttributionOptions {
  rule?: VerdictRule;
  bootstrap?: number;
  permutations?: number;
  /** The same-model test of a candidate and the suspect, where it can be run. */
  sameModel?: (candidate: number) => Parameters<typeof verdictFor>[2];
}

export function attribute(
  scorer: PairScorer,
  suspect: number,
  candidates: readonly number[],
  references: readonly number[],
  options: AttributionOptions = {},
): Attribution {
  const rule = options.rule ?? VERDICT_RULE;
  const table = scorer.table;
  const pool = candidates.filter((c) => c !== suspect);
  // Each candidate's p-value reads its own excess series; the intervals share one set of bootstrap
  // draws over the probes any candidate was tested on, so series common to several candidates (the
  // suspect against each reference) are averaged once per draw.
  const series = pool.map((c) => excessSeries(table, c, suspect, references));
  const tested = [...new Set(series.flatMap((x) => x.probes))].sort((x, y) => x - y);
  const intervals = bootstrapScoreIntervals(
    table,
    pool.map((c) => [c, suspect] as const),
    references,
    tested,
    options.bootstrap ?? 200,
  );
  const scored = pool.map((c, i) => {
    const { probes, excess } = series[i]!;
    const usable = probes.length > 0 && references.filter((x) => x !== c && x !== suspect).length >= MIN_REFERENCES;
    const evidence = {
      pValue: usable ? signFlipPValue(excess, options.permutations) : null,
      ci: usable ? intervals[i]! : null,
      testedProbes: probes.length,
    };
    return { c, score: scorer.score(c, suspect, references), evidence, excess: new Map(probes.map((p, k) => [p, excess[k]!])) };
  });
  const adjusted = holmAdjust(scored.map((x) => x.evidence.pValue ?? NaN));
  const results: CandidateEvidence[] = scored.map((x, i) => {
    const pValue = Number.isNaN(adjusted[i]!) ? null : adjusted[i]!;
    return {
      candidate: x.c,
      ...x.score,
      pValue,
      pValueUnadjusted: x.evidence.pValue,
      ci: x.evidence.ci,
      verdict: verdictFor(x.score.score, { ...x.evidence, pValue }, options.sameModel?.(x.c) ?? null, rule),
      pBehindBest: null,
      testedProbes: x.evidence.testedProbes,
    };
  });
  results.sort(
    (x, y) =>
      (y.score ?? -Infinity) - (x.score ?? -Infinity) ||
      (y.similarity ?? -Infinity) - (x.similarity ?? -Infinity) ||
      x.candidate - y.candidate,
  );
  const marginOf = (best: CandidateEvidence | undefined, runner: CandidateEvidence | undefined) =>
    best && runner && best.score !== null && runner.score !== null ? best.score - runner.score : null;

  const best = results.find((r) => r.verdict === 'derived' || r.verdict === 'same-model');
  if (!best) {
    return { answer: 'none', sources: [], best: null, runnerUp: null, margin: marginOf(results[0], results[1]), candidates: results };
  }
  const others = results.filter((r) => r !== best);
  const excessOf = new Map(scored.map((x) => [x.c, x.excess]));
  const bestExcess = excessOf.get(best.candidate)!;
  const behind = others.map((o) => {
    const theirs = excessOf.get(o.candidate)!;
    const difference: number[] = [];
    for (const [p, x] of bestExcess) {
      const y = theirs.get(p);
      if (y !== undefined) difference.push(x - y);
    }
    return difference.length ? signFlipPValue(difference, options.permutations) : NaN;
  });
  const behindAdjusted = holmAdjust(behind);
  others.forEach((o, i) => (o.pBehindBest = Number.isNaN(behindAdjusted[i]!) ? null : behindAdjusted[i]!));
  const tied = others.filter((o) => o.pBehindBest === null || o.pBehindBest >= rule.alpha).map((o) => o.candidate);
  const runner = others[0];
  return {
    answer: tied.length === 0 ? 'single' : 'set',
    sources: [best.candidate, ...tied],
    best: best.candidate,
    runnerUp: runner?.candidate ?? null,
    margin: marginOf(best, runner),
    candidates: results,
  };
}
