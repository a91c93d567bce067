import { trimmedSeriesMean } from './trimmed-mean.js';
import { blockUnitMean, blocksOf, type ProbeRef, type VectorBlock, type ViewVectors } from './views.js';

/** A view of the table: one block of one embedder ("style:layout", or "minilm" for a whole vector). */
export interface ViewRef {
  view: string;
  embedder: string;
}

/**
 * Per-probe similarities of every pair of models, the one place where answers are compared.
 *
 *   s_{p,v}(a,b)  plain cosine of a's and b's answers to probe p in view v (mean over sample pairs);
 *                 no centring: subtracting the population's mean answer would remove exactly the
 *                 style a teacher shares with its many students
 *   f_p(a,b)      mean over the views of (s_{p,v}(a,b) − μ_{p,v}) / σ_{p,v}, with μ and σ the mean and
 *                 sd of s_{p,v} over every pair of the population: each probe and view gets unit scale,
 *                 so neither an open-ended probe nor a high-dimensional view drowns the others
 *
 * `fused` holds f and `raw` the plain cosine averaged over the views, both pair-major
 * (values[pair * probes + p], NaN where the pair has no value); `viewMeans` holds each view's
 * standardised similarity per pair, 10% trimmed over the probes as F is (values[pair * views + v]).
 */
export interface SimilarityTable {
  models: readonly string[];
  probes: readonly ProbeRef[];
  views: readonly ViewRef[];
  fused: Float32Array;
  raw: Float32Array;
  viewMeans: Float64Array;
  /**
   * The pairs whose series are present when only some were read (a warm compare reads the pairs of its
   * two models, not all of them); absent when all are. Reading another pair's series is an error.
   */
  loaded?: ReadonlySet<number>;
}

/** Index of the unordered pair {i, j}, i ≠ j, among n models (row-major upper triangle). */
export function pairIndex(n: number, i: number, j: number): number {
  const a = Math.min(i, j);
  const b = Math.max(i, j);
  return (a * (2 * n - a - 1)) / 2 + (b - a - 1);
}

export const pairCount = (n: number): number => (n * (n - 1)) / 2;

/** One embedder's answers to one probe: per model its sample vectors (absent where it did not answer). */
export interface ProbeCells {
  blocks: readonly VectorBlock[];
  cells: ReadonlyArray<readonly Float32Array[] | undefined>;
}

/** The views a set of embedders' vectors gives (one per block), and each input's blocks. */
export function tableViews(inputs: readonly ViewVectors[]): TableLayout {
  return tableLayout(inputs.map((input) => ({ ...input, dimension: input.cells.flat().find((cell) => cell?.length)?.[0]?.length ?? 0 })));
}

/** The views of a table and each input's blocks. */
export interface TableLayout {
  views: ViewRef[];
  blocks: VectorBlock[][];
}

/** The same from what each input is (name, id, blocks and dimension), before any vector is read. */
export function tableLayout(
  inputs: ReadonlyArray<Pick<ViewVectors, 'view' | 'embedderId' | 'blocks'> & { dimension: number }>,
): TableLayout {
  const blocks = inputs.map((input) => blocksOf(input, input.dimension));
  const views = inputs.flatMap((input, e) =>
    blocks[e]!.map((b) => ({ view: input.blocks.length > 0 ? `${input.view}:${b.name}` : input.view, embedder: input.embedderId })),
  );
  return { views, blocks };
}

/** The answers of every input to probe p, as `probeSimilarities` takes them. */
export function probeCells(inputs: readonly ViewVectors[], blocks: readonly VectorBlock[][], p: number): ProbeCells[] {
  return inputs.map((input, e) => ({ blocks: blocks[e]!, cells: input.cells.map((row) => row[p]) }));
}

/**
 * s_{p,v}(a,b) for one probe: the plain cosine of every pair's answers in every view (mean over sample
 * pairs), view-major (out[v * pairs + pair]), NaN where either model has no answer with a direction in
 * that view. The expensive part of a table, and independent across probes: it may run anywhere.
 */
