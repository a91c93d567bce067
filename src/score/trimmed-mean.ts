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

let present = new Float64Array(1024);

/**
 * The trimmed mean of a series over the probes it has a value for (and `filter` keeps); NaN when none.
 * The values a trim keeps are found by selection, not a sort: two partitions put the lowest `cut` before
 * and the highest `cut` after them (a table build trims every pair in every view, tens of thousands of series).
 */
export function trimmedSeriesMean(series: ArrayLike<number>, filter?: (probe: number) => boolean): { mean: number; probes: number } {
  const n = series.length;
  if (present.length < n) present = new Float64Array(n * 2);
  const values = present;
  let m = 0;
  for (let k = 0; k < n; k++) {
    const x = series[k]!;
    if (Number.isNaN(x) || (filter && !filter(k))) continue;
    values[m++] = x;
  }
  if (m === 0) return { mean: NaN, probes: 0 };
  const cut = trimmedAtEachEnd(m);
  if (cut > 0) {
    select(values, 0, m - 1, cut);
    select(values, cut, m - 1, m - cut - 1);
  }
  let sum = 0;
  for (let i = cut; i < m - cut; i++) sum += values[i]!;
  return { mean: sum / (m - 2 * cut), probes: m };
}

/**
 * Puts the k-th smallest of values[left..right] at k, none larger before it and none smaller after
 * (Hoare's selection, median-of-three pivots; deterministic, so the same series always gives the same sum).
 */
