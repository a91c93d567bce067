import { MIN_REFERENCES } from './calibrate.js';
import { bootstrapScoreIntervals, excessSeries, verdictFor, VERDICT_RULE, type Verdict, type VerdictRule } from './evidence.js';
import type { PairScorer, PairScore } from './pair-score.js';
import { holmAdjust, signFlipPValue } from './statistics.js';

/**
 * "Which of these candidates is the source of this suspect?" — with the right to answer "none".
 *
 * 1. Every candidate c gets the statistics of the pair (c, suspect): calibrated score, sign-flip p
 *    (Holm-adjusted over the candidates), bootstrap interval, and a verdict by the rule compare uses.
 * 2. The candidates are ordered by the views' consensus: each view (a block of the style embedding, a
 *    transformers.js model) ranks them by its own calibrated score, and the candidate with the best
 *    mean rank comes first, the calibrated score breaking ties. A candidate every view puts near the
 *    top beats one that some views lift and another sinks: on alpaca-bench the labelled teacher came
 *    first more often than by the fused score alone (124 against 105 of 240 students over 30 random
 *    halves of the prompts; bench/scorer-variants.md).
 * 3. No candidate `derived` (or `same-model`) → `none`: nothing stands out from the references.
 * 4. Otherwise the first derived candidate in that order is tested against every other candidate on the
 *    per-probe difference of their excesses (the suspect's own background cancels), one-sided
 *    sign-flip, Holm over the others. Candidates not significantly behind it share the answer: `single`
 *    when it stands alone, `set` when the battery cannot tell several apart (two snapshots of one model, say).
 */
export interface CandidateEvidence extends PairScore {
  candidate: number;
  /** Holm-adjusted over the candidates. */
  pValue: number | null;
  pValueUnadjusted: number | null;
  ci: [number, number] | null;
  verdict: Verdict;
  /**
   * The candidate's mean rank over the views, each ranking the candidates by its own calibrated score
   * (1 = first in every view): the order of the ranking. Null when no view scores it.
   */
  viewRank: number | null;
  /** Holm-adjusted p of "the best candidate is closer than this one"; null for the best and untested candidates. */
  pBehindBest: number | null;
  testedProbes: number;
}

export interface Attribution {
  answer: 'none' | 'single' | 'set';
  /** The candidates in the answer: none, one, or several that cannot be told apart, best first. */
  sources: number[];
  best: number | null;
  /** The candidate after the best in the ranking (derived or not). */
  runnerUp: number | null;
  /**
   * Score of the best candidate minus the runner-up's. It can be negative: the ranking follows the
   * views' consensus, and a runner-up that one view lifts can have the higher fused score.
   */
  margin: number | null;
  /** Every candidate, most likely first (by view consensus, then score). */
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
  const viewRanks = meanViewRanks(
    pool.map((c) => scorer.viewScores(c, suspect, references).map((v) => v.score)),
    table.views.length,
  );
  const results: CandidateEvidence[] = scored.map((x, i) => {
    const pValue = Number.isNaN(adjusted[i]!) ? null : adjusted[i]!;
    return {
      candidate: x.c,
      ...x.score,
      pValue,
      pValueUnadjusted: x.evidence.pValue,
      ci: x.evidence.ci,
      verdict: verdictFor(x.score.score, { ...x.evidence, pValue }, options.sameModel?.(x.c) ?? null, rule),
      viewRank: viewRanks[i]!,
      pBehindBest: null,
      testedProbes: x.evidence.testedProbes,
    };
  });
  results.sort(
    (x, y) =>
      (x.viewRank ?? Infinity) - (y.viewRank ?? Infinity) ||
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

/**
 * Each candidate's mean rank over the views (scores[candidate][view], null where a view gives none):
 * in each view the candidates are ranked by score, best first, ties sharing the mean of their places,
 * and a candidate without a score in a view placed after every scored one. Null for a candidate no view
 * scores.
 */
export function meanViewRanks(scores: ReadonlyArray<ReadonlyArray<number | null>>, views: number): Array<number | null> {
  const total = scores.map(() => 0);
  const scoredIn = scores.map(() => 0);
  let ranking = 0; // views that score any candidate
  for (let v = 0; v < views; v++) {
    const scored = scores.map((row, i) => ({ i, s: row[v] ?? null })).filter((x): x is { i: number; s: number } => x.s !== null);
    if (scored.length === 0) continue;
    ranking++;
    scored.sort((x, y) => y.s - x.s);
    for (let at = 0; at < scored.length; ) {
      let end = at + 1;
      while (end < scored.length && scored[end]!.s === scored[at]!.s) end++;
      const place = (at + 1 + end) / 2; // mean of the places at+1 … end
      for (let k = at; k < end; k++) {
        total[scored[k]!.i]! += place;
        scoredIn[scored[k]!.i]!++;
      }
      at = end;
    }
    const unscored = (scored.length + 1 + scores.length) / 2;
    for (let i = 0; i < scores.length; i++) if ((scores[i]![v] ?? null) === null) total[i]! += unscored;
  }
  return total.map((t, i) => (scoredIn[i]! > 0 ? t / ranking : null));
}