export function probeSimilarities(inputs: readonly ProbeCells[], n: number): Float64Array {
  const pairs = pairCount(n);
  const V = inputs.reduce((sum, input) => sum + input.blocks.length, 0);
  const out = new Float64Array(V * pairs).fill(NaN);
  let viewBase = 0;
  for (const input of inputs) {
    const cells = input.cells.map((samples) => (samples && samples.length > 0 ? blockUnitMean(samples, input.blocks) : undefined));
    input.blocks.forEach(({ start, end }, b) => {
      const base = (viewBase + b) * pairs;
      const live: number[] = [];
      cells.forEach((cell, i) => cell?.live[b] && live.push(i));
      for (let x = 0; x < live.length; x++) {
        const i = live[x]!;
        const u = cells[i]!.vector;
        // Four partners at a time: each of u's values is read once for four products, which makes the
        // whole table (the costliest step of a first matrix) about 30% cheaper than pair by pair.
        let y = x + 1;
        for (; y + 3 < live.length; y += 4) {
          const w0 = cells[live[y]!]!.vector;
          const w1 = cells[live[y + 1]!]!.vector;
          const w2 = cells[live[y + 2]!]!.vector;
          const w3 = cells[live[y + 3]!]!.vector;
          let d0 = 0;
          let d1 = 0;
          let d2 = 0;
          let d3 = 0;
          for (let k = start; k < end; k++) {
            const e = u[k]!;
            d0 += e * w0[k]!;
            d1 += e * w1[k]!;
            d2 += e * w2[k]!;
            d3 += e * w3[k]!;
          }
          out[base + pairIndex(n, i, live[y]!)] = d0;
          out[base + pairIndex(n, i, live[y + 1]!)] = d1;
          out[base + pairIndex(n, i, live[y + 2]!)] = d2;
          out[base + pairIndex(n, i, live[y + 3]!)] = d3;
        }
        for (; y < live.length; y++) {
          const w = cells[live[y]!]!.vector;
          let d = 0;
          for (let k = start; k < end; k++) d += u[k]! * w[k]!;
          out[base + pairIndex(n, i, live[y]!)] = d;
        }
      }
    });
    viewBase += input.blocks.length;
  }
  return out;
}

/**
 * Turns per-probe similarities into a table: standardises each probe and view over its pairs and
 * accumulates. Probes must be added in order (0, 1, 2, …): the sums then run in the same order however
 * the similarities were computed, and the same input gives the same table, bit for bit.
 */
export class SimilarityTableBuilder {
  private readonly pairs: number;
  private readonly fused: Float32Array;
  private readonly raw: Float32Array;
  /**
   * Each view's standardised similarity, probe-major (values[(p * views + v) * pairs + k]: one probe's
   * writes are contiguous), trimmed per pair and view when the table is finished.
   */
  private readonly viewSeries: Float32Array;
  private readonly zSum: Float64Array;
  private readonly rawSum: Float64Array;
  private readonly count: Uint16Array;
  private next = 0;

  constructor(
    readonly models: readonly string[],
    readonly probes: readonly ProbeRef[],
    readonly views: readonly ViewRef[],
  ) {
    this.pairs = pairCount(models.length);
    const cells = this.pairs * probes.length;
    this.fused = new Float32Array(cells).fill(NaN);
    this.raw = new Float32Array(cells).fill(NaN);
    this.viewSeries = new Float32Array(cells * views.length);
    this.zSum = new Float64Array(this.pairs);
    this.rawSum = new Float64Array(this.pairs);
    this.count = new Uint16Array(this.pairs);
  }

