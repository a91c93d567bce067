import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pairLabelsSchema, type PairLabels } from '../../src/score/index.js';

/** The shared AlpacaEval development outputs, read in place (never copied into the project). */
export const ALPACA_DEV_DIR = resolve(__dirname, '../../../shared/alpaca-dev');
export const ALPACA_DEV_PRESENT = existsSync(join(ALPACA_DEV_DIR, 'labels.json'));
export const ALPACA_DEV_SKIP_REASON = `../shared/alpaca-dev not found at ${ALPACA_DEV_DIR}: skipping tests on the real dev data`;

export function alpacaDevFiles(): string[] {
  return readdirSync(ALPACA_DEV_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'labels.json')
    .sort()
    .map((f) => join(ALPACA_DEV_DIR, f));
}

export function alpacaDevLabels(): PairLabels {
  return pairLabelsSchema.parse(JSON.parse(readFileSync(join(ALPACA_DEV_DIR, 'labels.json'), 'utf8')));
}
