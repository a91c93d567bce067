import { blockUnitMean, blocksOf, type ProbeRef, type ViewVectors } from './views.js';

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

/**
 * Builds the table from one or more embedders' vectors of the same models and probes. Probe by probe,
 * so one probe's vectors (models × dimension) stay in cache while every pair is formed, and memory
 * beyond the table is one probe's worth. Sums run in model and probe order: the same input gives the
 * same table, bit for bit.
 */
export function buildSimilarityTable(inputs: readonly ViewVectors[]): SimilarityTable {
  const first = inputs[0];
  if (!first) throw new Error('no views to score');
  const models = first.models;
  const probes = first.probes;
  const n = models.length;
  const P = probes.length;
  const pairs = pairCount(n);
  const layouts = inputs.map((input) => {
    const dimension = input.cells.flat().find((cell) => cell?.length)?.[0]?.length ?? 0;
    return blocksOf(input, dimension);
  });
  const views: ViewRef[] = inputs.flatMap((input, e) =>
    layouts[e]!.map((b) => ({ view: input.blocks.length > 0 ? `${input.view}:${b.name}` : input.view, embedder: input.embedderId })),
  );
  const V = views.length;
  const fused = new Float32Array(pairs * P).fill(NaN);
  const raw = new Float32Array(pairs * P).fill(NaN);
  const viewSum = new Float64Array(pairs * V);
  const viewCount = new Uint32Array(pairs * V);
  const zSum = new Float64Array(pairs);
  const rawSum = new Float64Array(pairs);
  const count = new Uint16Array(pairs);
  const s = new Float64Array(pairs);

  for (let p = 0; p < P; p++) {
    zSum.fill(0);
    rawSum.fill(0);
    count.fill(0);
    let viewBase = 0;
    inputs.forEach((input, e) => {
      const blocks = layouts[e]!;
      const cells = input.cells.map((row) => {
        const samples = row[p];
        return samples && samples.length > 0 ? blockUnitMean(samples, blocks) : undefined;
      });
      blocks.forEach(({ start, end }, b) => {
        const v = viewBase + b;
        s.fill(NaN);
        let sum = 0;
        let sumSq = 0;
        let defined = 0;
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
            const x = d0 + d1;
            s[pairIndex(n, i, j)] = x;
            sum += x;
            sumSq += x * x;
            defined++;
          }
        }
        if (defined < 2) return; // one pair has no spread to standardise by
        const mean = sum / defined;
        const sd = Math.sqrt(Math.max(0, (sumSq - sum * mean) / (defined - 1)));
        if (!(sd > 1e-12)) return; // every pair alike on this probe: it tells nothing apart
        for (let k = 0; k < pairs; k++) {
          const x = s[k]!;
          if (Number.isNaN(x)) continue;
          const z = (x - mean) / sd;
          zSum[k]! += z;
          rawSum[k]! += x;
          count[k]!++;
          viewSum[k * V + v]! += z;
          viewCount[k * V + v]!++;
        }
      });
      viewBase += blocks.length;
    });
    for (let k = 0; k < pairs; k++) {
      const c = count[k]!;
      if (c === 0) continue;
      fused[k * P + p] = zSum[k]! / c;
      raw[k * P + p] = rawSum[k]! / c;
    }
  }
  const viewMeans = new Float64Array(pairs * V).fill(NaN);
  for (let k = 0; k < pairs * V; k++) if (viewCount[k]! > 0) viewMeans[k] = viewSum[k]! / viewCount[k]!;
  return { models, probes, views, fused, raw, viewMeans };
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