  /** Adds probe p's similarities (from `probeSimilarities`); p must be the next probe. */
  add(p: number, similarities: Float64Array): void {
    if (p !== this.next) throw new Error(`probe ${p} added out of order (expected ${this.next})`);
    this.next++;
    const { pairs, zSum, rawSum, count, viewSeries } = this;
    const V = this.views.length;
    const P = this.probes.length;
    zSum.fill(0);
    rawSum.fill(0);
    count.fill(0);
    for (let v = 0; v < V; v++) {
      const base = v * pairs;
      const row = viewSeries.subarray((p * V + v) * pairs, (p * V + v + 1) * pairs);
      row.fill(NaN);
      let sum = 0;
      let sumSq = 0;
      let defined = 0;
      for (let k = 0; k < pairs; k++) {
        const x = similarities[base + k]!;
        if (Number.isNaN(x)) continue;
        sum += x;
        sumSq += x * x;
        defined++;
      }
      if (defined < 2) continue; // one pair has no spread to standardise by
      const mean = sum / defined;
      const sd = Math.sqrt(Math.max(0, (sumSq - sum * mean) / (defined - 1)));
      if (!(sd > 1e-12)) continue; // every pair alike on this probe: it tells nothing apart
      for (let k = 0; k < pairs; k++) {
        const x = similarities[base + k]!;
        if (Number.isNaN(x)) continue;
        const z = (x - mean) / sd;
        zSum[k]! += z;
        rawSum[k]! += x;
        count[k]!++;
        row[k] = z;
      }
    }
    for (let k = 0; k < pairs; k++) {
      const c = count[k]!;
      if (c === 0) continue;
      this.fused[k * P + p] = zSum[k]! / c;
      this.raw[k * P + p] = rawSum[k]! / c;
    }
  }

  finish(): SimilarityTable {
    if (this.next !== this.probes.length) throw new Error(`table finished after ${this.next} of ${this.probes.length} probes`);
    const V = this.views.length;
    const P = this.probes.length;
    // Each view averaged over the probes as the fused series is (a 10% trimmed mean), so that a view's
    // score describes the same average the headline score takes.
    // Read a block of pairs at a time into pair-major rows, so that the probe-major store is read in runs.
    const { pairs, viewSeries } = this;
    const viewMeans = new Float64Array(pairs * V); // every entry written below (NaN where a view has no value)
    const BLOCK = 64;
    const rows = new Float32Array(BLOCK * P);
    for (let k0 = 0; k0 < pairs; k0 += BLOCK) {
      const width = Math.min(BLOCK, pairs - k0);
      for (let v = 0; v < V; v++) {
        for (let p = 0; p < P; p++) {
          const from = (p * V + v) * pairs + k0;
          for (let i = 0; i < width; i++) rows[i * P + p] = viewSeries[from + i]!;
        }
        for (let i = 0; i < width; i++) viewMeans[(k0 + i) * V + v] = trimmedSeriesMean(rows.subarray(i * P, (i + 1) * P)).mean;
      }
    }
    return { models: this.models, probes: this.probes, views: this.views, fused: this.fused, raw: this.raw, viewMeans };
  }
}

/**
 * Builds the table from one or more embedders' vectors of the same models and probes, probe by probe
 * on this thread (see `probeSimilarities` for the part that can run elsewhere).
 */
export function buildSimilarityTable(inputs: readonly ViewVectors[]): SimilarityTable {
  const first = inputs[0];
  if (!first) throw new Error('no views to score');
  const { views, blocks } = tableViews(inputs);
  const builder = new SimilarityTableBuilder(first.models, first.probes, views);
  for (let p = 0; p < first.probes.length; p++) builder.add(p, probeSimilarities(probeCells(inputs, blocks, p), first.models.length));
  return builder.finish();
}

/** The per-probe series of a pair (a view into the table: do not modify). */
export function pairSeries(table: SimilarityTable, a: number, b: number, which: 'fused' | 'raw' = 'fused'): Float32Array {
  const P = table.probes.length;
  const k = pairIndex(table.models.length, a, b);
  if (table.loaded && !table.loaded.has(k)) throw new Error(`the pair ${table.models[a]} × ${table.models[b]} was not read from the table`);
  const start = k * P;
  return table[which].subarray(start, start + P);
}

