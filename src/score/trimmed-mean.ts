/**
 * How a pair's per-probe similarities become one number: a 10% trimmed mean, the lowest and the
 * highest tenth of the probes left out. A plain mean lets a few probes decide too much — two unrelated
 * models that give the same one-line answer or the same code to a handful of prompts, a derived model
 * that goes its own way on a few — and a trimmed mean is the usual robust estimate of a location that
 * keeps most of a mean's efficiency. On alpaca-bench it raised every measure, on both halves of the
 * prompts and with models left out, at any trim from 10% to 25% (bench/scorer-variants.md); 10% keeps
 * the bootstrap's walks along the tails shortest.
 */
export const TRIM = 0.1;

/** How many values are left out at each end of n. */
export const trimmedAtEachEnd = (n: number): number => Math.floor(TRIM * n);

/** The trimmed mean of a series over the probes it has a value for (and `filter` keeps); NaN when none. */
export function trimmedSeriesMean(series: ArrayLike<number>, filter?: (probe: number) => boolean): { mean: number; probes: number } {
  const values = new Float64Array(series.length);
  let m = 0;
  for (let p = 0; p < series.length; p++) {
    const x = series[p]!;
    if (!Number.isNaN(x) && (!filter || filter(p))) values[m++] = x;
  }
  if (m === 0) return { mean: NaN, probes: 0 };
  const sorted = values.subarray(0, m).sort(); // a typed array sorts numerically, natively
  const cut = trimmedAtEachEnd(m);
  let sum = 0;
  for (let k = cut; k < m - cut; k++) sum += sorted[k]!;
  return { mean: sum / (m - 2 * cut), probes: m };
}

const float32 = new Float32Array(1);
const float32Bits = new Uint32Array(float32.buffer);
/** Up to this many values, a value and its position are packed into one sortable key (2^52 < 2^53). */
const PACKED_POSITIONS = 2 ** 20;

/**
 * Positions of the values present (not NaN), in ascending order of value, ties by position. Values are
 * read as float32 (what the table holds), whose bits, flipped to sort as unsigned integers, and the
 * position fit in one double: one native numeric sort instead of a sort with a comparator.
 */
function argsortPresent(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  if (n >= PACKED_POSITIONS) {
    const present = Array.from({ length: n }, (_, k) => k).filter((k) => !Number.isNaN(values[k]!));
    return Int32Array.from(present.sort((x, y) => values[x]! - values[y]! || x - y));
  }
  const keys = new Float64Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    if (Number.isNaN(values[k]!)) continue;
    float32[0] = values[k]!;
    const bits = float32Bits[0]!;
    const sortable = (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;
    keys[m++] = sortable * PACKED_POSITIONS + k;
  }
  const sorted = keys.subarray(0, m).sort();
  return Int32Array.from(sorted, (key) => key % PACKED_POSITIONS);
}

/**
 * One series read by many bootstrap draws: its values sorted once, so that the trimmed mean of each
 * resample (each value counted as often as the draw picked its probe) takes one pass, not a sort.
 */
export class ResampledTrimmedMean {
  /** Positions of the values present, in ascending order of value. */
  private readonly order: Int32Array;
  private readonly sorted: Float64Array;
  /** The values in probe order, 0 where missing (never counted there: see `present`). */
  private readonly values: Float64Array;
  private readonly present: Uint8Array;
  private readonly complete: boolean;

  /** `values[k]` is the series at the k-th probe a draw picks from (float32 values); NaN where it has none. */
  constructor(values: ArrayLike<number>) {
    const n = values.length;
    this.values = new Float64Array(n);
    this.present = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const x = values[k]!;
      if (Number.isNaN(x)) continue;
      this.values[k] = x;
      this.present[k] = 1;
    }
    this.order = argsortPresent(values);
    this.sorted = Float64Array.from(this.order, (k) => this.values[k]!);
    this.complete = this.order.length === n;
  }

  /**
   * The trimmed mean when probe k is drawn `counts[offset + k]` times, `drawn` draws in all; NaN when no
   * drawn probe has a value. The weighted sum of every drawn value, less the lowest and highest `cut`
   * of them: the sum a plain pass, the tails short walks along the sorted values.
   */
  of(counts: Uint16Array, offset: number, drawn: number): number {
    const { order, sorted, values, present } = this;
    const n = values.length;
    let total = drawn;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    if (this.complete) {
      // Four running sums let the CPU overlap the multiply-adds (the hot loop of every interval).
      let k = 0;
      for (; k + 3 < n; k += 4) {
        s0 += counts[offset + k]! * values[k]!;
        s1 += counts[offset + k + 1]! * values[k + 1]!;
        s2 += counts[offset + k + 2]! * values[k + 2]!;
        s3 += counts[offset + k + 3]! * values[k + 3]!;
      }
      for (; k < n; k++) s0 += counts[offset + k]! * values[k]!;
    } else {
      total = 0;
      for (let k = 0; k < n; k++) {
        const c = counts[offset + k]! * present[k]!;
        total += c;
        s0 += c * values[k]!;
      }
    }
    if (total === 0) return NaN;
    let sum = s0 + s1 + s2 + s3;
    const cut = trimmedAtEachEnd(total);
    let left = cut;
    for (let i = 0; left > 0; i++) {
      const c = counts[offset + order[i]!]!;
      const used = Math.min(c, left);
      sum -= used * sorted[i]!;
      left -= used;
    }
    left = cut;
    for (let i = order.length - 1; left > 0; i--) {
      const c = counts[offset + order[i]!]!;
      const used = Math.min(c, left);
      sum -= used * sorted[i]!;
      left -= used;
    }
    return sum / (total - 2 * cut);
  }
}
