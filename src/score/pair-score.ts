import { calibratedScore } from './calibrate.js';
import { pairCount, pairIndex, pairSeries, seriesMean, type SimilarityTable } from './similarity-table.js';
import { trimmedSeriesMean } from './trimmed-mean.js';

export interface PairScore {
  /** Calibrated score: how many standard deviations the pair's similarity stands above its references'. */
  score: number | null;
  /** Mean plain cosine between the two models' answers (over views and probes), before any standardisation. */
  raw: number | null;
  /** Standardised similarity F, the trimmed mean over probes of f_p (the quantity the calibration compares). */
  similarity: number | null;
  probes: number;
}

export interface ViewScore extends PairScore {
  view: string;
  embedder: string;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** Scores of pairs read from a similarity table; each pair's F over all probes is computed once and kept. */
export class PairScorer {
  private readonly means: Array<{ mean: number; probes: number } | undefined>;

  constructor(readonly table: SimilarityTable) {
    this.means = new Array(pairCount(table.models.length));
  }

  /** F(a,b) and the number of probes it averages (all shared probes, or those `filter` keeps). */
  similarity(a: number, b: number, filter?: (probe: number) => boolean): { mean: number; probes: number } {
    if (filter) return trimmedSeriesMean(pairSeries(this.table, a, b), filter);
    const k = pairIndex(this.table.models.length, a, b);
    this.means[k] ??= trimmedSeriesMean(pairSeries(this.table, a, b));
    return this.means[k];
  }

  /** The calibrated score of (a, b) against the references, with its raw and standardised similarities. */
  score(a: number, b: number, references: readonly number[], filter?: (probe: number) => boolean): PairScore {
    const pair = this.similarity(a, b, filter);
    return {
      score: calibratedScore((i, j) => this.similarity(i, j, filter).mean, a, b, references),
      raw: finite(seriesMean(pairSeries(this.table, a, b, 'raw'), filter).mean),
      similarity: finite(pair.mean),
      probes: pair.probes,
    };
  }

  /**
   * The pair's score in each view on its own (all probes): which kinds of habit the two share. Read from
   * each view's trimmed mean over the probes (the average F takes), the per-view figure the table keeps:
   * a description beside the score, not the score.
   */
  viewScores(a: number, b: number, references: readonly number[]): ViewScore[] {
    const n = this.table.models.length;
    const V = this.table.views.length;
    const probes = this.similarity(a, b).probes;
    return this.table.views.map((ref, v) => {
      const mean = (i: number, j: number) => (i === j ? NaN : this.table.viewMeans[pairIndex(n, i, j) * V + v]!);
      return {
        ...ref,
        score: calibratedScore(mean, a, b, references),
        raw: null,
        similarity: finite(mean(a, b)),
        probes,
      };
    });
  }
}
