import type { ScoringSpace } from './space.js';
import { dot } from './vector-math.js';

export interface PairMean {
  /** Mean centred similarity over the probes both models answered (NaN when none). */
  centred: number;
  /** Mean plain cosine over the same probes. */
  raw: number;
  probes: number;
}

interface PerProbe {
  centred: Float32Array;
  raw: Float32Array;
}

/**
 * Per-probe similarities of model pairs, the one place where answers are compared: each pair's values
 * are computed once, either on demand (a comparison needs only the pairs involving its two models)
 * or all at once (a matrix or ranking needs every pair). A probe counts for a pair when both models
 * have a centred vector for it; elsewhere the value is NaN.
 */
export class PairSimilarities {
  private readonly pairs = new Map<number, PerProbe>();
  private readonly means = new Map<number, PairMean>();

  constructor(readonly space: ScoringSpace) {}

  private key(a: number, b: number): number {
    return Math.min(a, b) * this.space.models.length + Math.max(a, b);
  }

  private empty(): PerProbe {
    const n = this.space.probes.length;
    return { centred: new Float32Array(n).fill(NaN), raw: new Float32Array(n).fill(NaN) };
  }

  /** Centred and raw similarity per probe index. */
  perProbe(a: number, b: number): PerProbe {
    const key = this.key(a, b);
    let values = this.pairs.get(key);
    if (!values) {
      values = this.empty();
      const { centred, raw } = this.space;
      for (let p = 0; p < values.centred.length; p++) {
        const u = centred[a]![p];
        const v = centred[b]![p];
        if (!u || !v) continue;
        values.centred[p] = dot(u, v);
        values.raw[p] = dot(raw[a]![p]!, raw[b]![p]!);
      }
      this.pairs.set(key, values);
    }
    return values;
  }

  /**
   * Every pair at once, probe by probe, so that one probe's vectors (models × dimension) stay in cache
   * while all pairs are formed; pair by pair would stream every vector through memory once per pair.
   */
  computeAll(): void {
    const n = this.space.models.length;
    // Flat and packed (null, never holes) so the inner loop stays monomorphic: targets[i * n + j], i < j.
    const centredTargets: Array<Float32Array | null> = new Array<Float32Array | null>(n * n).fill(null);
    const rawTargets: Array<Float32Array | null> = new Array<Float32Array | null>(n * n).fill(null);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (this.pairs.has(this.key(i, j))) continue;
        const values = this.empty();
        centredTargets[i * n + j] = values.centred;
        rawTargets[i * n + j] = values.raw;
        this.pairs.set(this.key(i, j), values);
      }
    }
    const { centred, raw } = this.space;
    for (let p = 0; p < this.space.probes.length; p++) {
      for (let i = 0; i < n; i++) {
        const u = centred[i]![p];
        if (!u) continue;
        const r = raw[i]![p]!;
        for (let j = i + 1; j < n; j++) {
          const target = centredTargets[i * n + j]!;
          const v = centred[j]![p];
          if (target === null || !v) continue;
          target[p] = dot(u, v);
          rawTargets[i * n + j]![p] = dot(r, raw[j]![p]!);
        }
      }
    }
  }

  /** Means over the probes both answered and `filter` keeps; kept for reuse when there is no filter. */
  mean(a: number, b: number, filter?: (probe: number) => boolean): PairMean {
    const key = this.key(a, b);
    const known = filter ? undefined : this.means.get(key);
    if (known) return known;
    const { centred, raw } = this.perProbe(a, b);
    let c = 0;
    let r = 0;
    let count = 0;
    for (let p = 0; p < centred.length; p++) {
      if (Number.isNaN(centred[p]!) || (filter && !filter(p))) continue;
      c += centred[p]!;
      r += raw[p]!;
      count++;
    }
    const result = count === 0 ? { centred: NaN, raw: NaN, probes: 0 } : { centred: c / count, raw: r / count, probes: count };
    if (!filter) this.means.set(key, result);
    return result;
  }
}