/** Mean over the probes the pair shares (and `filter` keeps); NaN when there are none. */
export function seriesMean(series: Float32Array, filter?: (probe: number) => boolean): { mean: number; probes: number } {
  let sum = 0;
  let count = 0;
  for (let p = 0; p < series.length; p++) {
    const x = series[p]!;
    if (Number.isNaN(x) || (filter && !filter(p))) continue;
    sum += x;
    count++;
  }
  return { mean: count === 0 ? NaN : sum / count, probes: count };
}

/** The pairs that involve any of `models` (every pair with each of them): what a comparison of them reads. */
export function pairsInvolving(n: number, models: readonly number[]): number[] {
  const pairs = new Set<number>();
  for (const m of models) for (let x = 0; x < n; x++) if (x !== m) pairs.add(pairIndex(n, m, x));
  return [...pairs].sort((x, y) => x - y);
}

/** Bumped whenever the table's content or layout changes, so an older cached table is never read. */
export const TABLE_FORMAT = 3;

interface TableHeader {
  format: number;
  models: readonly string[];
  probes: readonly ProbeRef[];
  views: readonly ViewRef[];
}

/** A table stored in parts: a JSON header, the view means, and each pair's series (fused, then raw). */
export interface EncodedTable {
  header: string;
  viewMeans: Uint8Array;
  /** Pair k's series: P float32 fused similarities, then P float32 raw ones. */
  pair(k: number): Uint8Array;
  pairs: number;
}

const bytesOf = (array: Float32Array | Float64Array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

/** The table in parts, so a reader can fetch only the pairs it needs. */
export function encodeTable(table: SimilarityTable): EncodedTable {
  const header: TableHeader = { format: TABLE_FORMAT, models: table.models, probes: table.probes, views: table.views };
  const P = table.probes.length;
  return {
    header: JSON.stringify(header),
    viewMeans: bytesOf(table.viewMeans),
    pairs: pairCount(table.models.length),
    pair: (k) => {
      const out = new Uint8Array(8 * P);
      out.set(bytesOf(table.fused.subarray(k * P, (k + 1) * P)), 0);
      out.set(bytesOf(table.raw.subarray(k * P, (k + 1) * P)), 4 * P);
      return out;
    },
  };
}

/**
 * The table back from its parts: every pair, or (with `only`) just those pairs. Undefined when the parts
 * do not fit (another format, a damaged entry, a pair missing), so the caller builds the table again.
 */
export function decodeTable(
  headerText: string,
  viewMeans: Uint8Array,
  pairs: Iterable<readonly [number, Uint8Array]>,
  only?: readonly number[],
): SimilarityTable | undefined {
  let header: TableHeader;
  try {
    header = JSON.parse(headerText) as TableHeader;
  } catch {
    return undefined;
  }
  if (header.format !== TABLE_FORMAT) return undefined;
  const n = header.models.length;
  const P = header.probes.length;
  const count = pairCount(n);
  if (viewMeans.byteLength !== count * header.views.length * 8) return undefined;
  // Typed arrays need memory aligned to their element size: the numbers are copied out of SQLite's buffers.
  const means = new Float64Array(count * header.views.length);
  new Uint8Array(means.buffer).set(viewMeans);
  // Zero-filled and never written where a pair was not read: untouched pages cost no memory.
  const fused = new Float32Array(count * P);
  const raw = new Float32Array(count * P);
  const fusedBytes = new Uint8Array(fused.buffer);
  const rawBytes = new Uint8Array(raw.buffer);
  const seen = new Set<number>();
  for (const [k, body] of pairs) {
    if (!(k >= 0 && k < count) || body.byteLength !== 8 * P) return undefined;
    fusedBytes.set(body.subarray(0, 4 * P), k * 4 * P);
    rawBytes.set(body.subarray(4 * P), k * 4 * P);
    seen.add(k);
  }
  const wanted = only ?? Array.from({ length: count }, (_, k) => k);
  if (wanted.some((k) => !seen.has(k))) return undefined;
  return {
    models: header.models,
    probes: header.probes,
    views: header.views,
    fused,
    raw,
    viewMeans: means,
    ...(only && only.length < count ? { loaded: new Set(only) } : {}),
  };
}
