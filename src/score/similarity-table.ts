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
 * (values[pair * probes + p], NaN where the pair has no value); `viewMeans` holds each view's mean
 * standardised similarity per pair (values[pair * views + v]).
 */
export interface SimilarityTable {
  models: readonly string[];
  probes: readonly ProbeRef[];
  views: readonly ViewRef[];
  fused: Float32Array;
  raw: Float32Array;
  viewMeans: Float64Array;
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
export function tableViews(inputs: readonly ViewVectors[]): { views: ViewRef[]; blocks: VectorBlock[][] } {
  const blocks = inputs.map((input) => {
    const dimension = input.cells.flat().find((cell) => cell?.length)?.[0]?.length ?? 0;
    return blocksOf(input, dimension);
  });
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
      for (let i = 0; i < n; i++) {
        const u = cells[i];
        if (!u?.live[b]) continue;
        for (let j = i + 1; j < n; j++) {
          const w = cells[j];
          if (!w?.live[b]) continue;
          let d0 = 0;
          let d1 = 0;
          let k = start;
          for (; k + 1 < end; k += 2) {
            d0 += u.vector[k]! * w.vector[k]!;
            d1 += u.vector[k + 1]! * w.vector[k + 1]!;
          }
          if (k < end) d0 += u.vector[k]! * w.vector[k]!;
          out[base + pairIndex(n, i, j)] = d0 + d1;
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
  private readonly viewSum: Float64Array;
  private readonly viewCount: Uint32Array;
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
    this.viewSum = new Float64Array(this.pairs * views.length);
    this.viewCount = new Uint32Array(this.pairs * views.length);
    this.zSum = new Float64Array(this.pairs);
    this.rawSum = new Float64Array(this.pairs);
    this.count = new Uint16Array(this.pairs);
  }

  /** Adds probe p's similarities (from `probeSimilarities`); p must be the next probe. */
  add(p: number, similarities: Float64Array): void {
    if (p !== this.next) throw new Error(`probe ${p} added out of order (expected ${this.next})`);
    this.next++;
    const { pairs, zSum, rawSum, count, viewSum, viewCount } = this;
    const V = this.views.length;
    const P = this.probes.length;
    zSum.fill(0);
    rawSum.fill(0);
    count.fill(0);
    for (let v = 0; v < V; v++) {
      const base = v * pairs;
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
        viewSum[k * V + v]! += z;
        viewCount[k * V + v]!++;
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
    const viewMeans = new Float64Array(this.pairs * V).fill(NaN);
    for (let k = 0; k < this.pairs * V; k++) if (this.viewCount[k]! > 0) viewMeans[k] = this.viewSum[k]! / this.viewCount[k]!;
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
  const start = pairIndex(table.models.length, a, b) * P;
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

/**
 * F(a,b) for every pair, the mean fused similarity over shared probes (those `filter` keeps): an
 * n × n matrix, NaN on the diagonal and where a pair shares no probe.
 */
export function pairMeans(table: SimilarityTable, filter?: (probe: number) => boolean): Float64Array {
  const n = table.models.length;
  const F = new Float64Array(n * n).fill(NaN);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) F[i * n + j] = F[j * n + i] = seriesMean(pairSeries(table, i, j), filter).mean;
  }
  return F;
}

/** Bumped whenever the table's content or layout changes, so an older cached table is never read. */
export const TABLE_FORMAT = 1;

interface TableHeader {
  format: number;
  models: readonly string[];
  probes: readonly ProbeRef[];
  views: readonly ViewRef[];
}

/** The table as a JSON header and one buffer of numbers (fused, raw, view means), for a cache. */
export function encodeTable(table: SimilarityTable): { header: string; body: Uint8Array } {
  const header: TableHeader = { format: TABLE_FORMAT, models: table.models, probes: table.probes, views: table.views };
  const body = new Uint8Array(table.fused.byteLength + table.raw.byteLength + table.viewMeans.byteLength);
  let offset = 0;
  for (const part of [table.fused, table.raw, table.viewMeans]) {
    body.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
    offset += part.byteLength;
  }
  return { header: JSON.stringify(header), body };
}

/** The table back from `encodeTable`'s output; undefined when it does not fit (another format, a damaged entry). */
export function decodeTable(headerText: string, body: Uint8Array): SimilarityTable | undefined {
  let header: TableHeader;
  try {
    header = JSON.parse(headerText) as TableHeader;
  } catch {
    return undefined;
  }
  if (header.format !== TABLE_FORMAT) return undefined;
  const pairs = pairCount(header.models.length);
  const cells = pairs * header.probes.length;
  const sizes = [cells * 4, cells * 4, pairs * header.views.length * 8];
  if (body.byteLength !== sizes[0]! + sizes[1]! + sizes[2]!) return undefined;
  // A typed array needs memory aligned to its element size: a view where the buffer allows it, else a
  // copy (a small buffer read from SQLite may sit anywhere in a shared pool).
  const part = <T>(start: number, length: number, make: (buffer: ArrayBuffer, offset: number, count: number) => T, size: number): T => {
    const offset = body.byteOffset + start;
    if (offset % 8 === 0) return make(body.buffer as ArrayBuffer, offset, length / size);
    const copy = new Uint8Array(length);
    copy.set(body.subarray(start, start + length));
    return make(copy.buffer, 0, length / size);
  };
  const f32 = (b: ArrayBuffer, o: number, n: number) => new Float32Array(b, o, n);
  return {
    models: header.models,
    probes: header.probes,
    views: header.views,
    fused: part(0, sizes[0]!, f32, 4),
    raw: part(sizes[0]!, sizes[1]!, f32, 4),
    viewMeans: part(sizes[0]! + sizes[1]!, sizes[2]!, (b, o, n) => new Float64Array(b, o, n), 8),
  };
}
