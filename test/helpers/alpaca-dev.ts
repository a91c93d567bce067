import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pairLabelsSchema, type PairLabels } from '../../src/score/index.js';
import { BENCH_DIR, DEV_DIR, datasetFiles, datasetLabels, datasetPresent, devFiles, devLabels } from '../../bench/dev-data.js';

/** The shared AlpacaEval development outputs, read in place (never copied into the project). */
export const ALPACA_DEV_DIR = DEV_DIR;
export const ALPACA_DEV_PRESENT = existsSync(join(DEV_DIR, 'labels.json'));
export const ALPACA_DEV_SKIP_REASON = `../shared/alpaca-dev not found at ${DEV_DIR}: skipping tests on the real dev data`;

export const alpacaDevFiles = devFiles;

export function alpacaDevLabels(): PairLabels {
  return pairLabelsSchema.parse(devLabels());
}

/** The accuracy benchmark's 44 models, read in place like the dev outputs. */
export const ALPACA_BENCH_PRESENT = datasetPresent(BENCH_DIR);
export const ALPACA_BENCH_SKIP_REASON = `../shared/alpaca-bench not found at ${BENCH_DIR}: skipping the accuracy floor on it`;
export const alpacaBenchFiles = (): string[] => datasetFiles(BENCH_DIR);
export const alpacaBenchLabels = (): PairLabels => pairLabelsSchema.parse(datasetLabels(BENCH_DIR));