function select(values: Float64Array, left: number, right: number, k: number): void {
  const swap = (i: number, j: number) => {
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  };
  while (right > left) {
    const mid = (left + right) >>> 1;
    if (values[mid]! < values[left]!) swap(left, mid);
    if (values[right]! < values[left]!) swap(left, right);
    if (values[right]! < values[mid]!) swap(mid, right);
    const pivot = values[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        swap(i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

// Scratch space of the sort, grown as needed: a scoring job sorts thousands of series.
let asFloat32 = new Float32Array(1024);
let keysA = new Uint32Array(1024);
let keysB = new Uint32Array(1024);
let positionsA = new Int32Array(1024);
let positionsB = new Int32Array(1024);
const histogram = new Uint32Array(4 * 256);

/**
 * Positions of the values present (not NaN), in ascending order of value, ties in
 * order of position. Values are read as float32 (what the table holds), whose bits, flipped, sort as
 * unsigned integers: a radix sort, four passes of eight bits, several times faster than a comparison
 * sort of the same 800 values (and stable, which orders the ties).
 */
export function argsortPresent(values: ArrayLike<number>): Int32Array {
  return sortPresent(values).slice();
}

/** The same, as a view of the sort's scratch space: read it before the next sort. */
function sortPresent(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  if (asFloat32.length < n) {
    asFloat32 = new Float32Array(n * 2);
    keysA = new Uint32Array(n * 2);
    keysB = new Uint32Array(n * 2);
    positionsA = new Int32Array(n * 2);
    positionsB = new Int32Array(n * 2);
  }
  const bits = new Uint32Array(asFloat32.buffer, 0, n);
  histogram.fill(0);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const x = values[k]!;
    if (Number.isNaN(x)) continue;
    asFloat32[k] = x + 0; // -0 reads as 0, as a comparison would
    const b = bits[k]!;
    const key = (b & 0x80000000 ? ~b : b | 0x80000000) >>> 0;
    keysA[m] = key;
    positionsA[m++] = k;
    histogram[key & 255]!++;
    histogram[256 + ((key >>> 8) & 255)]!++;
    histogram[512 + ((key >>> 16) & 255)]!++;
    histogram[768 + (key >>> 24)]!++;
  }
  let keys = keysA;
  let positions = positionsA;
  let keysTo = keysB;
  let positionsTo = positionsB;
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 256;
    const shift = pass * 8;
    let sum = 0;
    for (let digit = 0; digit < 256; digit++) {
      const count = histogram[base + digit]!;
      histogram[base + digit] = sum;
      sum += count;
    }
    for (let j = 0; j < m; j++) {
      const key = keys[j]!;
      const at = histogram[base + ((key >>> shift) & 255)]!++;
      keysTo[at] = key;
      positionsTo[at] = positions[j]!;
    }
    [keys, keysTo] = [keysTo, keys];
    [positions, positionsTo] = [positionsTo, positions];
  }
  return positions.subarray(0, m);
}

/**
 * One series read by many bootstrap draws: its values sorted once, so that the trimmed mean of each
 * resample (each value counted as often as the draw picked its probe) takes one pass, not a sort.
 */
export class ResampledTrimmedMean {
  /** The values in probe order, 0 where missing (never counted there: see `present`). */
  private values = new Float64Array(0);
  private present = new Uint8Array(0);
  /** Positions of the values present, in ascending order of value, and the values in that order. */
  private order = new Int32Array(0);
  private sorted = new Float64Array(0);
  /** How many values are present, and whether that is all of them. */
  private count = 0;
  private complete = false;

  /** The series (float32, as the table holds it; NaN where missing) at each probe a draw picks from. */
  constructor(series?: ArrayLike<number>, probes?: readonly number[]) {
    if (series && probes) this.load(series, probes);
  }

  /**
   * Read another series (over the same or other probes), reusing this one's buffers: a ranking
   * resamples tens of thousands of series, and allocating four arrays for each cost as much as
   * resampling it (profiled).
   */
  load(series: ArrayLike<number>, probes: readonly number[]): this {
    const n = probes.length;
    if (this.values.length !== n) {
      this.values = new Float64Array(n);
      this.present = new Uint8Array(n);
      this.order = new Int32Array(n);
      this.sorted = new Float64Array(n);
    }
    const { values, present, order, sorted } = this;
    for (let k = 0; k < n; k++) values[k] = series[probes[k]!]!;
    const positions = sortPresent(values);
    const m = positions.length;
    order.set(positions);
    for (let i = 0; i < m; i++) sorted[i] = values[positions[i]!]!;
    for (let k = 0; k < n; k++) {
      const missing = Number.isNaN(values[k]!);
      present[k] = missing ? 0 : 1;
      if (missing) values[k] = 0;
    }
    this.count = m;
    this.complete = m === n;
    return this;
  }

  /**
   * The trimmed mean in each of `draws` bootstrap draws over this series' probes (draw d's counts at
   * `counts[d * n + k]`, n probes picked in each, as `bootstrapCounts` gives them). A complete series
   * walks the tails of four draws together, reading each sorted value once for all four: an interval's
   * resamples about a quarter cheaper than one draw at a time (`of`), with the same numbers.
   */
  ofDraws(counts: Uint16Array, draws: number): Float64Array {
    const n = this.values.length;
    const out = new Float64Array(draws);
    let d = 0;
    if (this.complete) {
      const { order, sorted } = this;
      const cut = trimmedAtEachEnd(n);
      const kept = n - 2 * cut;
      for (; d + 3 < draws; d += 4) {
        const o0 = d * n;
        const o1 = o0 + n;
        const o2 = o1 + n;
        const o3 = o2 + n;
        // Four draws' weighted sums in one pass: each value read once for all four.
        const values = this.values;
        let t0 = 0;
        let t1 = 0;
        let t2 = 0;
        let t3 = 0;
        for (let k = 0; k < n; k++) {
          const v = values[k]!;
          t0 += counts[o0 + k]! * v;
          t1 += counts[o1 + k]! * v;
          t2 += counts[o2 + k]! * v;
          t3 += counts[o3 + k]! * v;
        }
        for (const [from, step] of [
          [0, 1],
          [this.count - 1, -1],
        ] as const) {
          let l0 = cut;
          let l1 = cut;
          let l2 = cut;
          let l3 = cut;
          for (let i = from; (l0 | l1 | l2 | l3) > 0; i += step) {
            const p = order[i]!;
            const v = sorted[i]!;
            const u0 = Math.min(counts[o0 + p]!, l0);
            const u1 = Math.min(counts[o1 + p]!, l1);
            const u2 = Math.min(counts[o2 + p]!, l2);
            const u3 = Math.min(counts[o3 + p]!, l3);
            t0 -= u0 * v;
            t1 -= u1 * v;
            t2 -= u2 * v;
            t3 -= u3 * v;
            l0 -= u0;
            l1 -= u1;
            l2 -= u2;
            l3 -= u3;
          }
        }
        out[d] = t0 / kept;
        out[d + 1] = t1 / kept;
        out[d + 2] = t2 / kept;
        out[d + 3] = t3 / kept;
      }
    }
    for (; d < draws; d++) out[d] = this.of(counts, d * n);
    return out;
  }

  /** Every value of a complete series counted as often as the draw at `offset` picked it. */
  private completeSum(counts: Uint16Array, offset: number): number {
    const values = this.values;
    const n = values.length;
    // Four running sums let the CPU overlap the multiply-adds (the hot loop of every interval).
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let k = 0;
    for (; k + 3 < n; k += 4) {
      s0 += counts[offset + k]! * values[k]!;
      s1 += counts[offset + k + 1]! * values[k + 1]!;
      s2 += counts[offset + k + 2]! * values[k + 2]!;
      s3 += counts[offset + k + 3]! * values[k + 3]!;
    }
    for (; k < n; k++) s0 += counts[offset + k]! * values[k]!;
    return s0 + s1 + s2 + s3;
  }

  /**
   * The trimmed mean when probe k is drawn `counts[offset + k]` times (each draw picks as many probes as
   * the series has); NaN when no drawn probe has a value. The weighted sum of every drawn value, less
   * the lowest and highest `cut` of them, walked from either end of the sorted values.
   */
  of(counts: Uint16Array, offset: number): number {
    const { order, sorted, values, present } = this;
    const n = values.length;
    let total = n;
    let sum = 0;
    if (this.complete) sum = this.completeSum(counts, offset);
    else {
      total = 0;
      for (let k = 0; k < n; k++) {
        const c = counts[offset + k]! * present[k]!;
        total += c;
        sum += c * values[k]!;
      }
    }
    if (total === 0) return NaN;
    const cut = trimmedAtEachEnd(total);
    for (const [from, step] of [
      [0, 1],
      [this.count - 1, -1],
    ] as const) {
      for (let i = from, left = cut; left > 0; i += step) {
        const used = Math.min(counts[offset + order[i]!]!, left);
        sum -= used * sorted[i]!;
        left -= used;
      }
    }
    return sum / (total - 2 * cut);
  }
}
