import { calibratedScore } from './calibrate.js';
import type { ScoringSpace } from './space.js';
import { dot } from './vector-math.js';

/** Every pair of a population, scored once: the centred and raw similarity and the probes shared. */
export interface PairTable {
  centred: number[][];
  raw: number[][];
  probes: number[][];
}

/**
 * Probe by probe, so that one probe's vectors (models × dimension) stay in cache while every pair
 * is formed: pair by pair would stream the whole store through memory once per pair.
 * Gives the same numbers as `pairSimilarity` for each pair.
 */
export function pairTable(space: ScoringSpace, probeFilter?: (probe: number) => boolean): PairTable {
  const n = space.models.length;
  const square = (fill: number) => Array.from({ length: n }, () => new Float64Array(n).fill(fill));
  const centredSum = square(0);
  const rawSum = square(0);
  const shared = square(0);
  for (let p = 0; p < space.probes.length; p++) {
    if (probeFilter && !probeFilter(p)) continue;
    for (let i = 0; i < n; i++) {
      const u = space.centred[i]![p];
      if (!u) continue;
      const r = space.raw[i]![p]!;
      for (let j = i + 1; j < n; j++) {
        const v = space.centred[j]![p];
        if (!v) continue;
        centredSum[i]![j]! += dot(u, v);
        rawSum[i]![j]! += dot(r, space.raw[j]![p]!);
        shared[i]![j]!++;
      }
    }
  }
  const table: PairTable = { centred: [], raw: [], probes: [] };
  for (let i = 0; i < n; i++) {
    table.centred.push(new Array<number>(n).fill(NaN));
    table.raw.push(new Array<number>(n).fill(NaN));
    table.probes.push(new Array<number>(n).fill(0));
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const count = shared[i]![j]!;
      if (count === 0) continue;
      table.centred[i]![j] = table.centred[j]![i] = centredSum[i]![j]! / count;
      table.raw[i]![j] = table.raw[j]![i] = rawSum[i]![j]! / count;
      table.probes[i]![j] = table.probes[j]![i] = count;
    }
  }
  return table;
}

/** Calibrated score of (a, b) against the given reference models, from a precomputed table. */
export function calibrated(table: PairTable, a: number, b: number, references: readonly number[]): number | null {
  return calibratedScore((i, j) => table.centred[i]![j]!, a, b, references);
}
