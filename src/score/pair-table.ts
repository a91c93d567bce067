import { calibratedScore } from './calibrate.js';
import { pairSimilarity, type ScoringSpace } from './space.js';

/** Every pair of a population, scored once: the centred and raw similarity and the probes shared. */
export interface PairTable {
  centred: number[][];
  raw: number[][];
  probes: number[][];
}

export function pairTable(space: ScoringSpace, probeFilter?: (probe: number) => boolean): PairTable {
  const n = space.models.length;
  const square = (fill: number) => Array.from({ length: n }, () => new Array<number>(n).fill(fill));
  const table: PairTable = { centred: square(NaN), raw: square(NaN), probes: square(0) };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const pair = pairSimilarity(space, i, j, probeFilter ? { probeFilter } : {});
      table.centred[i]![j] = table.centred[j]![i] = pair.centred;
      table.raw[i]![j] = table.raw[j]![i] = pair.raw;
      table.probes[i]![j] = table.probes[j]![i] = pair.probes;
    }
  }
  return table;
}

/** Calibrated score of (a, b) against the given reference models, from a precomputed table. */
export function calibrated(table: PairTable, a: number, b: number, references: readonly number[]): number | null {
  return calibratedScore((i, j) => table.centred[i]![j]!, a, b, references);
}
